import EditorCore

/// A past revision of the shared document, as the host sends it to a joiner's history view (Docs/protocol.md §6:
/// `history request` and `history reply`). Counts and offsets are Unicode scalars.
///
/// Invariants (checked when decoded): `firstRevision ≤ revision ≤ latestRevision`; `change` is present exactly when
/// `revision > firstRevision` (nil for the first revision, with no author either) and its target length is `text`'s
/// scalar count.
public struct HistoryEntry: Hashable, Sendable {
    /// The revision.
    public var revision: Int
    /// The oldest revision the host's history holds.
    public var firstRevision: Int
    /// The host's newest revision when it answered.
    public var latestRevision: Int
    /// When the revision was made: milliseconds since 1970 (UTC), ≥ 0.
    public var time: Int64
    /// Who made it (nil for the first revision).
    public var authorName: String?
    /// The change from `revision - 1` (nil for the first revision).
    public var change: ChangeSet?
    /// The document's text at `revision`.
    public var text: String

    public init(
        revision: Int, firstRevision: Int, latestRevision: Int, time: Int64, authorName: String?, change: ChangeSet?,
        text: String
    ) {
        self.revision = revision
        self.firstRevision = firstRevision
        self.latestRevision = latestRevision
        self.time = time
        self.authorName = authorName
        self.change = change
        self.text = text
    }
}

/// The host's answer to a history request.
public enum HistoryReply: Hashable, Sendable {
    /// The revision asked for (clamped to the history the host holds).
    case revision(HistoryEntry)
    /// The host cannot answer; the text says why (no history kept, too many requests, a damaged journal...).
    case unavailable(String)
}

/// Where a host reads the history it serves to joiners (the journal, in `coedit`). Called on the host session's
/// executor; implementations must be thread-safe and should answer in tens of milliseconds.
public protocol HistoryProvider: AnyObject, Sendable {
    /// The revision `revision` (nil: the newest), clamped to the history held, or why it cannot be given.
    func historyReply(for revision: Int?) -> HistoryReply
}
