import EditorCore
import Foundation
import GRDB
import SyncEngine

/// Appending revisions: the host's write path.
extension Journal {
    /// What the writer keeps in memory between appends.
    struct WriterState: Sendable {
        /// The text at `latestRevision` (checks that each appended change fits; source of snapshots and hashes).
        /// After `append(_:resultingText:)` it is the caller's own buffer (a persistent rope, shared, not copied);
        /// otherwise the journal applies each change to it.
        var head: TextBuffer
        /// The newest revision.
        var latestRevision: Int
        /// The newest revision's time (ms), or the creation time.
        var lastTime: Int64
        /// The last row of `revisions`, while it still takes revisions.
        var openRun: RevisionRun?
        /// Revisions appended since the latest snapshot.
        var revisionsSinceSnapshot: Int
        /// Their delta texts' total size in bytes.
        var deltaBytesSinceSnapshot: Int
        /// `participants` rows by (number, name).
        var participantKeys: [ParticipantKey: Int]
        /// `clients` rows by identity.
        var clientKeys: [ClientID: Int]
        /// Names given with `nameParticipant`, for `append(_:)`.
        var names: [ParticipantID: String] = [:]
    }

    /// A `participants` row's content.
    struct ParticipantKey: Hashable, Sendable {
        var participant: ParticipantID
        var name: String
    }

    /// Appends one revision; it is on stable storage when this returns.
    ///
    /// - Throws: `.doesNotFollow` unless `entry.revision` is `latestRevision + 1` and its change fits the text at
    ///   `latestRevision` (nothing is written then); `.readOnly`; `.storage` when SQLite fails (nothing is
    ///   written: the transaction rolls back).
    public func append(
        _ entry: LogEntry, authorName: String, time: Date = Date(), hash: TextHash? = nil
    ) throws(JournalError) {
        try append([JournalRecord(entry: entry, authorName: authorName, time: time, hash: hash)])
    }

    /// Appends one revision made by a participant named earlier with `nameParticipant` (else named `#N`), at the
    /// current time, with no hash: the shape of the host's commit hook (`HostEffect.commit(entry)`), so a
    /// `RevisionStore`-style protocol with `func append(_ entry: LogEntry) throws` is met as it is.
    public func append(_ entry: LogEntry) throws(JournalError) {
        try appendCommitted(entry, text: nil)
    }

    /// `append(_:)` for a caller that holds the text after the revision (the host's document): the journal keeps
    /// `text` as its head instead of applying the change to a copy of its own. Persistent ropes share their
    /// nodes, so this costs no second copy of the document and no second application of each change.
    ///
    /// - Throws: as `append(_:)`; `.doesNotFollow` also when `text` does not have the change's target length.
    public func append(_ entry: LogEntry, resultingText text: TextBuffer) throws(JournalError) {
        try appendCommitted(entry, text: text)
    }

    /// The commit hook's append, named author and current time, with the text after the revision when given.
    func appendCommitted(_ entry: LogEntry, text: TextBuffer?) throws(JournalError) {
        let name = writer.withLock { $0?.names[entry.author] } ?? entry.author.description
        try append([JournalRecord(entry: entry, authorName: name, time: Date())], resultingText: text)
    }

    /// Remembers `name` for `participant`'s later revisions appended with `append(_:)` (call it when the host
    /// welcomes a participant: `HostEvent.joined`).
    public func nameParticipant(_ participant: ParticipantID, _ name: String) {
        writer.withLock { $0?.names[participant] = name }
    }

    /// Appends consecutive revisions in one transaction (one fsync): all or none are durable when it returns.
    ///
    /// A host that accepted several changes in one turn of its loop acknowledges them all after this.
    public func append(_ records: [JournalRecord]) throws(JournalError) {
        try append(records, resultingText: nil)
    }

