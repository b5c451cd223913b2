/// A change identity as stored: the `clients` table row of its client, and its sequence number.
struct StoredChangeID: Hashable, Sendable {
    /// The row of the `clients` table.
    var clientKey: Int
    /// The client's sequence number.
    var sequence: UInt64
}

/// One revision as the journal stores it: the change as DMP delta text plus compact metadata.
struct StoredRevision: Hashable, Sendable {
    /// The revision number.
    var revision: Int
    /// The row of the `participants` table: author number and name.
    var authorKey: Int
    /// The row of the `clients` table and the sequence number of the change's identity; `nil` for host changes.
    var changeID: StoredChangeID?
    /// Wall time in milliseconds since 1970 (non-decreasing along revisions).
    var time: Int64
    /// The change in DMP delta text (`ChangeSet.deltaText()`); never contains a raw newline.
    var delta: String
    /// FNV-1a hash of the text after this revision, when the writer had one.
    var hash: UInt64?
}

/// Consecutive revisions packed into one row of the `revisions` table.
///
/// Storing each keystroke as its own SQLite row costs about as much in row overhead (cell pointer, rowid,
/// record header, 8-byte times and hashes) as the change itself. A run packs up to `Journal.Policy.runLength`
/// revisions: the changes as their DMP delta texts joined by newlines (column `changes`, readable with the
/// `sqlite3` shell), and the rest in one byte string (column `details`), per revision:
///
///     varint author key
///     varint flags = (client key + 1, or 0 without a change identity) << 1 | has hash
///     [zigzag varint sequence − previous sequence of that client in the run (0 before the first)]
///     zigzag varint time − previous revision's time (the first one's: − first_time), in ms
///     [8 bytes hash, least significant first]
///
/// The row also keeps `first_revision` (its key), `last_revision`, `base_length` (the text length before the
/// first revision: every later base length follows from the changes), `first_time`, `last_time`, and `checksum`:
/// FNV-1a over all of them (`checksum`), so damage SQLite cannot see (bytes changed inside a value) is reported
/// as such instead of replaying a wrong change.
///
/// Appending rewrites the open run's row, which stays small (`Policy.runBytes`), in the same transaction.
struct RevisionRun: Sendable {
    /// The first revision of the run.
    let firstRevision: Int
    /// The text length in scalars before `firstRevision`.
    let baseLength: Int
    /// The first revision's time (ms since 1970).
    let firstTime: Int64
    /// The last revision's time.
    private(set) var lastTime: Int64
    /// How many revisions the run holds.
    private(set) var count = 0
    /// The delta texts joined by "\n".
    private(set) var changes = ""
    /// The packed metadata (see the type notes).
    private(set) var details: [UInt8] = []
    /// Per client key, the last sequence number in the run (for the sequence deltas).
    private var lastSequence: [Int: UInt64] = [:]

    /// An empty run starting at `firstRevision` on a text of `baseLength` scalars at `firstTime`.
    init(firstRevision: Int, baseLength: Int, firstTime: Int64) {
        self.firstRevision = firstRevision
        self.baseLength = baseLength
        self.firstTime = firstTime
        lastTime = firstTime
    }

    /// The last revision of the run (`firstRevision − 1` while empty).
    var lastRevision: Int { firstRevision + count - 1 }

    /// The packed size in bytes (both columns).
    var byteCount: Int { changes.utf8.count + details.count }

    /// Adds the next revision.
    ///
    /// - Precondition: `stored.revision == lastRevision + 1`, its time is not before `lastTime`, its delta has
    ///   no newline.
    mutating func append(_ stored: StoredRevision) {
        precondition(stored.revision == lastRevision + 1, "revision \(stored.revision) after \(lastRevision)")
        precondition(stored.time >= lastTime, "revision times must not decrease")
        if count > 0 { changes += "\n" }
        changes += stored.delta
        ByteCoding.appendVarint(UInt64(stored.authorKey), to: &details)
        let clientCode = stored.changeID.map { UInt64($0.clientKey) + 1 } ?? 0
        ByteCoding.appendVarint(clientCode << 1 | (stored.hash == nil ? 0 : 1), to: &details)
        if let id = stored.changeID {
            let previous = lastSequence[id.clientKey] ?? 0
            ByteCoding.appendSigned(Int64(bitPattern: id.sequence &- previous), to: &details)
            lastSequence[id.clientKey] = id.sequence
        }
        ByteCoding.appendSigned(stored.time - lastTime, to: &details)
        if let hash = stored.hash { ByteCoding.appendFixed64(hash, to: &details) }
        lastTime = stored.time
        count += 1
    }

    /// The row's checksum (see the type notes).
    var checksum: UInt64 {
        Self.checksum(
            firstRevision: firstRevision, lastRevision: lastRevision, baseLength: baseLength, firstTime: firstTime,
            lastTime: lastTime, changes: changes, details: details)
    }

    /// FNV-1a over the decimal numbers (space-separated, then a newline), the changes' UTF-8 and the details.
    static func checksum(
        firstRevision: Int, lastRevision: Int, baseLength: Int, firstTime: Int64, lastTime: Int64, changes: String,
        details: [UInt8]
    ) -> UInt64 {
        let numbers = "\(firstRevision) \(lastRevision) \(baseLength) \(firstTime) \(lastTime)\n"
        return ByteCoding.fnv1a([Array(numbers.utf8), Array(changes.utf8), details])
    }

    /// Decodes a run from its row's columns.
    ///
    /// - Throws: `ByteCoding.Failure` saying what does not fit (count, packed bytes, times).
    static func decode(
        firstRevision: Int, lastRevision: Int, baseLength: Int, firstTime: Int64, changes: String, details: [UInt8]
    ) throws(ByteCoding.Failure) -> [StoredRevision] {
        let count = lastRevision - firstRevision + 1
        guard count >= 1 else { throw .init(reason: "revisions \(firstRevision)...\(lastRevision) is empty") }
        let deltas = changes.split(separator: "\n", omittingEmptySubsequences: false)
        guard deltas.count == count else {
            throw .init(reason: "\(deltas.count) changes for \(count) revisions")
        }
        var result: [StoredRevision] = []
        result.reserveCapacity(count)
        var index = 0
        var time = firstTime
        var lastSequence: [Int: UInt64] = [:]
        for offset in 0..<count {
            let authorKey = try ByteCoding.readCount(details, at: &index)
            let flags = try ByteCoding.readVarint(details, at: &index)
            var changeID: StoredChangeID?
            if flags >> 1 > 0 {
                let clientKey = Int(flags >> 1) - 1
                let sequence =
                    (lastSequence[clientKey] ?? 0)
                    &+ UInt64(
                        bitPattern: try ByteCoding.readSigned(details, at: &index))
                lastSequence[clientKey] = sequence
                changeID = StoredChangeID(clientKey: clientKey, sequence: sequence)
            }
            let step = try ByteCoding.readSigned(details, at: &index)
            guard step >= 0 else { throw .init(reason: "time goes back at revision \(firstRevision + offset)") }
            time += step
            let hash = flags & 1 == 1 ? try ByteCoding.readFixed64(details, at: &index) : nil
            result.append(
                StoredRevision(
                    revision: firstRevision + offset, authorKey: authorKey, changeID: changeID, time: time,
                    delta: String(deltas[offset]), hash: hash))
        }
        guard index == details.count else {
            throw .init(reason: "\(details.count - index) unexpected bytes after the last revision's details")
        }
        return result
    }
}
