import EditorCore
import Foundation
import Journal
import SyncEngine
import Testing

@Suite struct JournalAppendTests {
    @Test func appendedRevisionsReadBack() throws {
        let directory = try TemporaryDirectory()
        let history = RandomHistory(seed: 1, revisions: 40)
        let journal = try Journal.create(
            at: directory.file("a.journal.sqlite"), documentPath: "/docs/a.tex", epoch: 77,
            text: history.initialText, time: Date(timeIntervalSince1970: 1_790_000_000))
        for record in history.records {
            try journal.append(record.entry, authorName: record.authorName, time: record.time, hash: record.hash)
        }
        #expect(try journal.latestRevision() == 40)
        #expect(journal.epoch == 77)
        #expect(journal.documentPath == "/docs/a.tex")
        #expect(journal.headText?.string == history.texts.last)
        for revision in 0...40 {
            #expect(try journal.text(at: revision) == history.texts[revision], "revision \(revision)")
        }
        #expect(try journal.entries(after: 0) == history.records.map(\.entry))
        #expect(try journal.entries(after: 33) == Array(history.records.map(\.entry)[33...]))
        #expect(try journal.entries(after: 40).isEmpty)
    }

    @Test func revisionsSurviveClosingAndReopening() throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("b.journal.sqlite")
        let history = RandomHistory(seed: 2, revisions: 30)
        var journal = try Journal.create(
            at: url, documentPath: "/docs/b.md", epoch: 5, text: history.initialText, policy: tinyPolicy)
        try journal.append(Array(history.records[0..<12]))
        journal.close()
        // Reopened: the open run and the snapshot counters continue where they were.
        journal = try Journal.open(at: url, documentPath: "/docs/b.md", policy: tinyPolicy)
        #expect(try journal.latestRevision() == 12)
        for record in history.records[12...] { try journal.append([record]) }
        journal.close()
        journal = try Journal.open(at: url, readOnly: true)
        #expect(journal.epoch == 5)
        for revision in 0...30 {
            #expect(try journal.text(at: revision) == history.texts[revision], "revision \(revision)")
        }
        #expect(try journal.entries(after: 0) == history.records.map(\.entry))
    }

    @Test func anAppendThatDoesNotFollowIsRefusedAndWritesNothing() throws {
        let directory = try TemporaryDirectory()
        let journal = try Journal.create(
            at: directory.file("c.journal.sqlite"), documentPath: "/c", epoch: 1, text: "héllo")
        let skip = LogEntry(
            revision: 2, author: ParticipantID(0), id: nil, change: .replacing(0..<0, with: "x", baseLength: 5))
        #expect(throws: JournalError.self) { try journal.append(skip, authorName: "a") }
        let wrongLength = LogEntry(
            revision: 1, author: ParticipantID(0), id: nil, change: .replacing(0..<0, with: "x", baseLength: 4))
        do {
            try journal.append(wrongLength, authorName: "a")
            Issue.record("a change of the wrong length was accepted")
        } catch {
            guard case .doesNotFollow = error.reason else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(error.description.hasPrefix("history file \(journal.file): "))
        }
        // A batch with a bad record in the middle is all or nothing.
        let good = LogEntry(
            revision: 1, author: ParticipantID(0), id: nil, change: .replacing(5..<5, with: "!", baseLength: 5))
        #expect(throws: JournalError.self) {
            try journal.append([
                JournalRecord(entry: good, authorName: "a", time: Date()),
                JournalRecord(entry: skip, authorName: "a", time: Date()),
            ])
        }
        #expect(try journal.latestRevision() == 0)
        try journal.append(good, authorName: "a")
        #expect(try journal.text(at: 1) == "héllo!")
    }

    @Test func theCommitHookShapeUsesNamesGivenBefore() throws {
        let journal = try Journal.inMemory(documentPath: "/h", epoch: 1, text: "")
        journal.nameParticipant(ParticipantID(3), "Ana")
        var text = TextBuffer("")
        for (revision, author) in [ParticipantID(3), ParticipantID(4)].enumerated() {
            let change = ChangeSet.replacing(0..<0, with: "ñ", baseLength: text.scalarCount)
            try change.apply(to: &text)
            try journal.append(LogEntry(revision: revision + 1, author: author, id: nil, change: change))
        }
        #expect(try journal.revisions().map(\.authorName) == ["Ana", "#4"])
        #expect(try journal.text(at: 2) == "ññ")
    }

    @Test func timesNeverDecrease() throws {
        let directory = try TemporaryDirectory()
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        let journal = try Journal.create(
            at: directory.file("t.journal.sqlite"), documentPath: "/t", epoch: 1, text: "", time: start)
        var text = TextBuffer("")
        for (revision, offset) in [10.0, 5.0, 20.0].enumerated() {
            let change = ChangeSet.replacing(0..<0, with: "é", baseLength: text.scalarCount)
            try change.apply(to: &text)
            try journal.append(
                LogEntry(revision: revision + 1, author: ParticipantID(0), id: nil, change: change), authorName: "a",
                time: start.addingTimeInterval(offset))
        }
        let times = try journal.revisions().map { $0.time.timeIntervalSince(start) }
        #expect(times == [10, 10, 20])
        #expect(try journal.revision(at: start.addingTimeInterval(-1)) == nil)
        #expect(try journal.revision(at: start) == 0)
        #expect(try journal.revision(at: start.addingTimeInterval(10)) == 2)
        #expect(try journal.revision(at: start.addingTimeInterval(19.999)) == 2)
        #expect(try journal.version(at: start.addingTimeInterval(25))?.text == "ééé")
    }

    @Test func oneWriterAtATimeAndReadersCannotWrite() throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("w.journal.sqlite")
        let writer = try Journal.create(at: url, documentPath: "/w", epoch: 1, text: "a")
        do {
            _ = try Journal.open(at: url)
            Issue.record("a second writer opened the journal")
        } catch {
            #expect(error.reason == .inUse)
        }
        let reader = try Journal.open(at: url, readOnly: true)
        let entry = LogEntry(
            revision: 1, author: ParticipantID(0), id: nil, change: .replacing(1..<1, with: "b", baseLength: 1))
        #expect(throws: JournalError(file: url.path, reason: .readOnly)) {
            try reader.append(entry, authorName: "x")
        }
        try writer.append(entry, authorName: "x")
        #expect(try reader.latestRevision() == 1)
        #expect(try reader.text(at: 1) == "ab")
        writer.close()
        _ = try Journal.open(at: url)  // the lock is released on close
    }

    @Test func anInMemoryJournalWorksLikeAFileOne() throws {
        let history = RandomHistory(seed: 3, revisions: 20)
        let journal = try Journal.inMemory(documentPath: "/m", epoch: 9, text: history.initialText, policy: tinyPolicy)
        try journal.append(history.records)
        for revision in 0...20 { #expect(try journal.text(at: revision) == history.texts[revision]) }
        #expect(journal.file == ":memory:")
    }

    @Test func anInMemoryJournalCanStartMidSession() throws {
        // The fallback when appends start failing at revision 41: history goes on in memory from there.
        let history = RandomHistory(seed: 6, revisions: 50)
        let journal = try Journal.inMemory(documentPath: "/m", epoch: 9, text: history.texts[40], revision: 40)
        #expect(try journal.latestRevision() == 40)
        try journal.append(Array(history.records[40...]))
        for revision in 40...50 { #expect(try journal.text(at: revision) == history.texts[revision]) }
        #expect(throws: JournalError(file: ":memory:", reason: .noSuchRevision(39, first: 40, latest: 50))) {
            try journal.text(at: 39)
        }
        #expect(try journal.entries(after: 45) == Array(history.records.map(\.entry)[45...]))
        #expect(try journal.recoveryPlan(diskText: history.texts[40]) == .unsavedEdits(unsavedRevisions: 10))
    }

    @Test func openOrCreateUsesOneFilePerDocument() throws {
        let directory = try TemporaryDirectory()
        let history = directory.url.appendingPathComponent("state/coedit/history")
        let (first, created) = try Journal.openOrCreate(
            forDocument: "/papers/notes.tex", in: history, epoch: 42, text: "ça")
        #expect(created)
        #expect(first.file.hasSuffix(".journal.sqlite"))
        first.close()
        let (again, createdAgain) = try Journal.openOrCreate(
            forDocument: "/papers/./notes.tex", in: history, epoch: 43, text: "ignored")
        #expect(!createdAgain)
        #expect(again.epoch == 42)
        #expect(try again.text(at: 0) == "ça")
        let (other, _) = try Journal.openOrCreate(forDocument: "/other/notes.tex", in: history, epoch: 44, text: "")
        #expect(other.file != again.file)
        let permissions = try FileManager.default.attributesOfItem(atPath: again.file)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }
}
