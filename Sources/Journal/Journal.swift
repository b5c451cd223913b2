import Foundation
import GRDB
import SyncEngine
import Synchronization

/// A document's durable history: every accepted revision, in an SQLite database (through GRDB).
///
/// The host appends each revision when `HostDocument` returns its `HostEffect.commit`, **before** sending the
/// acknowledgement and broadcasts; `append` returns only once the revision is on stable storage (WAL mode with
/// `synchronous = FULL`: the commit fsyncs the write-ahead log), so an acknowledged edit survives kill -9 and
/// power loss. Reads answer the history questions: `text(at:)` for any revision or time, `revisions(since:author:)`
/// summaries, `entries(after:)` and `restoration(window:)` to resume a `HostDocument` after a crash.
///
/// **Files.** One database per document (`JournalLocation`), created atomically (built beside its final name,
/// then linked into place), readable by the user only. Layout: `JournalSchema`, `RevisionRun`.
///
/// **Bad files.** Opening checks the SQLite header as plain bytes, then the schema, the identity row and
/// SQLite's `quick_check` on a read-only connection, and only then opens for writing: a garbage, truncated,
/// foreign, newer-version or damaged file gives a `JournalError` and is not modified. Nothing traps.
///
/// **Concurrency.** Thread-safe. One process writes a journal at a time (a lock file; a second writer gets
/// `.inUse`); other processes may read it meanwhile (`coedit log`, `coedit show`), WAL mode lets them.
///
/// Invariants: revisions are `1...latestRevision`, each change exact against the text of the revision before it;
/// revision 0 is a snapshot; stored times never decrease; every snapshot's hash is the FNV-1a hash of its text.
public final class Journal: Sendable {
    /// The database file (`:memory:` for an in-memory journal).
    public let file: String
    /// The absolute path of the document this journal is for.
    public let documentPath: String
    /// The document's epoch (see `Welcome.epoch`): a restored host keeps it, so clients resume exactly.
    public let epoch: UInt64
    /// When the journal was created: the time of revision 0.
    public let createdAt: Date
    /// Whether appends are refused (journals opened for reading only).
    public let isReadOnly: Bool
    /// Packing and snapshot rules.
    public let policy: Policy
    /// The connections: for a journal file opened for writing, a pool (one writer; readers that see the last
    /// committed revision while an append is still writing and syncing, so history reads never wait for the
    /// disk); one connection otherwise (read-only files, in memory).
    let database: any DatabaseWriter
    /// What appending needs in memory; `nil` for read-only journals. Held only briefly, never across disk I/O.
    let writer: Mutex<WriterState?>
    /// Held by each append from reading `writer` until its transaction is durable: appends happen one at a time.
    let appending = Mutex(())
    /// The lock that keeps other writers out (nil for read-only and in-memory journals).
    private let lock: Mutex<FileLock?>

    private init(
        file: String, identity: JournalSchema.Identity, readOnly: Bool, policy: Policy, database: any DatabaseWriter,
        lock: FileLock?
    ) {
        self.file = file
        documentPath = identity.documentPath
        epoch = identity.epoch
        createdAt = Date(milliseconds: identity.createdAt)
        isReadOnly = readOnly
        self.policy = policy
        self.database = database
        writer = Mutex(nil)
        self.lock = Mutex(lock)
    }

    /// Opens the existing journal at `url`.
    ///
    /// - Parameters:
    ///   - documentPath: when given, the journal must belong to this absolute path (else `.otherDocument`).
    ///   - readOnly: open for reading only: no lock, appends throw `.readOnly`.
    /// - Throws: `JournalError`; the file is then left untouched (see the type notes).
    public static func open(
        at url: URL, documentPath: String? = nil, readOnly: Bool = false, policy: Policy = Policy()
    ) throws(JournalError) -> Journal {
        let path = url.path
        func fail(_ reason: JournalError.Reason) -> JournalError { JournalError(file: path, reason: reason) }
        do throws(JournalError.Reason) {
            guard let (size, header) = try FileSystem.sizeAndPrefix(of: path, count: 100) else {
                throw JournalError.Reason.missing
            }
            _ = try JournalFileCheck.check(
                header: header, fileSize: size, applicationID: JournalSchema.applicationID,
                supportedVersion: JournalSchema.version)
        } catch {
            throw fail(error)
        }
        let lock: FileLock?
        do throws(JournalError.Reason) {
            lock = readOnly ? nil : try FileLock(path: path + ".lock")
        } catch {
            throw fail(error)
        }
        let identity = try validate(path: path, documentPath: documentPath)
        let database = try connect(path: path, readOnly: readOnly)
        let journal = Journal(
            file: path, identity: identity, readOnly: readOnly, policy: policy, database: database, lock: lock)
        if !readOnly { try journal.loadWriterState() }
        return journal
    }

    /// Creates a journal at `url` (which must not exist) whose revision 0 is `text`.
    ///
    /// The database is built under a temporary name beside `url`, synced, then linked into place, so `url` is
    /// either absent or a complete journal, whatever happens.
    public static func create(
        at url: URL, documentPath: String, epoch: UInt64, text: String, time: Date = Date(),
        policy: Policy = Policy()
    ) throws(JournalError) -> Journal {
        let path = url.path
        let temporary = path + ".creating-\(ProcessInfo.processInfo.processIdentifier)"
        do {
            if FileSystem.exists(path) { throw JournalError.Reason.storage("the file already exists") }
            FileSystem.remove(temporary)
            try FileSystem.createPrivateFile(temporary)
            var configuration = Configuration()
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            let database = try DatabaseQueue(path: temporary, configuration: configuration)
            try database.write { db in
                try JournalSchema.create(db, documentPath: documentPath, epoch: epoch, createdAt: time.milliseconds)
                try insertSnapshot(db, revision: 0, text: text)
            }
            try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
            try database.close()
            try FileSystem.sync(temporary)
            try FileSystem.moveWithoutReplacing(temporary, to: path)
            try FileSystem.sync(url.deletingLastPathComponent().path, directory: true)
        } catch {
            FileSystem.remove(temporary)
            throw JournalError(file: path, reason: reason(for: error))
        }
        return try open(at: url, documentPath: documentPath, policy: policy)
    }