    /// Appends `records` in one transaction; `text`, when given, is the text after the last one.
    func append(_ records: [JournalRecord], resultingText text: TextBuffer?) throws(JournalError) {
        guard !records.isEmpty else { return }
        // `appending` keeps appends one at a time through the write and its fsync; `writer` is only taken to read
        // the state and to install the next one, so `headText` and `nameParticipant` never wait for the disk.
        try appending.withLock { _ throws(JournalError) in
            guard var next = writer.withLock({ $0 }) else { throw JournalError(file: file, reason: .readOnly) }
            var writes = PendingWrites()
            for (index, record) in records.enumerated() {
                try stage(record, resultingText: index == records.count - 1 ? text : nil, into: &next, writes: &writes)
            }
            try failing {
                try database.write { db in try writes.perform(db) }
            }
            writer.withLock { state in
                guard let names = state?.names else { return }  // closed meanwhile: stays closed
                next.names = names  // including any given during the write
                state = next
            }
        }
    }

    /// Records that revision `revision` was written to the document's file at `time` (for crash recovery: edits
    /// after the last save are the "unsaved" ones).
    public func markSaved(revision: Int, time: Date = Date()) throws(JournalError) {
        guard !isReadOnly else { throw JournalError(file: file, reason: .readOnly) }
        try failing {
            try database.write { db in
                try db.execute(
                    sql: "INSERT INTO saves (revision, time) VALUES (?, ?)", arguments: [revision, time.milliseconds])
            }
        }
    }

    /// The text at the latest revision, as the writer holds it (`nil` for read-only journals).
    public var headText: TextBuffer? {
        writer.withLock { $0?.head }
    }

    /// Checks `record` against `state`, advances `state` (its head becomes `text` when given, else the change is
    /// applied to it), and queues its rows.
    private func stage(
        _ record: JournalRecord, resultingText text: TextBuffer?, into state: inout WriterState,
        writes: inout PendingWrites
    ) throws(JournalError) {
        let entry = record.entry
        guard entry.revision == state.latestRevision + 1 else {
            throw JournalError(
                file: file, reason: .doesNotFollow("revision \(entry.revision) after \(state.latestRevision)"))
        }
        if let text {
            // Two lengths stand in for applying the change: the caller's text is the one it applied it to.
            let change = entry.change
            guard change.baseLength == state.head.scalarCount && change.targetLength == text.scalarCount else {
                throw JournalError(
                    file: file,
                    reason: .doesNotFollow(
                        "revision \(entry.revision): the change takes \(change.baseLength) scalars to "
                            + "\(change.targetLength), but the head has \(state.head.scalarCount) and the text given "
                            + "\(text.scalarCount)"))
            }
            state.head = text
        } else {
            do {
                try entry.change.apply(to: &state.head)
            } catch {
                throw JournalError(file: file, reason: .doesNotFollow("revision \(entry.revision): \(error)"))
            }
        }
        let authorKey = participantKey(
            ParticipantKey(participant: entry.author, name: record.authorName), &state,
            &writes)
        let changeID = entry.id.map {
            StoredChangeID(clientKey: clientKey($0.client, &state, &writes), sequence: $0.sequence)
        }
        let time = max(record.time.milliseconds, state.lastTime)
        let delta = Self.storedDelta(of: entry.change)
        let hash = record.hash ?? (entry.revision % policy.hashInterval == 0 ? TextHash(of: state.head) : nil)
        if let open = state.openRun, policy.isFull(open) { state.openRun = nil }
        var run =
            state.openRun
            ?? RevisionRun(firstRevision: entry.revision, baseLength: entry.change.baseLength, firstTime: time)
        run.append(
            StoredRevision(
                revision: entry.revision, authorKey: authorKey, changeID: changeID, time: time, delta: delta,
                hash: hash?.rawValue))
        state.openRun = run
        writes.runs[run.firstRevision] = run
        state.latestRevision = entry.revision
        state.lastTime = time
        state.revisionsSinceSnapshot += 1
        state.deltaBytesSinceSnapshot += Self.replayBytes(of: entry.change)
        if policy.snapshotIsDue(
            revisions: state.revisionsSinceSnapshot, deltaBytes: state.deltaBytesSinceSnapshot,
            textBytes: state.head.utf8Count)
        {
            writes.snapshots.append((entry.revision, state.head.string))
            state.revisionsSinceSnapshot = 0
            state.deltaBytesSinceSnapshot = 0
        }
    }

    /// The change's DMP delta text without its final retain, which the base length implies (`change(of:)` puts
    /// it back): `=52341\t+a\t=52300` is stored as `=52341\t+a`.
    static func storedDelta(of change: ChangeSet) -> String {
        let delta = change.deltaText()
        guard case .retain = change.operations.last else { return delta }
        guard let tab = delta.utf8.lastIndex(of: UInt8(ascii: "\t")) else { return "" }
        return String(delta[..<tab])
    }

