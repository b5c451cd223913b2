import EditorCore

/// One accepted change: revision `revision` of the document.
public struct LogEntry: Hashable, Sendable {
    /// The revision this change produced (the first change is revision 1).
    public var revision: Int
    /// Who made it.
    public var author: ParticipantID
    /// The submission it came from, for deduplication; `nil` for changes made by the host itself.
    public var id: ChangeID?
    /// The change, exact against the text at `revision − 1`.
    public var change: ChangeSet

    /// A log entry; see the properties.
    public init(revision: Int, author: ParticipantID, id: ChangeID?, change: ChangeSet) {
        self.revision = revision
        self.author = author
        self.id = id
        self.change = change
    }
}

/// The most recent accepted changes, in order: the host rebases a change onto the entries after its base.
///
/// Holds the entries for revisions `oldestRevision + 1 ... newestRevision`, at most `window` of them (older ones
/// are dropped as new ones arrive). A base revision is **known** when it is in `oldestRevision...newestRevision`:
/// then the entries after it are all here. Older bases go to the snapshot fallback.
///
/// Invariant: entry `i` has revision `oldestRevision + 1 + i`, and its change's `baseLength` is the text length
/// at the revision before it.
public struct RevisionLog: Sendable {
    /// The oldest revision a change may be based on.
    public private(set) var oldestRevision: Int
    /// The text length in scalars at `oldestRevision`.
    public private(set) var oldestLength: Int
    /// How many entries are kept (at least 1).
    public let window: Int
    /// The kept entries, oldest first; `storage[start...]` are live (dropping from the front is amortized O(1)).
    private var storage: [LogEntry]
    private var start: Int

    /// An empty log whose head is `revision` with a text of `length` scalars.
    public init(revision: Int, length: Int, window: Int) {
        oldestRevision = revision
        oldestLength = length
        self.window = max(window, 1)
        storage = []
        start = 0
    }

    /// The newest revision: the host's head.
    public var newestRevision: Int { oldestRevision + storage.count - start }

    /// The kept entries, oldest first.
    public var entries: ArraySlice<LogEntry> { storage[start...] }

    /// Whether a change based on `revision` can be rebased exactly.
    public func knows(_ revision: Int) -> Bool {
        revision >= oldestRevision && revision <= newestRevision
    }

    /// The entries after `revision` (a known revision), oldest first.
    func entries(after revision: Int) -> ArraySlice<LogEntry> {
        precondition(knows(revision), "revision \(revision) is outside \(oldestRevision)...\(newestRevision)")
        return storage[(start + revision - oldestRevision)...]
    }

    /// The text length in scalars at a known `revision`.
    func length(at revision: Int) -> Int {
        precondition(knows(revision), "revision \(revision) is outside \(oldestRevision)...\(newestRevision)")
        if revision == oldestRevision { return oldestLength }
        return storage[start + revision - oldestRevision - 1].change.targetLength
    }

    /// Appends the next revision's entry, dropping the oldest one beyond the window.
    mutating func append(_ entry: LogEntry) {
        precondition(entry.revision == newestRevision + 1, "entry \(entry.revision) after \(newestRevision)")
        storage.append(entry)
        if storage.count - start > window {
            let dropped = storage[start]
            oldestRevision = dropped.revision
            oldestLength = dropped.change.targetLength
            start += 1
            if start >= 1024 && start * 2 >= storage.count {
                storage.removeFirst(start)
                start = 0
            }
        }
    }
}
