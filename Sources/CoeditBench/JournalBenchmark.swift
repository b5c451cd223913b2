import EditorCore
import Foundation
import TestSupport
import GRDB
import Journal
import SyncEngine

/// The journal on the automerge-paper trace (259,778 single-keystroke edits → 104,852 scalars of LaTeX), journaled
/// one keystroke per revision, beside references measured in the same run:
///
/// - size on disk beside "naive full copies" (the text after every revision stored whole) and beside the same
///   revisions stored one SQLite row each (plain schema: delta text, base length, author, name, time, hash);
/// - append throughput, one durable transaction (fsync) per revision, and in batches of 100 (group commit);
/// - `text(at:)` for random revisions beside replaying every change from revision 0;
/// - the history view's step: `detail(at:)` of 200 consecutive revisions going back.
///
/// The trace is `<package root>/../shared/traces/automerge-paper.json.gz` (or one level further up from a git
/// worktree), read with /bin/gzip; positions count Unicode scalars.
struct JournalBenchmark {
    /// How many random revisions `text(at:)` is timed on, and how many of those the replay reference runs.
    var samples = 200
    var replaySamples = 20
    /// How many revisions are appended one transaction (one fsync) each; the rest go in batches of 100.
    var fsyncRevisions = 20_000

    struct Trace {
        var changes: [ChangeSet]
        var times: [Date]
        var endContent: String
    }

    static func loadTrace() throws -> Trace {
        let traceName = "automerge-paper.json.gz"
        let data = try SharedTraces.data(of: traceName)
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let end = root["endContent"] as? String, let txns = root["txns"] as? [[String: Any]]
        else { throw BenchmarkError("\(traceName) is not a sequential trace") }
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var trace = Trace(changes: [], times: [], endContent: end)
        var length = 0
        var time = Date(timeIntervalSince1970: 1_618_812_418)
        var lastTimeText = ""  // the trace has 143 distinct times over 259,778 transactions: parse each once
        for (index, txn) in txns.enumerated() {
            if let text = txn["time"] as? String, text != lastTimeText, let parsed = parser.date(from: text) {
                time = parsed
                lastTimeText = text
            }
            for case let patch as [Any] in txn["patches"] as? [Any] ?? [] {
                guard patch.count == 3, let position = patch[0] as? Int, let deleted = patch[1] as? Int,
                    let inserted = patch[2] as? String, position >= 0, deleted >= 0, position + deleted <= length
                else { throw BenchmarkError("transaction \(index): bad patch") }
                let change = ChangeSet.replacing(position..<position + deleted, with: inserted, baseLength: length)
                length = change.targetLength
                trace.changes.append(change)
                trace.times.append(time)
            }
        }
        return trace
    }

