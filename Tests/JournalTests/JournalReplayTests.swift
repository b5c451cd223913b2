import EditorCore
import Foundation
import GRDB
import SyncEngine
import TestSupport
import Testing

@testable import Journal

/// `text(at:)` against replaying every change from revision 0, across runs and snapshots.
@Suite struct JournalReplayTests {
    @Test func everyRevisionReadsAsTheReplayGivesIt() throws {
        let directory = try TemporaryDirectory()
        for seed in TestBudget.caseSeeds(12) {
            let history = RandomHistory(seed: seed, revisions: 120)
            let policy = seed % 2 == 0 ? tinyPolicy : Journal.Policy()
            let url = directory.file("r\(seed).journal.sqlite")
            let journal = try Journal.create(
                at: url, documentPath: "/r/\(seed)", epoch: seed, text: history.initialText, policy: policy)
            var records = history.records[...]
            var generator = SeededGenerator(seed: seed)
            while !records.isEmpty {  // batches of random sizes, one transaction each
                let count = min(records.count, Int.random(in: 1...9, using: &generator))
                try journal.append(Array(records.prefix(count)))
                records = records.dropFirst(count)
            }
            // The reference: replay every change from revision 0 (entries(after: 0) must be those changes).
            let entries = try journal.entries(after: 0)
            #expect(entries == history.records.map(\.entry), "seed \(seed)")
            var text = history.initialText
            for revision in 0...120 {
                if revision > 0 { text = try entries[revision - 1].change.apply(to: text) }
                #expect(text == history.texts[revision], "seed \(seed) revision \(revision)")
                #expect(try journal.text(at: revision) == text, "seed \(seed) revision \(revision)")
            }
            let after = Int.random(in: 0...120, using: &generator)
            #expect(try journal.entries(after: after) == Array(entries[after...]), "seed \(seed) after \(after)")
            journal.close()
        }
    }

    /// The snapshot revisions of a journal file.
    func snapshotRevisions(_ journal: Journal) throws -> [Int] {
        try journal.database.read { db in try Int.fetchAll(db, sql: "SELECT revision FROM snapshots ORDER BY revision")
        }
    }

    @Test func snapshotsAreTakenByCountAndReadCorrectlyAroundThem() throws {
        let directory = try TemporaryDirectory()
        let history = RandomHistory(seed: 5, revisions: 40)
        let policy = Journal.Policy(runLength: 4, snapshotRevisions: 10, snapshotMinimumBytes: 1_000_000)
        let journal = try Journal.create(
            at: directory.file("s.journal.sqlite"), documentPath: "/s", epoch: 1, text: history.initialText,
            policy: policy)
        try journal.append(history.records)
        #expect(try snapshotRevisions(journal) == [0, 10, 20, 30, 40])
        for snapshot in [10, 20, 30] {
            for revision in snapshot - 1...snapshot + 1 {
                #expect(try journal.text(at: revision) == history.texts[revision], "revision \(revision)")
            }
        }
        let runs = try journal.database.read { db in
            try Row.fetchAll(db, sql: "SELECT first_revision, last_revision FROM revisions ORDER BY first_revision")
                .map { [$0["first_revision"] as Int, $0["last_revision"] as Int] }
        }
        #expect(runs.first == [1, 4])
        #expect(runs.count == 10)
    }

    @Test func aLargePasteTriggersASnapshot() throws {
        let directory = try TemporaryDirectory()
        let policy = Journal.Policy(snapshotRevisions: 1000, snapshotMinimumBytes: 1000)
        let journal = try Journal.create(
            at: directory.file("p.journal.sqlite"), documentPath: "/p", epoch: 1, text: "début", policy: policy)
        var text = TextBuffer("début")
        var revision = 0
        func type(_ insert: String) throws {
            let change = ChangeSet.replacing(
                text.scalarCount..<text.scalarCount, with: insert, baseLength: text.scalarCount)
            try change.apply(to: &text)
            revision += 1
            try journal.append(
                LogEntry(revision: revision, author: ParticipantID(0), id: nil, change: change), authorName: "a")
        }
        for _ in 0..<5 { try type("x") }
        #expect(try snapshotRevisions(journal) == [0])
        try type(String(repeating: "日本語のテキスト ", count: 100))  // 2,800 bytes escaped and more
        #expect(try snapshotRevisions(journal) == [0, 6])
        try type("y")
        #expect(try journal.text(at: 7) == text.string)
        #expect(try journal.text(at: 5) == "débutxxxxx")
    }

    @Test func theWriterRunsInWALModeWithFullSync() throws {
        let directory = try TemporaryDirectory()
        let journal = try Journal.create(at: directory.file("d.journal.sqlite"), documentPath: "/d", epoch: 1, text: "")
        let (mode, synchronous, applicationID, version) = try journal.database.read { db in
            (
                try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"),
                try Int.fetchOne(db, sql: "PRAGMA application_id"), try Int.fetchOne(db, sql: "PRAGMA user_version")
            )
        }
        #expect(mode == "wal")
        #expect(synchronous == 2)  // FULL
        #expect(applicationID == 0x636F_6564)
        #expect(version == 1)
    }

    @Test func aWrongRecordedHashIsReported() throws {
        let directory = try TemporaryDirectory()
        let journal = try Journal.create(
            at: directory.file("h.journal.sqlite"), documentPath: "/h", epoch: 1, text: "ab")
        let change = ChangeSet.replacing(1..<1, with: "ü", baseLength: 2)
        try journal.append(
            LogEntry(revision: 1, author: ParticipantID(0), id: nil, change: change), authorName: "a",
            hash: TextHash(of: "not it"))
        #expect(try journal.text(at: 0) == "ab")
        do {
            _ = try journal.text(at: 1)
            Issue.record("a revision whose hash does not match was returned")
        } catch {
            #expect(error.reason == .corrupt("replaying to revision 1 does not give its recorded hash"))
        }
        #expect(throws: JournalError(file: journal.file, reason: .noSuchRevision(2, first: 0, latest: 1))) {
            try journal.text(at: 2)
        }
    }
}