    /// What replaying `change` costs beyond its fixed per-revision part, in bytes: the UTF-8 it inserts (what a
    /// large paste adds to a replay) plus one per operation.
    static func replayBytes(of change: ChangeSet) -> Int {
        change.operations.reduce(0) { total, operation in
            if case .insert(let text) = operation { total + text.utf8.count + 1 } else { total + 1 }
        }
    }

    private func participantKey(
        _ key: ParticipantKey, _ state: inout WriterState, _ writes: inout PendingWrites
    ) -> Int {
        if let known = state.participantKeys[key] { return known }
        let new = (state.participantKeys.values.max() ?? -1) + 1
        state.participantKeys[key] = new
        writes.participants.append((new, key))
        return new
    }

    private func clientKey(_ client: ClientID, _ state: inout WriterState, _ writes: inout PendingWrites) -> Int {
        if let known = state.clientKeys[client] { return known }
        let new = (state.clientKeys.values.max() ?? -1) + 1
        state.clientKeys[client] = new
        writes.clients.append((new, client))
        return new
    }

    /// Loads the writer's state from the database: the head text (replayed from the latest snapshot), the open
    /// run, and the key tables.
    func loadWriterState() throws(JournalError) {
        let state = try failing {
            try database.read { db -> WriterState in
                let latest = try Self.latestRevision(db)
                let replay = try Self.replay(db, to: latest)
                var openRun: RevisionRun?
                if let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT \(Self.runColumns)
                        FROM revisions ORDER BY first_revision DESC LIMIT 1
                        """)
                {
                    let loaded = try Self.decode(row)
                    var run = RevisionRun(
                        firstRevision: loaded.revisions[0].revision, baseLength: loaded.baseLength,
                        firstTime: loaded.revisions[0].time)
                    for stored in loaded.revisions { run.append(stored) }
                    openRun = run
                }
                var participantKeys: [ParticipantKey: Int] = [:]
                for (key, value) in try Self.participants(db) {
                    participantKeys[ParticipantKey(participant: value.id, name: value.name)] = key
                }
                var clientKeys: [ClientID: Int] = [:]
                for (key, client) in try Self.clients(db) { clientKeys[client] = key }
                return WriterState(
                    head: TextBuffer(replay.text), latestRevision: latest,
                    lastTime: replay.time ?? createdAt.milliseconds,
                    openRun: openRun, revisionsSinceSnapshot: latest - replay.snapshotRevision,
                    deltaBytesSinceSnapshot: replay.deltaBytes, participantKeys: participantKeys,
                    clientKeys: clientKeys)
            }
        }
        writer.withLock { $0 = state }
    }
}

/// The rows one append transaction writes.
private struct PendingWrites {
    /// New `participants` rows.
    var participants: [(key: Int, value: Journal.ParticipantKey)] = []
    /// New `clients` rows.
    var clients: [(key: Int, client: ClientID)] = []
    /// Runs to insert or rewrite, by first revision.
    var runs: [Int: RevisionRun] = [:]
    /// Snapshots to insert.
    var snapshots: [(revision: Int, text: String)] = []

    func perform(_ db: Database) throws {
        for (key, value) in participants {
            try db.execute(
                sql: "INSERT INTO participants (key, participant, name) VALUES (?, ?, ?)",
                arguments: [key, Int64(value.participant.rawValue), value.name])
        }
        for (key, client) in clients {
            try db.execute(
                sql: "INSERT INTO clients (key, client_id) VALUES (?, ?)",
                arguments: [key, Int64(bitPattern: client.rawValue)])
        }
        for run in runs.values.sorted(by: { $0.firstRevision < $1.firstRevision }) {
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO revisions
                    (first_revision, last_revision, base_length, first_time, last_time, changes, details, checksum)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    run.firstRevision, run.lastRevision, run.baseLength, run.firstTime, run.lastTime, run.changes,
                    Data(run.details), Int64(bitPattern: run.checksum),
                ])
        }
        for (revision, text) in snapshots {
            try Journal.insertSnapshot(db, revision: revision, text: text)
        }
    }
}
