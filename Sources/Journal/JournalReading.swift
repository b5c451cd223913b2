import EditorCore
import Foundation
import GRDB
import SyncEngine

/// The read paths shared by the queries and the writer: runs, replays, and the key tables.
extension Journal {
    /// A decoded row of the `revisions` table.
    struct LoadedRun {
        /// The text length before its first revision.
        var baseLength: Int
        /// Its revisions, in order.
        var revisions: [StoredRevision]
    }

    /// The text at a revision, rebuilt from the nearest snapshot.
    struct Replay {
        /// The text.
        var text: String
        /// The snapshot it started from.
        var snapshotRevision: Int
        /// Replay bytes after the snapshot (see `replayBytes(of:)`).
        var deltaBytes: Int
        /// The time of the revision (nil for a snapshot without later revisions: revision 0's is the creation).
        var time: Int64?
    }

    /// The columns of a `revisions` row, as `decode` reads them.
    static let runColumns =
        "first_revision, last_revision, base_length, first_time, last_time, changes, details, checksum"

    /// The newest revision in the database.
    static func latestRevision(_ db: Database) throws -> Int {
        try Int.fetchOne(
            db,
            sql: """
                SELECT MAX(newest) FROM (SELECT MAX(last_revision) AS newest FROM revisions
                UNION ALL SELECT MAX(revision) FROM snapshots)
                """) ?? 0
    }

    /// The oldest revision the journal holds: its first snapshot's (0, unless it was started mid-session).
    static func firstRevision(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT MIN(revision) FROM snapshots") ?? 0
    }

    /// The runs holding revisions `range` (and the neighbours sharing their rows), oldest first.
    static func runs(_ db: Database, covering range: ClosedRange<Int>) throws -> [LoadedRun] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT \(runColumns) FROM revisions
                WHERE first_revision >= COALESCE(
                    (SELECT MAX(first_revision) FROM revisions WHERE first_revision <= ?), 1)
                AND first_revision <= ? ORDER BY first_revision
                """,
            arguments: [range.lowerBound, range.upperBound])
        return try rows.map(decode)
    }

    /// Decodes one `revisions` row.
    static func decode(_ row: Row) throws -> LoadedRun {
        guard let first = try row.optional("first_revision", Int.self),
            let last = try row.optional("last_revision", Int.self)
        else {
            throw JournalError.Reason.corrupt("a revisions row has no revision numbers")
        }
        guard let changes = try row.optional("changes", String.self),
            let details = try row.optional("details", Data.self),
            let baseLength = try row.optional("base_length", Int.self),
            let firstTime = try row.optional("first_time", Int64.self),
            let lastTime = try row.optional("last_time", Int64.self),
            let checksum = try row.optional("checksum", Int64.self)
        else { throw JournalError.Reason.corrupt("revisions \(first)...\(last): missing columns") }
        let expected = RevisionRun.checksum(
            firstRevision: first, lastRevision: last, baseLength: baseLength, firstTime: firstTime,
            lastTime: lastTime, changes: changes, details: [UInt8](details))
        guard UInt64(bitPattern: checksum) == expected else {
            throw JournalError.Reason.corrupt("revisions \(first)...\(last) do not match their checksum")
        }
        do throws(ByteCoding.Failure) {
            let revisions = try RevisionRun.decode(
                firstRevision: first, lastRevision: last, baseLength: baseLength, firstTime: firstTime,
                changes: changes, details: [UInt8](details))
            return LoadedRun(baseLength: baseLength, revisions: revisions)
        } catch {
            throw JournalError.Reason.corrupt("revisions \(first)...\(last): \(error.reason)")
        }
    }

    /// The change of `stored`, parsed once against a text of `baseLength` scalars (its omitted final retain
    /// restored, see `storedDelta(of:)`).
    static func change(of stored: StoredRevision, baseLength: Int) throws -> ChangeSet {
        do {
            return try ChangeSet(deltaTextOmittingFinalRetain: stored.delta, baseLength: baseLength)
        } catch {
            throw JournalError.Reason.corrupt("revision \(stored.revision): \(error)")
        }
    }

    /// The text at `revision` (`0...latest`): the nearest snapshot at or before it, then the changes after it.
    ///
    /// Checks the snapshot's hash, and the revision's hash when one was stored.
    static func replay(_ db: Database, to revision: Int) throws -> Replay {
        guard
            let row = try Row.fetchOne(
                db,
                sql: "SELECT revision, text, hash FROM snapshots WHERE revision <= ? ORDER BY revision DESC LIMIT 1",
                arguments: [revision]),
            let snapshotRevision = try row.optional("revision", Int.self),
            let snapshotText = try row.optional("text", String.self),
            let snapshotHash = try row.optional("hash", Int64.self)
        else { throw JournalError.Reason.corrupt("no snapshot at or before revision \(revision)") }
        guard TextHash(of: snapshotText).rawValue == UInt64(bitPattern: snapshotHash) else {
            throw JournalError.Reason.corrupt("the snapshot of revision \(snapshotRevision) does not match its hash")
        }
        var replay = Replay(text: snapshotText, snapshotRevision: snapshotRevision, deltaBytes: 0)
        guard revision > snapshotRevision else { return replay }
        var buffer = ReplayBuffer(snapshotText)
        var expected = snapshotRevision + 1
        var lastHash: UInt64?
        for run in try runs(db, covering: (snapshotRevision + 1)...revision) {
            for stored in run.revisions where stored.revision > snapshotRevision && stored.revision <= revision {
                guard stored.revision == expected else {
                    throw JournalError.Reason.corrupt("revision \(expected) is missing")
                }
                let change = try change(of: stored, baseLength: buffer.count)
                try buffer.apply(change)
                replay.deltaBytes += replayBytes(of: change)
                replay.time = stored.time
                lastHash = stored.hash
                expected += 1
            }
        }
        guard expected == revision + 1 else { throw JournalError.Reason.corrupt("revision \(expected) is missing") }
        replay.text = buffer.string
        if let lastHash, TextHash(of: replay.text).rawValue != lastHash {
            throw JournalError.Reason.corrupt("replaying to revision \(revision) does not give its recorded hash")
        }
        return replay
    }

    /// The `participants` table: key → (number, name).
    static func participants(_ db: Database) throws -> [Int: (id: ParticipantID, name: String)] {
        var result: [Int: (id: ParticipantID, name: String)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT key, participant, name FROM participants") {
            guard let key = try row.optional("key", Int.self), let number = try row.optional("participant", Int64.self),
                let name = try row.optional("name", String.self), let value = UInt32(exactly: number)
            else { throw JournalError.Reason.corrupt("a participants row is invalid") }
            result[key] = (ParticipantID(value), name)
        }
        return result
    }

    /// The `clients` table: key → client identity.
    static func clients(_ db: Database) throws -> [Int: ClientID] {
        var result: [Int: ClientID] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT key, client_id FROM clients") {
            guard let key = try row.optional("key", Int.self), let id = try row.optional("client_id", Int64.self) else {
                throw JournalError.Reason.corrupt("a clients row is invalid")
            }
            result[key] = ClientID(UInt64(bitPattern: id))
        }
        return result
    }
}

extension Row {
    /// The value of `column`, `nil` for NULL or a missing column.
    ///
    /// Throws (GRDB's subscripts would trap) when the stored value has another type: a damaged or foreign row.
    func optional<Value: DatabaseValueConvertible>(_ column: String, _ type: Value.Type) throws -> Value? {
        do {
            return try decode(Value?.self, forColumn: column)
        } catch {
            throw JournalError.Reason.corrupt("column \(column) holds a value of the wrong type")
        }
    }
}
