import EditorCore
import Foundation
import SyncEngine

/// One revision to journal: the host's log entry plus what the journal records beside it.
public struct JournalRecord: Hashable, Sendable {
    /// The accepted change (revision, author, identity, change).
    public var entry: LogEntry
    /// The author's name at the time (participant numbers are reused across host runs; names tell people apart).
    public var authorName: String
    /// Wall time of the acceptance (stored in milliseconds; a time before the previous revision's is raised to
    /// it, so times never decrease).
    public var time: Date
    /// The hash of the text after this revision, when the host computed one (e.g. the broadcast's); `text(at:)`
    /// checks it.
    public var hash: TextHash?

    /// A record; see the properties.
    public init(entry: LogEntry, authorName: String, time: Date, hash: TextHash? = nil) {
        self.entry = entry
        self.authorName = authorName
        self.time = time
        self.hash = hash
    }
}

/// One line of `coedit log`: a revision's number, time, author and size.
public struct RevisionSummary: Hashable, Sendable {
    /// The revision number (from 1).
    public var revision: Int
    /// When the host accepted it.
    public var time: Date
    /// The author's participant number in the host run that accepted it.
    public var author: ParticipantID
    /// The author's name.
    public var authorName: String
    /// Scalars inserted.
    public var inserted: Int
    /// Scalars deleted.
    public var deleted: Int

    /// A summary; see the properties.
    public init(revision: Int, time: Date, author: ParticipantID, authorName: String, inserted: Int, deleted: Int) {
        self.revision = revision
        self.time = time
        self.author = author
        self.authorName = authorName
        self.inserted = inserted
        self.deleted = deleted
    }
}

/// The document as it was at some revision.
public struct HistoricText: Hashable, Sendable {
    /// The revision.
    public var revision: Int
    /// When it was made (for revision 0, when the journal was created).
    public var time: Date
    /// The text.
    public var text: String
}

/// When the document was last written to its file.
public struct SaveMark: Hashable, Sendable {
    /// The revision written.
    public var revision: Int
    /// When.
    public var time: Date
}

/// What a host needs to resume from a journal: `HostDocument(restoring:revision:entries:epoch:configuration:)`.
public struct HostRestoration: Sendable {
    /// The text at `revision`.
    public var text: String
    /// The journal's latest revision.
    public var revision: Int
    /// The latest entries, oldest first, ending with `revision` (at most the requested window).
    public var entries: [LogEntry]
    /// The journal's epoch.
    public var epoch: UInt64

    /// The host document these describe.
    ///
    /// - Throws: `SyncError.inconsistentHistory` if text and entries do not fit (a damaged journal).
    public func makeHostDocument(
        configuration: HostDocument.Configuration = HostDocument.Configuration()
    ) throws(SyncError) -> HostDocument {
        try HostDocument(
            restoring: text, revision: revision, entries: entries, epoch: epoch, configuration: configuration)
    }
}

/// How a journal's history is stored (benchmarks and diagnostics).
public struct StorageSummary: Hashable, Sendable {
    /// Rows of packed revisions.
    public var rows: Int
    /// Bytes of their `changes` and `details` columns.
    public var revisionBytes: Int
    /// Snapshots, revision 0's included.
    public var snapshots: Int
    /// Bytes of snapshot text.
    public var snapshotBytes: Int
    /// Pages of the database file, and unused ones among them.
    public var pages: Int
    public var freePages: Int
    /// Bytes per page.
    public var pageSize: Int
}