    func run() throws -> [String] {
        let trace = try Self.loadTrace()
        let count = trace.changes.count
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("coedit-journal-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        // The host's records: author "paper" (participant 0, one client). No hash: the host's commit hook
        // (`HostEffect.commit`) carries none, so the journal hashes every 256th revision itself.
        var records: [JournalRecord] = []
        records.reserveCapacity(count)
        var text = TextBuffer("")
        var fullCopiesBytes = 0
        for (index, change) in trace.changes.enumerated() {
            try change.apply(to: &text)
            fullCopiesBytes += text.utf8Count
            let revision = index + 1
            let entry = LogEntry(
                revision: revision, author: ParticipantID(0),
                id: ChangeID(client: ClientID(0x5eed), sequence: UInt64(revision)), change: change)
            records.append(JournalRecord(entry: entry, authorName: "paper", time: trace.times[index]))
        }
        guard text.string == trace.endContent else { throw BenchmarkError("the trace does not replay to its end") }

        // One durable append (one fsync) per keystroke for the first `fsyncRevisions`, then batches of 100 per
        // transaction (group commit), all into the same journal.
        let url = directory.appendingPathComponent("paper.journal.sqlite")
        let journal = try Journal.create(
            at: url, documentPath: "/bench/paper.tex", epoch: 1, text: "", time: trace.times[0])
        let singles = min(fsyncRevisions, count)
        let single = try Measure.onceSeconds { for record in records.prefix(singles) { try journal.append([record]) } }
            .seconds
        let batched = try Measure.onceSeconds {
            var start = singles
            while start < count {
                try journal.append(Array(records[start..<min(start + 100, count)]))
                start += 100
            }
        }.seconds
        journal.close()
        let size = try fileSize(url) + ((try? fileSize(URL(fileURLWithPath: url.path + "-wal"))) ?? 0)

        let rowPerRevisionBytes = try rowPerRevisionSize(records, directory: directory)

        // text(at:) on random revisions, beside replaying from revision 0.
        let (openTime, reader) = try Measure.onceSeconds { try Journal.open(at: url, readOnly: true) }
        var generator = BenchmarkRandom(seed: 2026)
        let revisions = (0..<samples).map { _ in Int(generator.next() % UInt64(count + 1)) }
        var lookups: [Double] = []
        for revision in revisions {
            let (seconds, value) = try Measure.onceSeconds { try reader.text(at: revision) }
            lookups.append(seconds)
            guard revision != count || value == trace.endContent else { throw BenchmarkError("wrong final text") }
        }
        guard try reader.text(at: count) == trace.endContent else { throw BenchmarkError("wrong final text") }
        // The history view scrubbing back: `detail(at:)` of 200 consecutive revisions down from a random one.
        let scrubStart = min(count, max(200, Int(generator.next() % UInt64(count + 1))))
        var steps: [Double] = []
        for revision in stride(from: scrubStart, to: max(0, scrubStart - 200), by: -1) {
            steps.append(try Measure.onceSeconds { try reader.detail(at: revision) }.seconds)
        }
        var replays: [Double] = []
        for revision in revisions.prefix(replaySamples) {
            replays.append(
                try Measure.onceSeconds { () throws -> TextBuffer in
                    var replayed = TextBuffer("")
                    for change in trace.changes.prefix(revision) { try change.apply(to: &replayed) }
                    return replayed
                }.seconds)
        }
        let logTime = try Measure.onceSeconds { try reader.revisions() }.seconds
        let restoreTime = try Measure.onceSeconds { try reader.restoration() }.seconds
        let storage = try reader.storage()
        let snapshots = storage.snapshots
        reader.close()

        func megabytes(_ bytes: Int) -> String { String(format: "%.2f MB", Double(bytes) / 1_000_000) }
        func rate(_ revisions: Int, _ seconds: Double) -> String {
            String(format: "%.0f revisions/s", Double(revisions) / max(seconds, 1e-9))
        }
        let perRevision = String(format: "%.1f B/revision", Double(size) / Double(count))
        let singleEach = formatSeconds(single / Double(max(singles, 1)))
        let rows: [(String, String, String)] = [
            (
                "size on disk, \(count) revisions", "\(megabytes(size)) (\(perRevision), \(snapshots) snapshots)",
                "naive full copies \(megabytes(fullCopiesBytes)); "
                    + "one SQLite row per revision \(megabytes(rowPerRevisionBytes))"
            ),
            (
                "of which",
                "\(megabytes(storage.revisionBytes)) packed revisions in \(storage.rows) rows, "
                    + "\(megabytes(storage.snapshotBytes)) snapshot text, \(storage.freePages) free of "
                    + "\(storage.pages) pages", "—"
            ),
            (
                "append, one fsync per revision (first \(singles))", "\(rate(singles, single)) (\(singleEach) each)",
                "—"
            ),
            (
                "append, 100 revisions per transaction (the other \(count - singles))", rate(count - singles, batched),
                "—"
            ),
            (
                "text(at:) random revision, median of \(samples)", formatSeconds(Measure.median(lookups)),
                "replay from revision 0: \(formatSeconds(Measure.median(replays))) (median of \(replaySamples))"
            ),
            (
                "text(at:) random revision, max", formatSeconds(lookups.max() ?? 0),
                "replay from revision 0: \(formatSeconds(replays.max() ?? 0))"
            ),
            (
                "history view step (`detail(at:)`, 200 revisions back from \(scrubStart)), median / max",
                "\(formatSeconds(Measure.median(steps))) / \(formatSeconds(steps.max() ?? 0))", "—"
            ),
            ("open for reading (header, quick_check, identity)", formatSeconds(openTime), "—"),
            ("coedit log (all \(count) summaries)", formatSeconds(logTime), "—"),
            ("restore a host (text + 10,000 entries)", formatSeconds(restoreTime), "—"),
        ]
        return ["| measure | coedit journal | reference |", "| --- | ---: | ---: |"]
            + rows.map { "| \($0.0) | \($0.1) | \($0.2) |" }
    }

    /// The size of the same revisions stored one row each, in a plain table (the layout the packed runs avoid).
    private func rowPerRevisionSize(_ records: [JournalRecord], directory: URL) throws -> Int {
        let url = directory.appendingPathComponent("rows.sqlite")
        let database = try DatabaseQueue(path: url.path)
        try database.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE revisions (revision INTEGER PRIMARY KEY, author INTEGER NOT NULL,
                    author_name TEXT NOT NULL, client INTEGER, sequence INTEGER, delta TEXT NOT NULL,
                    base_length INTEGER NOT NULL, time INTEGER NOT NULL, hash INTEGER)
                    """)
            let statement = try db.makeStatement(sql: "INSERT INTO revisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
            for record in records {
                let entry = record.entry
                try statement.execute(arguments: [
                    entry.revision, Int64(entry.author.rawValue), record.authorName,
                    entry.id.map { Int64(bitPattern: $0.client.rawValue) }, entry.id.map { Int64($0.sequence) },
                    entry.change.deltaText(), entry.change.baseLength,
                    Int64(record.time.timeIntervalSince1970 * 1000), record.hash.map { Int64(bitPattern: $0.rawValue) },
                ])
            }
        }
        try database.close()
        return try fileSize(url)
    }

    private func fileSize(_ url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
    }
}

/// A small deterministic generator (SplitMix64) for picking revisions.
struct BenchmarkRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
