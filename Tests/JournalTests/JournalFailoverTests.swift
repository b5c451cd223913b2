import EditorCore
import Foundation
import GRDB
@testable import Journal
import SyncEngine
import Testing

/// A journal that fails mid-session: the session switches to an in-memory history and says so once.
@Suite struct JournalFailoverTests {
    /// Journals the first `split` records of a random history to a file, breaks the file with `breakFile`, then
    /// journals the rest through the failover; checks the switch, the notice and the history kept.
    ///
    /// - Parameter givingText: append as the host does, with its text after each revision.
    private func check(
        split: Int, revisions: Int = 30, givingText: Bool = false, breakFile: (URL, Journal) throws -> Void
    ) throws {
        let directory = try TemporaryDirectory()
        let history = RandomHistory(seed: 6, revisions: revisions)
        let url = directory.file("doc.journal.sqlite")
        let journal = try Journal.create(at: url, documentPath: "/docs/ünï.tex", epoch: 5, text: history.initialText)
        let failover = JournalFailover(journal)
        for (participant, name, _) in RandomHistory.authors { failover.nameParticipant(participant, name) }
        func append(_ index: Int) throws {
            let entry = history.records[index].entry
            if givingText {
                try failover.append(entry, resultingText: TextBuffer(history.texts[index + 1]))
            } else {
                try failover.append(entry)
            }
        }
        for index in 0..<split { try append(index) }
        #expect(!failover.isInMemory)
        #expect(failover.takeFailureNotice() == nil)

        try breakFile(url, journal)
        for index in split..<history.records.count { try append(index) }

        #expect(failover.isInMemory)
        let notice = try #require(failover.takeFailureNotice())
        #expect(notice.hasPrefix("History journal failed: "), "\(notice)")
        #expect(notice.hasSuffix("; history of this session kept in memory only"), "\(notice)")
        #expect(failover.takeFailureNotice() == nil, "the user is told once")
        let memory = try #require(failover.current)
        #expect(memory.file == ":memory:")
        #expect(try memory.latestRevision() == history.records.count)
        // The memory journal starts at the revision before the one that failed (the failed file keeps the rest).
        let first = try #require((split...history.records.count).first { (try? memory.text(at: $0)) != nil })
        for revision in first...history.records.count {
            #expect(try memory.text(at: revision) == history.texts[revision], "revision \(revision)")
        }
        // Names learnt before the failure label the revisions after it.
        let authors = Set(try memory.revisions().map(\.authorName))
        #expect(authors.isSubset(of: Set(RandomHistory.authors.map(\.1))), "\(authors)")
        try failover.markSaved(revision: history.records.count)
        #expect(try memory.lastSave()?.revision == history.records.count)
        failover.close()
    }

    @Test(arguments: [false, true])
    func aJournalFileRemovedMidSessionFailsOverToMemory(givingText: Bool) throws {
        try check(split: 12, givingText: givingText) { url, _ in
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: url.path + suffix) }
        }
    }

    @Test func aJournalFileReplacedMidSessionFailsOverToMemory() throws {
        // Moved away and replaced by another file (e.g. restored from a backup): SQLite refuses to write the moved one.
        try check(split: 3) { url, _ in
            try FileManager.default.moveItem(atPath: url.path, toPath: url.path + ".moved")
            try Data("not a journal".utf8).write(to: url)
        }
    }

    @Test(arguments: [false, true])
    func aFullDiskMidSessionFailsOverToMemory(givingText: Bool) throws {
        // SQLite's own "database or disk is full" (SQLITE_FULL), produced by capping the file at its current size.
        try check(split: 2, revisions: 400, givingText: givingText) { _, journal in
            try journal.database.writeWithoutTransaction { db in
                let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
                try db.execute(sql: "PRAGMA max_page_count = \(pages)")
            }
        }
    }

    @Test func aRevisionThatDoesNotFollowIsStillAnError() throws {
        let journal = try Journal.inMemory(documentPath: "/d", epoch: 1, text: "ab")
        let failover = JournalFailover(journal)
        let entry = LogEntry(
            revision: 5, author: ParticipantID(0), id: nil, change: ChangeSet.replacing(0..<0, with: "é", baseLength: 2))
        #expect(throws: JournalError.self) { try failover.append(entry) }
        #expect(failover.takeFailureNotice() == nil)
    }
}
