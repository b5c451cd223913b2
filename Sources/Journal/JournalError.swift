import Foundation

/// Why a journal could not be opened, read or written: one line naming the file and the reason.
///
/// Opening never modifies a file it rejects (`notADatabase`, `truncated`, `foreign`, `newerVersion`, `corrupt`,
/// `otherDocument`): it is left as it is for inspection. Nothing in the journal traps on bad input.
public struct JournalError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Error, Hashable, Sendable {
        /// There is no journal file (no session of this document was recorded there).
        case missing
        /// The file is not an SQLite database (garbage, an empty file, or a damaged header).
        case notADatabase(String)
        /// The file is shorter than its header says: it was cut.
        case truncated(expectedBytes: Int, actualBytes: Int)
        /// An SQLite database that is not a coedit journal (another program's file).
        case foreign(String)
        /// A journal written by a newer coedit, with a schema this version does not know.
        case newerVersion(found: Int, supported: Int)
        /// A coedit journal whose content is damaged or inconsistent (fails SQLite's check, bad packed data, a
        /// replay that does not match its hash, …).
        case corrupt(String)
        /// The journal belongs to another document than the one asked for.
        case otherDocument(String)
        /// Another process holds the journal for writing (another host of the same document).
        case inUse
        /// The journal was opened read-only, or is closed.
        case readOnly
        /// An appended revision does not follow the head (wrong number, or its change does not fit the text).
        case doesNotFollow(String)
        /// A revision outside `first...latest`, the revisions the journal holds, was asked for.
        case noSuchRevision(Int, first: Int, latest: Int)
        /// SQLite or the file system failed (disk full, permission denied, I/O error, …).
        case storage(String)
    }

    /// The journal file (or `:memory:`).
    public var file: String
    /// Why.
    public var reason: Reason

    /// An error about `file`.
    public init(file: String, reason: Reason) {
        self.file = file
        self.reason = reason
    }

    /// Whether the file was rejected on opening and left untouched (the shell may continue without history).
    public var isUnusableFile: Bool {
        switch reason {
        case .notADatabase, .truncated, .foreign, .newerVersion, .corrupt, .otherDocument: true
        default: false
        }
    }

    /// `history file PATH: REASON`, on one line.
    public var description: String {
        "history file \(file): \(reasonText)"
    }

    var reasonText: String {
        switch reason {
        case .missing: "does not exist (no session of this document was recorded there)"
        case .notADatabase(let detail): "not a coedit journal (\(detail))"
        case .truncated(let expected, let actual):
            "truncated: the header announces \(expected) bytes but the file has \(actual)"
        case .foreign(let detail): "not a coedit journal: \(detail)"
        case .newerVersion(let found, let supported):
            "written by a newer coedit (schema version \(found); this coedit reads up to \(supported))"
        case .corrupt(let detail): "damaged: \(detail)"
        case .otherDocument(let detail): "belongs to another document: \(detail)"
        case .inUse: "in use by another coedit process"
        case .readOnly: "opened read-only"
        case .doesNotFollow(let detail): "revision does not follow the journal: \(detail)"
        case .noSuchRevision(let revision, let first, let latest):
            "no revision \(revision) (revisions are \(first)...\(latest))"
        case .storage(let detail): "storage error: \(detail)"
        }
    }
}

extension JournalError {
    /// The one-line text of an SQLite, GRDB or file-system error.
    static func text(of error: any Error) -> String {
        String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
