@testable import EditorCore
import Foundation
import GRDB
@testable import Journal
import SyncEngine
import Testing

/// The host hands the journal its own text after each revision (`append(_:resultingText:)`): the journal keeps
/// that rope as its head instead of applying every change to a second copy, and writes exactly what it wrote before.
@Suite struct JournalCallerTextTests {
    /// Snapshots every few revisions and a computed hash every third revision, so both come from the caller's text.
    private let policy = Journal.Policy(
        runLength: 5, runBytes: 300, snapshotRevisions: 7, snapshotBytesPerRevision: 64, snapshotMinimumBytes: 400,
        hashInterval: 3)

    /// Every row of the tables a revision writes, as text.
    private func rows(_ journal: Journal) throws -> [String] {
        try journal.database.read { db in
            let revisions = try Row.fetchAll(db, sql: "SELECT * FROM revisions ORDER BY first_revision")
            let snapshots = try Row.fetchAll(db, sql: "SELECT * FROM snapshots ORDER BY revision")
            let others = try Row.fetchAll(db, sql: "SELECT * FROM participants ORDER BY key")
                + Row.fetchAll(db, sql: "SELECT * FROM clients ORDER BY key")
            return (revisions + snapshots + others).map(\.description)
        }
    }

    @Test(arguments: [11, 12] as [UInt64])
    func theCallersTextGivesTheSameRowsAsApplyingEachChange(seed: UInt64) throws {
        let directory = try TemporaryDirectory()
        let history = RandomHistory(seed: seed, revisions: 60)
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        func create(_ name: String) throws -> Journal {
            try Journal.create(
                at: directory.file(name), documentPath: "/docs/thèse.tex", epoch: 9, text: history.initialText,
                time: start, policy: policy)
        }
        let applying = try create("applying.journal.sqlite")
        let given = try create("given.journal.sqlite")
        for (index, record) in history.records.enumerated() {
            // The caller's hash is what a revision keeps; drop it so the journal computes its own every 3rd.
            var record = record
            record.hash = nil
            try applying.append([record])
            let text = TextBuffer(history.texts[index + 1])
            try given.append([record], resultingText: text)
            #expect(given.headText?.root === text.root, "seed \(seed): revision \(index + 1) kept as given, not copied")
        }
        #expect(try rows(given) == rows(applying), "seed \(seed)")
        let snapshots = try given.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM snapshots") }
        #expect((snapshots ?? 0) > 3, "seed \(seed): snapshots were taken from the given texts")
        for revision in 0...history.records.count {
            #expect(try given.text(at: revision) == history.texts[revision], "seed \(seed): revision \(revision)")
        }
        // Reopened, it goes on applying changes itself from a head it replays.
        given.close()
        let reopened = try Journal.open(at: directory.file("given.journal.sqlite"), policy: policy)
        #expect(reopened.headText?.string == history.texts.last)
    }

    @Test func aGivenTextOfTheWrongLengthIsRefusedAndWritesNothing() throws {
        let journal = try Journal.inMemory(documentPath: "/d", epoch: 1, text: "añb")
        let change = ChangeSet.replacing(1..<2, with: "ü日", baseLength: 3)
        let entry = LogEntry(revision: 1, author: ParticipantID(0), id: nil, change: change)
        do {
            try journal.append(entry, resultingText: TextBuffer("aü日"))
            Issue.record("a text one scalar short was accepted")
        } catch {
            guard case .doesNotFollow(let reason) = error.reason else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(reason.contains("takes 3 scalars to 4") && reason.contains("text given 3"), "\(reason)")
        }
        #expect(try journal.latestRevision() == 0)
        try journal.append(entry, resultingText: TextBuffer("aü日b"))
        #expect(try journal.text(at: 1) == "aü日b")
    }
}
