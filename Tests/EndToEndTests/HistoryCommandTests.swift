import EditorCore
import BlockingTestThreads
import Foundation
import Journal
import SyncEngine
import Testing

/// `coedit log` and `coedit show` on a journal written through the Journal library, run as the real binary.
@Suite(.serialized, .blockingThreads, .timeLimit(.minutes(1))) struct HistoryCommandTests {
    /// A journal for `notes.tex` in `history/`: "Café" typed by zoé, then "漢字😀" appended by 山田.
    private func makeJournal(_ environment: EndToEndEnvironment) throws -> String {
        let historyDirectory = environment.root + "/history"
        try FileManager.default.createDirectory(atPath: historyDirectory, withIntermediateDirectories: true)
        let document = environment.path("notes.tex")
        let (journal, created) = try Journal.openOrCreate(
            forDocument: document, in: URL(fileURLWithPath: historyDirectory), epoch: 7, text: "")
        #expect(created)
        try journal.append(
            LogEntry(revision: 1, author: ParticipantID(0), id: nil,
                change: .replacing(0..<0, with: "Café\n", baseLength: 0)),
            authorName: "zoé")
        try journal.append(
            LogEntry(revision: 2, author: ParticipantID(1), id: nil,
                change: .replacing(5..<5, with: "漢字😀\n", baseLength: 5)),
            authorName: "山田")
        journal.close()
        return historyDirectory
    }

    @Test func logListsEveryRevisionWithItsAuthor() throws {
        let environment = try EndToEndEnvironment()
        let history = try makeJournal(environment)
        let session = try environment.startCoedit(["log", "notes.tex", "--history", history])
        defer { session.close() }
        #expect(try session.waitForExit() == .status(0))
        let screen = try session.waitFor("山田")
        #expect(screen.contains("zoé"))
        #expect(screen.split(separator: "\n").contains { $0.contains("2") && $0.contains("山田") })
    }

    @Test func logFiltersByAuthor() throws {
        let environment = try EndToEndEnvironment()
        let history = try makeJournal(environment)
        let session = try environment.startCoedit(["log", "notes.tex", "--history", history, "--author", "zoé"])
        defer { session.close() }
        #expect(try session.waitForExit() == .status(0))
        let screen = try session.waitFor("zoé")
        #expect(!screen.contains("山田"))
    }

    @Test func showPrintsTheTextAtARevision() throws {
        let environment = try EndToEndEnvironment()
        let history = try makeJournal(environment)
        let session = try environment.startCoedit(["show", "notes.tex", "--history", history, "--at", "1"])
        defer { session.close() }
        #expect(try session.waitForExit() == .status(0))
        let screen = try session.waitFor("Café")
        #expect(!screen.contains("漢字"))
        let latest = try environment.startCoedit(["show", "notes.tex", "--history", history, "--at", "2"])
        defer { latest.close() }
        #expect(try latest.waitForExit() == .status(0))
        try latest.waitFor("漢字")
    }

    @Test func aMissingJournalOrRevisionIsOneLineAndNonZero() throws {
        let environment = try EndToEndEnvironment()
        // A wide pane so that the long path in the message is not wrapped onto a second screen line.
        let session = try environment.startCoedit(
            ["log", "other.tex", "--history", environment.root + "/history"], columns: 400)
        defer { session.close() }
        #expect(try session.waitForExit() == .status(1))
        let lines = try session.waitFor("coedit:").split(separator: "\n")
        #expect(lines.count == 1)
        let history = try makeJournal(environment)
        let future = try environment.startCoedit(
            ["show", "notes.tex", "--history", history, "--at", "99"], columns: 400)
        defer { future.close() }
        #expect(try future.waitForExit() == .status(1))
        #expect(try future.waitFor("coedit:").split(separator: "\n").count == 1)
    }
}
