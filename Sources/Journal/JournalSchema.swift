import GRDB

/// The journal's SQLite schema, version 1.
///
/// The file says what it is twice: `PRAGMA application_id` is `0x636F6564` ("coed") and the one row of
/// `coedit_journal` names the format, the document and the epoch. `PRAGMA user_version` is the schema version;
/// a journal with a higher one is refused (`JournalError.Reason.newerVersion`) and left untouched.
///
/// Tables:
/// - `coedit_journal`: the identity row (format, document path, epoch, creation time).
/// - `participants`: one row per (participant number, name) pair seen; `key` is what revisions refer to. A
///   participant number means one person within a run of the host only, so the name is kept beside it.
/// - `clients`: one row per client identity (`ClientID`) that submitted a change.
/// - `revisions`: the changes, packed in runs of consecutive revisions (see `RevisionRun`), keyed by their first
///   revision.
/// - `snapshots`: the full text at some revisions (revision 0 always), with its hash.
/// - `saves`: when the document was written to its file, and at which revision.
///
/// Times are milliseconds since 1970 (UTC); hashes and 64-bit identities are stored as the signed 64-bit
/// integers with the same bits.
enum JournalSchema {
    /// The schema version this coedit writes and reads.
    static let version = 1
    /// `PRAGMA application_id`: the bytes "coed".
    static let applicationID: UInt32 = 0x636F_6564
    /// The `format` column of the identity row.
    static let format = "coedit journal"

    /// Creates the tables, the identity row and the pragmas on an empty database.
    static func create(_ db: Database, documentPath: String, epoch: UInt64, createdAt: Int64) throws {
        try db.execute(
            sql: """
                PRAGMA application_id = \(Int32(bitPattern: applicationID));
                PRAGMA user_version = \(version);
                CREATE TABLE coedit_journal (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    format TEXT NOT NULL,
                    document_path TEXT NOT NULL,
                    epoch INTEGER NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE participants (
                    key INTEGER PRIMARY KEY,
                    participant INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    UNIQUE (participant, name)
                );
                CREATE TABLE clients (
                    key INTEGER PRIMARY KEY,
                    client_id INTEGER NOT NULL UNIQUE
                );
                CREATE TABLE revisions (
                    first_revision INTEGER PRIMARY KEY,
                    last_revision INTEGER NOT NULL,
                    base_length INTEGER NOT NULL,
                    first_time INTEGER NOT NULL,
                    last_time INTEGER NOT NULL,
                    changes TEXT NOT NULL,
                    details BLOB NOT NULL,
                    checksum INTEGER NOT NULL
                );
                CREATE INDEX revisions_by_time ON revisions (first_time);
                CREATE TABLE snapshots (
                    revision INTEGER PRIMARY KEY,
                    text TEXT NOT NULL,
                    hash INTEGER NOT NULL
                );
                CREATE TABLE saves (
                    revision INTEGER NOT NULL,
                    time INTEGER NOT NULL
                );
                """)
        try db.execute(
            sql: "INSERT INTO coedit_journal (id, format, document_path, epoch, created_at) VALUES (1, ?, ?, ?, ?)",
            arguments: [format, documentPath, Int64(bitPattern: epoch), createdAt])
    }

    /// The identity row of an opened database.
    struct Identity {
        var documentPath: String
        var epoch: UInt64
        var createdAt: Int64
    }

    /// Checks the pragmas and reads the identity row of an opened database.
    ///
    /// - Throws: the reason it is not a journal this coedit reads.
    static func identity(_ db: Database) throws -> Identity {
        let applicationID = UInt32(bitPattern: try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0)
        guard applicationID == Self.applicationID else {
            throw JournalError.Reason.foreign("application id 0x\(String(applicationID, radix: 16))")
        }
        let found = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        if found > version { throw JournalError.Reason.newerVersion(found: found, supported: version) }
        guard found == version else { throw JournalError.Reason.corrupt("schema version \(found)") }
        let tables = try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        let missing = ["coedit_journal", "participants", "clients", "revisions", "snapshots", "saves"]
            .filter { !tables.contains($0) }
        guard missing.isEmpty else {
            throw JournalError.Reason.corrupt("missing table(s) \(missing.joined(separator: ", "))")
        }
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT format, document_path, epoch, created_at FROM coedit_journal WHERE id = 1"),
            let format = try row.optional("format", String.self), format == Self.format,
            let path = try row.optional("document_path", String.self),
            let epoch = try row.optional("epoch", Int64.self),
            let created = try row.optional("created_at", Int64.self)
        else { throw JournalError.Reason.corrupt("no valid identity row") }
        return Identity(documentPath: path, epoch: UInt64(bitPattern: epoch), createdAt: created)
    }
}
