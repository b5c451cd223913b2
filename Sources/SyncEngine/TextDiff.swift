import DiffMatchPatch
import EditorCore

/// The change that turns one text into another, found by diffing: how a `ClientDocument` turns the editor's
/// buffer into a change without tracking keystrokes.
///
/// First the common prefix and suffix are skipped on the rope (cheap: shared subtrees are not even read), then
/// only the middle is diffed with diff-match-patch, deterministically (no time limit). A middle longer than
/// `maxDiffedLength` scalars (old plus new) is diffed line by line first, within `longMiddleTimeout` seconds: two
/// edits far apart (typed between two ticks) stay two small edits instead of one replacement of everything between
/// them, and a large replacement costs a bounded time (past the limit the change is coarser, never inexact).
public enum TextDiff {
    /// The longest middle (old plus new scalars) diffed character by character without a time limit.
    public static let maxDiffedLength = 20_000
    /// The time limit, in seconds, of diffing a longer middle (line mode first).
    public static let longMiddleTimeout = 0.05

    /// The change from `old` to `new`: `change.apply(to: old) == new`, `baseLength == old.scalarCount`.
    ///
    /// When the texts are equal the result is the identity (`isIdentity`).
    public static func change(from old: TextBuffer, to new: TextBuffer) -> ChangeSet {
        let oldCount = old.scalarCount
        let newCount = new.scalarCount
        let prefix = old.commonPrefixLength(with: new)
        var change = ChangeSet()
        change.retain(prefix)
        if prefix == oldCount && prefix == newCount { return change }
        let suffix = min(old.commonSuffixLength(with: new), oldCount - prefix, newCount - prefix)
        let oldMiddle = prefix..<oldCount - suffix
        let newMiddle = prefix..<newCount - suffix
        for diff in middleDiffs(old, oldMiddle, new, newMiddle) {
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
            return bounded.diff(old.scalarArray(oldRange), new.scalarArray(newRange), checkLines: true)
        }
        return deterministic.diff(old.scalarArray(oldRange), new.scalarArray(newRange), checkLines: false)
    }

    /// diff-match-patch without a time limit, so that the same texts always give the same diff.
    static let deterministic = DiffMatchPatch(diffTimeout: 0)
    /// diff-match-patch for long middles: line mode first, at most `longMiddleTimeout` seconds.
    static let bounded = DiffMatchPatch(diffTimeout: longMiddleTimeout)
}
