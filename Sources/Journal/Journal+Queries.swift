import EditorCore
import Foundation
import GRDB
import SyncEngine

/// History queries: texts of the past, summaries, entries for restoring a host.
extension Journal {
    /// The newest revision (0 when nothing was appended yet).
    public func latestRevision() throws(JournalError) -> Int {
        try failing { try database.read(Self.latestRevision) }
    }

    /// The journal's first and latest revisions; throws `noSuchRevision` unless `revision` lies between them.
    static func bounds(_ db: Database, containing revision: Int) throws -> (first: Int, latest: Int) {
        let latest = try latestRevision(db)
        let first = try firstRevision(db)
        guard revision >= first && revision <= latest else {
            throw JournalError.Reason.noSuchRevision(revision, first: first, latest: latest)
        }
        return (first, latest)
    }

    /// The text at `revision` (`0...latestRevision`).
    ///
    /// Cost: one snapshot load plus the changes after it (see `Policy`); checks the hashes it can.
    public func text(at revision: Int) throws(JournalError) -> String {
        try version(at: revision).text
    }

    /// The text at `revision` with the revision's time.
    public func version(at revision: Int) throws(JournalError) -> HistoricText {
        try failing {
            try database.read { db in
                let (first, _) = try Self.bounds(db, containing: revision)
                let replay = try Self.replay(db, to: revision)
                // Revisions after a snapshot carry their time; the first revision's is the journal's creation.
                let time =
                    if let replayed = replay.time { replayed } else if revision == first { createdAt.milliseconds } else
                    {
                        try Self.time(db, of: revision)
                    }
                return HistoricText(revision: revision, time: Date(milliseconds: time), text: replay.text)
            }
        }
    }

    /// The revision current at `date`: the newest one made at or before it, the first revision (0) if none was
    /// but the journal existed, `nil` before the journal was created.
    public func revision(at date: Date) throws(JournalError) -> Int? {
        let milliseconds = date.milliseconds
        if milliseconds < createdAt.milliseconds { return nil }
        return try failing {
            try database.read { db in
                guard
                    let row = try Row.fetchOne(
                        db,
                        sql: """
                            SELECT \(Self.runColumns)
                            FROM revisions WHERE first_time <= ? ORDER BY first_time DESC, first_revision DESC LIMIT 1
                            """, arguments: [milliseconds])
                else { return try Self.firstRevision(db) }
                let found = try Self.decode(row).revisions.last { $0.time <= milliseconds }
                return try found?.revision ?? Self.firstRevision(db)
            }
        }
    }

    /// The document as it was at `date` (see `revision(at:)`), or `nil` before the journal existed.
    public func version(at date: Date) throws(JournalError) -> HistoricText? {
        guard let revision = try revision(at: date) else { return nil }
        return try version(at: revision)
    }

