import EditorCore

/// One past version of the document, as the shell's history source answers `Editor.historyRequest`.
///
/// The editor model does no I/O: the shell reads the journal (host) or asks the host (joiner) and hands the answer
/// to `Editor.showHistoryRevision(_:)`. Offsets and counts are Unicode scalars.
public struct HistoryRevision: Equatable, Sendable {
    /// The revision shown (`firstRevision...latestRevision`).
    public var revision: Int
    /// The oldest revision the history holds (0, unless the history started in the middle of a session).
    public var firstRevision: Int
    /// The newest revision when this answer was made.
    public var latestRevision: Int
    /// Who made the revision; nil for `firstRevision` (the text the history starts from).
    public var authorName: String?
    /// When, in the user's local time as the shell formats it (e.g. `2026-11-21 09:14`).
    public var timeText: String
    /// The change from `revision - 1` to `revision` (nil for `firstRevision`); its target length is `text`'s.
    public var change: ChangeSet?
    /// The document's text at `revision`.
    public var text: TextBuffer
    /// Why restoring this version is refused (e.g. a read-only guest), nil when it is allowed.
    public var restoreRefusal: String?

    public init(
        revision: Int, firstRevision: Int, latestRevision: Int, authorName: String?, timeText: String,
        change: ChangeSet?, text: TextBuffer, restoreRefusal: String? = nil
    ) {
        self.revision = revision
        self.firstRevision = firstRevision
        self.latestRevision = latestRevision
        self.authorName = authorName
        self.timeText = timeText
        self.change = change
        self.text = text
        self.restoreRefusal = restoreRefusal
    }

    /// Scalars the revision inserted and deleted (0 and 0 for the first revision).
    public var size: (inserted: Int, deleted: Int) {
        var inserted = 0
        var deleted = 0
        for operation in change?.operations ?? [] {
            switch operation {
            case .insert(let text): inserted += text.unicodeScalars.count
            case .delete(let count): deleted += count
            case .retain: break
            }
        }
        return (inserted, deleted)
    }
}

/// What the history view asks its source for.
public enum HistoryRequest: Hashable, Sendable {
    /// The newest revision (when the view opens: the source knows how many there are, the model does not).
    case latest
    /// This revision; the source clamps it to the history it holds.
    case revision(Int)
}

/// The lines of a revision's text that its change touched, for highlighting.
///
/// `changed` holds the lines (0-based, in the text **after** the change) containing inserted scalars;
/// `deletions` the lines where scalars were deleted without anything inserted on that line. Both sorted, without
/// duplicates. A change that only deletes a whole line marks the line that follows the deletion point.
struct ChangedLines: Hashable, Sendable {
    private(set) var changed: [Int] = []
    private(set) var deletions: [Int] = []

    /// The mark of each kind on one line.
    enum Mark: Hashable, Sendable {
        /// The line holds inserted text.
        case changed
        /// Text was deleted at this line (and nothing inserted on it).
        case deletion
    }

    init() {}

    /// The lines of `text` (the result of `change`) that `change` touched. Cost O(operations × log n).
    ///
    /// Precondition: `change.targetLength == text.scalarCount` (else the result is empty).
    init(change: ChangeSet, text: TextBuffer) {
        guard change.targetLength == text.scalarCount else { return }
        var position = 0
        var changedSet: [Int] = []
        var deletionSet: [Int] = []
        for operation in change.operations {
            switch operation {
            case .retain(let count):
                position += count
            case .insert(let inserted):
                let count = inserted.unicodeScalars.count
                guard count > 0 else { continue }
                let first = text.lineIndex(containing: position)
                let last = text.lineIndex(containing: position + count - 1)
                let from = max(first, (changedSet.last ?? -1) + 1)
                if from <= last { changedSet += Array(from...last) }
                position += count
            case .delete:
                deletionSet.append(text.lineIndex(containing: position))
            }
        }
        changed = changedSet
        let changedLookup = Set(changedSet)
        var seen = Set<Int>()
        deletions = deletionSet.filter { !changedLookup.contains($0) && seen.insert($0).inserted }
    }

    /// The mark of `line`, if any.
    func mark(ofLine line: Int) -> Mark? {
        if Self.contains(changed, line) { return .changed }
        if Self.contains(deletions, line) { return .deletion }
        return nil
    }

    /// Every marked line, sorted.
    var markedLines: [Int] {
        Array(Set(changed).union(deletions)).sorted()
    }

    /// The first marked line after `line` (`forward`) or before it, if any.
    func markedLine(from line: Int, forward: Bool) -> Int? {
        forward ? markedLines.first { $0 > line } : markedLines.last { $0 < line }
    }

    private static func contains(_ sorted: [Int], _ value: Int) -> Bool {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < sorted.count && sorted[low] == value
    }
}
