import EditorCore
import Foundation
import Journal
import SyncEngine
import Testing

/// `coedit log` and `coedit show`: summaries with filters, time parsing, and the exact printed text.
@Suite struct JournalHistoryQueryTests {
    static let utc = TimeZone(secondsFromGMT: 0)!
    static let start = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21 14:13:20 UTC

    /// A journal of four revisions by two authors, 1 minute apart, in `directory`'s history folder.
    func makeJournal(_ directory: TemporaryDirectory) throws -> (Journal, URL) {
        let history = directory.url.appendingPathComponent("history")
        let (journal, _) = try Journal.openOrCreate(
            forDocument: "/docs/thèse.tex", in: history, epoch: 1, text: "abc", time: Self.start)
        let edits: [(String, ParticipantID, ChangeSet)] = [
            ("Zoë", ParticipantID(0), .replacing(3..<3, with: "déf", baseLength: 3)),
            ("李雷", ParticipantID(1), .replacing(0..<2, with: "", baseLength: 6)),
            ("Zoë", ParticipantID(0), .replacing(1..<3, with: "👩‍💻", baseLength: 4)),
            (OutsideEdit.diskAuthorName, ParticipantID(2), .replacing(0..<0, with: "% \n", baseLength: 5)),
        ]
        for (index, (name, author, change)) in edits.enumerated() {
            try journal.append(
                LogEntry(revision: index + 1, author: author, id: nil, change: change), authorName: name,
                time: Self.start.addingTimeInterval(Double(60 * (index + 1))))
        }
        return (journal, history)
    }

    @Test func summariesCountScalarsAndFilter() throws {
        let directory = try TemporaryDirectory()
        let (journal, _) = try makeJournal(directory)
        let all = try journal.revisions()
        #expect(all.map(\.revision) == [1, 2, 3, 4])
        #expect(all.map(\.inserted) == [3, 0, 3, 3])
        #expect(all.map(\.deleted) == [0, 2, 2, 0])
        #expect(all[1].author == ParticipantID(1))
        #expect(try journal.revisions(author: "Zoë").map(\.revision) == [1, 3])
        #expect(try journal.revisions(author: "nobody").isEmpty)
        #expect(try journal.revisions(since: Self.start.addingTimeInterval(120)).map(\.revision) == [2, 3, 4])
        #expect(try journal.revisions(since: Self.start.addingTimeInterval(121), author: "Zoë").map(\.revision) == [3])
        #expect(try journal.text(at: 4) == "% \nc👩‍💻f")
    }

    @Test func logPrintsExactly() throws {
        let directory = try TemporaryDirectory()
        let (journal, history) = try makeJournal(directory)
        journal.close()
        let reader = try HistoryCommands.openJournal(
            forDocument: "/docs/thèse.tex", historyDirectory: history, environment: [:])
        let expected = """
            REV  TIME                 AUTHOR  CHANGE
              1  2026-09-21 14:14:20  Zoë     +3 -0
              2  2026-09-21 14:15:20  李雷      +0 -2
              3  2026-09-21 14:16:20  Zoë     +3 -2
              4  2026-09-21 14:17:20  disk    +3 -0

            """
        #expect(try HistoryCommands.log(reader, since: nil, author: nil, timeZone: Self.utc) == expected)
        #expect(
            try HistoryCommands.log(reader, since: "2026-09-21 14:16", author: "Zoë", timeZone: Self.utc)
                == "REV  TIME                 AUTHOR  CHANGE\n  3  2026-09-21 14:16:20  Zoë     +3 -2\n")
        #expect(
            try HistoryCommands.log(reader, since: "2026-09-22", author: "Zoë", timeZone: Self.utc)
                == "no revisions since 2026-09-22 00:00:00 by Zoë\n")
        #expect(throws: HistoryPointError.self) {
            try HistoryCommands.log(reader, since: "yesterday", author: nil, timeZone: Self.utc)
        }
    }

    @Test func showPrintsTheTextAtARevisionOrTime() throws {
        let directory = try TemporaryDirectory()
        let (journal, history) = try makeJournal(directory)
        journal.close()
        let reader = try HistoryCommands.openJournal(
            forDocument: "/docs/thèse.tex", historyDirectory: history, environment: [:])
        let second = try HistoryCommands.show(reader, at: "2", timeZone: Self.utc)
        #expect(second.text == "cdéf")
        #expect(second.caption == "thèse.tex at revision 2 (2026-09-21 14:15:20)")
        let atTime = try HistoryCommands.show(reader, at: "2026-09-21T14:16:59Z", timeZone: Self.utc)
        #expect(atTime.text == "c👩‍💻f")
        let zero = try HistoryCommands.show(reader, at: "2026-09-21 16:14:00+02:00", timeZone: Self.utc)
        #expect(zero.text == "abc")
        #expect(zero.caption == "thèse.tex at revision 0 (2026-09-21 14:13:20)")
        #expect(throws: HistoryCommandError.self) {
            try HistoryCommands.show(reader, at: "2026-01-01", timeZone: Self.utc)
        }
        do {
            _ = try HistoryCommands.show(reader, at: "9", timeZone: Self.utc)
            Issue.record("revision 9 was shown")
        } catch {
            #expect("\(error)" == "history file \(reader.file): no revision 9 (revisions are 0...4)")
        }
        do {
            _ = try HistoryCommands.openJournal(
                forDocument: "/docs/none.tex", historyDirectory: history, environment: [:])
            Issue.record("a missing journal was opened")
        } catch let error as JournalError {
            #expect(error.reason == .missing)
        }
    }

    @Test func historyPointsParse() throws {
        let paris = TimeZone(secondsFromGMT: 3600)!
        #expect(try HistoryPoint.parse("42", timeZone: paris) == .revision(42))
        #expect(try HistoryPoint.parse("0", timeZone: paris) == .revision(0))
        #expect(
            try HistoryPoint.parse("2026-09-21", timeZone: paris) == .time(Date(timeIntervalSince1970: 1_789_945_200)))
        #expect(try HistoryPoint.parseTime("2026-09-21 14:13:20", timeZone: Self.utc) == Self.start)
        #expect(try HistoryPoint.parseTime("2026-09-21T15:13:20", timeZone: paris) == Self.start)
        #expect(try HistoryPoint.parseTime("2026-09-21T14:13:20Z", timeZone: paris) == Self.start)
        #expect(try HistoryPoint.parseTime("2026-09-21T10:13:20-04:00", timeZone: paris) == Self.start)
        for bad in [
            "", "yesterday", "2026-13-01", "2026-02-30", "2026-09-21 25:00", "2026-9-21", "12a", "2026-09-21T14",
        ] {
            #expect(throws: HistoryPointError.self, "\(bad)") { try HistoryPoint.parse(bad, timeZone: paris) }
        }
    }
}