    /// Summaries of the revisions made at or after `since` (all when `nil`) by authors named `author` (all when
    /// `nil`), oldest first.
    public func revisions(since: Date? = nil, author: String? = nil) throws(JournalError) -> [RevisionSummary] {
        try failing {
            try database.read { db in
                let participants = try Self.participants(db)
                let wanted = author.map { name in Set(participants.filter { $0.value.name == name }.keys) }
                if let wanted, wanted.isEmpty { return [] }
                let start = since?.milliseconds ?? Int64.min
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(Self.runColumns)
                        FROM revisions WHERE last_time >= ? ORDER BY first_revision
                        """, arguments: [start])
                var result: [RevisionSummary] = []
                for row in rows {
                    for stored in try Self.decode(row).revisions where stored.time >= start {
                        if let wanted, !wanted.contains(stored.authorKey) { continue }
                        guard let who = participants[stored.authorKey] else {
                            throw JournalError.Reason.corrupt("revision \(stored.revision): unknown author")
                        }
                        let size = DeltaSize(delta: stored.delta)
                        result.append(
                            RevisionSummary(
                                revision: stored.revision, time: Date(milliseconds: stored.time), author: who.id,
                                authorName: who.name, inserted: size.inserted, deleted: size.deleted))
                    }
                }
                return result
            }
        }
    }

    /// The log entries of the revisions after `revision`, oldest first, through the latest.
    public func entries(after revision: Int) throws(JournalError) -> [LogEntry] {
        try failing { try database.read { db in try Self.entries(db, after: revision) } }
    }

    /// What a host needs to resume: the latest text and revision and the last `window` entries (use the host's
    /// `logWindow`, so joiners whose base is in that window resume exactly), with the journal's epoch.
    public func restoration(window: Int = HostDocument.Configuration().logWindow) throws(JournalError)
        -> HostRestoration
    {
        try failing {
            try database.read { db in
                let latest = try Self.latestRevision(db)
                let text = try Self.replay(db, to: latest).text
                let entries = try Self.entries(db, after: max(0, latest - max(window, 0)))
                return HostRestoration(text: text, revision: latest, entries: entries, epoch: epoch)
            }
        }
    }

    /// A host document resumed from this journal (`restoration(window:)` with the configuration's log window).
    ///
    /// - Throws: `JournalError` (`.corrupt` when the history does not fit together).
    public func restoreHost(
        configuration: HostDocument.Configuration = HostDocument.Configuration()
    ) throws(JournalError) -> HostDocument {
        let restoration = try restoration(window: configuration.logWindow)
        do {
            return try restoration.makeHostDocument(configuration: configuration)
        } catch {
            throw JournalError(file: file, reason: .corrupt(error.description))
        }
    }

    /// The highest participant number any revision was made by (`nil` when there is none); a restored host should
    /// number new participants above it so that no number names two people within one journal.
    public func highestParticipant() throws(JournalError) -> ParticipantID? {
        let highest: Int64? = try failing {
            try database.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(participant) FROM participants") }
        }
        return highest.flatMap { UInt32(exactly: $0) }.map { ParticipantID($0) }
    }

    /// The latest save mark (`markSaved`), or `nil` if the document was never saved in this journal's life.
    public func lastSave() throws(JournalError) -> SaveMark? {
        try failing {
            try database.read { db in
                guard
                    let row = try Row.fetchOne(db, sql: "SELECT revision, time FROM saves ORDER BY rowid DESC LIMIT 1")
                else { return nil }
                guard let revision = try row.optional("revision", Int.self),
                    let time = try row.optional("time", Int64.self)
                else {
                    throw JournalError.Reason.corrupt("a saves row is invalid")
                }
                return SaveMark(revision: revision, time: Date(milliseconds: time))
            }
        }
    }

    /// How the history is stored: rows of packed revisions and snapshots (for benchmarks and diagnostics).
    public func storage() throws(JournalError) -> StorageSummary {
        try failing {
            try database.read { db in
                func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
                return StorageSummary(
                    rows: try count("SELECT COUNT(*) FROM revisions"),
                    revisionBytes: try count(
                        "SELECT SUM(LENGTH(CAST(changes AS BLOB)) + LENGTH(details)) FROM revisions"),
                    snapshots: try count("SELECT COUNT(*) FROM snapshots"),
                    snapshotBytes: try count("SELECT SUM(LENGTH(CAST(text AS BLOB))) FROM snapshots"),
                    pages: try count("PRAGMA page_count"), freePages: try count("PRAGMA freelist_count"),
                    pageSize: try count("PRAGMA page_size"))
            }
        }
    }

    /// The time of `revision` (≥ 1).
    static func time(_ db: Database, of revision: Int) throws -> Int64 {
        for run in try runs(db, covering: revision...revision) {
            if let stored = run.revisions.first(where: { $0.revision == revision }) { return stored.time }
        }
        throw JournalError.Reason.corrupt("revision \(revision) is missing")
    }

    /// The entries after `revision`, decoded with their base lengths chained from their rows.
    static func entries(_ db: Database, after revision: Int) throws -> [LogEntry] {
        let latest = try latestRevision(db)
        guard revision < latest else { return [] }
        let clients = try clients(db)
        let participants = try participants(db)
        var result: [LogEntry] = []
        result.reserveCapacity(latest - revision)
        for run in try runs(db, covering: (revision + 1)...latest) {
            var length = run.baseLength
            for stored in run.revisions {
                let change = try change(of: stored, baseLength: length)
                length = change.targetLength
                guard stored.revision > revision else { continue }
                guard let author = participants[stored.authorKey] else {
                    throw JournalError.Reason.corrupt("revision \(stored.revision): unknown author")
                }
                var id: ChangeID?
                if let stored = stored.changeID {
                    guard let client = clients[stored.clientKey] else {
                        throw JournalError.Reason.corrupt("revision \(revision): unknown client")
                    }
                    id = ChangeID(client: client, sequence: stored.sequence)
                }
                guard stored.revision == revision + 1 + result.count else {
                    throw JournalError.Reason.corrupt("revision \(revision + 1 + result.count) is missing")
                }
                result.append(LogEntry(revision: stored.revision, author: author.id, id: id, change: change))
            }
        }
        guard result.count == latest - revision else {
            throw JournalError.Reason.corrupt("revision \(revision + 1 + result.count) is missing")
        }
        return result
    }
}

/// The scalars a DMP delta text retains, inserts and deletes, counted without building the change.
struct DeltaSize {
    /// Scalars retained (`=` tokens).
    var retained = 0
    /// Scalars inserted (`+` tokens, after %-decoding).
    var inserted = 0
    /// Scalars deleted (`-` tokens).
    var deleted = 0

    /// Counts `delta`'s tokens; malformed tokens count as nothing (a summary is not a validation).
    init(delta: String) {
        for token in Array(delta.utf8).split(separator: UInt8(ascii: "\t")) {
            switch token.first {
            case UInt8(ascii: "-"):
                deleted += Int(String(decoding: token.dropFirst(), as: UTF8.self)) ?? 0
            case UInt8(ascii: "="):
                retained += Int(String(decoding: token.dropFirst(), as: UTF8.self)) ?? 0
            case UInt8(ascii: "+"):
                inserted += Self.scalarCount(escaped: token.dropFirst())
            default:
                continue
            }
        }
    }

    /// Scalars in %-escaped UTF-8: bytes that are not continuation bytes (10xxxxxx).
    private static func scalarCount(escaped bytes: ArraySlice<UInt8>) -> Int {
        var count = 0
        var index = bytes.startIndex
        while index < bytes.endIndex {
            var byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.endIndex,
                let value = UInt8(String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                byte = value
                index += 3
            } else {
                index += 1
            }
            if byte & 0xC0 != 0x80 { count += 1 }
        }
        return count
    }
}
