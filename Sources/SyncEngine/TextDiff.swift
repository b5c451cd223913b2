import DiffMatchPatch
import EditorCore
import Synchronization

/// The change that turns one text into another, found by diffing: how a `ClientDocument` turns the editor's
/// buffer into a change without tracking keystrokes.
///
/// First the common prefix and suffix are skipped on the rope (cheap: shared subtrees are not even read), then
/// only the middle is diffed with diff-match-patch, deterministically. A middle longer than
/// `maxDiffedLength` scalars (old plus new) is diffed line by line first, within `longMiddleRounds` bisection
/// rounds: two edits far apart (typed between two ticks) stay two small edits instead of one replacement of
/// everything between them, and a large replacement costs bounded work (past the limit the change is coarser, never
/// inexact). The limit counts work, not time, so the result is deterministic and does not coarsen on a busy machine.
public enum TextDiff {
    /// The longest middle (old plus new scalars) diffed character by character without a time limit.
    public static let maxDiffedLength = 20_000
    /// The work limit of diffing a longer middle (line mode first), in diff-match-patch bisection rounds.
    public static let longMiddleRounds = 4_096

    /// The change from `old` to `new`: `change.apply(to: old) == new`, `baseLength == old.scalarCount`.
    ///
    /// When the texts are equal the result is the identity (`isIdentity`).
    public static func change(from old: TextBuffer, to new: TextBuffer) -> ChangeSet {
        let oldCount = old.scalarCount
        let newCount = new.scalarCount
        let prefix = old.commonPrefixLength(with: new)
        var change = ChangeSet()
        if prefix == oldCount && prefix == newCount {
            change.retain(prefix)
            return change
        }
        let suffix = min(old.commonSuffixLength(with: new), oldCount - prefix, newCount - prefix)
        let oldMiddle = prefix..<oldCount - suffix
        let newMiddle = prefix..<newCount - suffix
        let diffs = middleDiffs(old, oldMiddle, new, newMiddle)
        change.reserveCapacity(diffs.count + 2)
        change.retain(prefix)
        for diff in diffs {
            switch diff.operation {
            case .equal: change.retain(diff.text.unicodeScalars.count)
            case .delete: change.delete(diff.text.unicodeScalars.count)
            case .insert: change.insert(diff.text)
            }
        }
        change.retain(suffix)
        return change
    }

    /// The change from `old` to `new` given as strings.
    public static func change(from old: String, to new: String) -> ChangeSet {
        change(from: TextBuffer(old), to: TextBuffer(new))
    }

    /// The diff of two middles that share no prefix or suffix.
    private static func middleDiffs(
        _ old: TextBuffer, _ oldRange: Range<Int>, _ new: TextBuffer, _ newRange: Range<Int>
    ) -> [Diff] {
        if oldRange.isEmpty { return [Diff(.insert, new.substring(newRange))] }
        if newRange.isEmpty { return [Diff(.delete, old.substring(oldRange))] }
        if oldRange.count + newRange.count > maxDiffedLength {
            return workBounded().diff(old.scalarArray(oldRange), new.scalarArray(newRange), checkLines: true)
        }
        return deterministic.diff(old.scalarArray(oldRange), new.scalarArray(newRange), checkLines: false)
    }

    /// diff-match-patch without a time limit, so that the same texts always give the same diff.
    static let deterministic = DiffMatchPatch(diffTimeout: 0)
    /// diff-match-patch for one long middle, limited to `longMiddleRounds`: its clock counts its own readings (it
    /// reads the clock once every 16 bisection rounds), so its "timeout" is a number of rounds.
    private static func workBounded() -> DiffMatchPatch {
        let readings = ClockReadings()
        return DiffMatchPatch(diffTimeout: Double(longMiddleRounds / 16), clock: DiffClock { readings.next() })
    }
}

/// A counter standing in for a clock: each reading is one more than the last.
private final class ClockReadings: Sendable {
    private let count = Atomic<Int>(0)

    func next() -> Double {
        Double(count.add(1, ordering: .relaxed).newValue)
    }
}