    /// Opens the journal of the document at `documentPath` in `directory` (creating both if needed), with
    /// `text` as revision 0 and a fresh `epoch` when the journal is new.
    ///
    /// - Returns: the journal, and whether it was created now.
    public static func openOrCreate(
        forDocument documentPath: String, in directory: URL, epoch: @autoclosure () -> UInt64, text: String,
        time: Date = Date(), policy: Policy = Policy()
    ) throws(JournalError) -> (journal: Journal, created: Bool) {
        let absolute = JournalLocation.absolutePath(documentPath)
        try JournalLocation.createDirectory(directory)
        let url = JournalLocation.fileURL(forDocument: absolute, in: directory)
        if FileSystem.exists(url.path) {
            return (try open(at: url, documentPath: absolute, policy: policy), false)
        }
        let journal = try create(
            at: url, documentPath: absolute, epoch: epoch(), text: text, time: time, policy: policy)
        return (journal, true)
    }

    /// A journal kept in memory only: the shell's fallback when the journal file is unusable (or fails during a
    /// session), so the session still has its history (`text(at:)`, the history view) until it ends.
    ///
    /// - Parameter revision: the revision `text` is (the host's current revision when switching mid-session);
    ///   the journal then holds revisions `revision...`.
    public static func inMemory(
        documentPath: String, epoch: UInt64, text: String, revision: Int = 0, time: Date = Date(),
        policy: Policy = Policy()
    ) throws(JournalError) -> Journal {
        let file = ":memory:"
        do {
            let database = try DatabaseQueue()
            let identity = try database.write { db in
                try JournalSchema.create(db, documentPath: documentPath, epoch: epoch, createdAt: time.milliseconds)
                try insertSnapshot(db, revision: max(revision, 0), text: text)
                return try JournalSchema.identity(db)
            }
            let journal = Journal(
                file: file, identity: identity, readOnly: false, policy: policy, database: database, lock: nil)
            try journal.loadWriterState()
            return journal
        } catch {
            throw JournalError(file: file, reason: reason(for: error))
        }
    }

    /// Closes the database and releases the writer lock; later calls throw.
    public func close() {
        appending.withLock { _ in  // after an append in progress
            writer.withLock { $0 = nil }
            try? database.close()
            lock.withLock { $0 = nil }
        }
    }

    /// Checks an existing database on a read-only connection: schema, identity, `quick_check`.
    private static func validate(path: String, documentPath: String?) throws(JournalError) -> JournalSchema.Identity {
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let checker = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? checker.close() }
            return try checker.read { db in
                let identity = try JournalSchema.identity(db)
                let problems = try String.fetchAll(db, sql: "PRAGMA quick_check(3)")
                guard problems == ["ok"] else {
                    throw JournalError.Reason.corrupt("SQLite check: " + problems.joined(separator: "; "))
                }
                if let documentPath, identity.documentPath != documentPath {
                    throw JournalError.Reason.otherDocument(identity.documentPath)
                }
                return identity
            }
        } catch {
            throw JournalError(file: path, reason: reason(for: error))
        }
    }

    /// The connections used from now on: WAL (already set at creation), `synchronous = FULL`; a pool when
    /// writing (see `database`).
    private static func connect(path: String, readOnly: Bool) throws(JournalError) -> any DatabaseWriter {
        do {
            var configuration = Configuration()
            configuration.readonly = readOnly
            configuration.busyMode = .timeout(5)
            if readOnly { return try DatabaseQueue(path: path, configuration: configuration) }
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            return try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw JournalError(file: path, reason: reason(for: error))
        }
    }

    /// Inserts the snapshot of `text` as `revision`.
    static func insertSnapshot(_ db: Database, revision: Int, text: String) throws {
        try db.execute(
            sql: "INSERT INTO snapshots (revision, text, hash) VALUES (?, ?, ?)",
            arguments: [revision, text, Int64(bitPattern: TextHash(of: text).rawValue)])
    }

    /// The reason to report for an error thrown by SQLite, GRDB, the file system or the journal itself.
    static func reason(for error: any Error) -> JournalError.Reason {
        switch error {
        case let error as JournalError: return error.reason
        case let reason as JournalError.Reason: return reason
        case let error as DatabaseError:
            switch error.resultCode {
            case .SQLITE_CORRUPT: return .corrupt(JournalError.text(of: error))
            case .SQLITE_NOTADB: return .notADatabase(JournalError.text(of: error))
            default: return .storage(JournalError.text(of: error))
            }
        default: return .storage(JournalError.text(of: error))
        }
    }

    /// Runs `body` and reports any error as a `JournalError` about this journal's file.
    func failing<T>(_ body: () throws -> T) throws(JournalError) -> T {
        do {
            return try body()
        } catch {
            throw JournalError(file: file, reason: Self.reason(for: error))
        }
    }
}

extension Date {
    /// Milliseconds since 1970, rounded down.
    var milliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }

    /// The date `milliseconds` ms after 1970.
    init(milliseconds: Int64) { self.init(timeIntervalSince1970: Double(milliseconds) / 1000) }
}
