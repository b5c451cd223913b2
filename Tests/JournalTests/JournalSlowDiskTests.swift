import EditorCore
import Foundation
import GRDB
@testable import Journal
import Synchronization
import SyncEngine
import Testing

/// A disk that takes its time: a test thread holds the journal's write connection, as a long fsync would, while
/// the host appends through `JournalFailover`. The append waits for the disk; what the UI thread reads (the
/// journal in use, the failure notice, the head, the history) does not.
@Suite struct JournalSlowDiskTests {
    @Test func readersDoNotWaitForAnAppendStuckOnTheDisk() throws {
        let directory = try TemporaryDirectory()
        let history = RandomHistory(seed: 21, revisions: 6)
        let journal = try Journal.create(
            at: directory.file("slow.journal.sqlite"), documentPath: "/docs/lent.md", epoch: 3,
            text: history.initialText)
        let failover = JournalFailover(journal)
        for (participant, name, _) in RandomHistory.authors { failover.nameParticipant(participant, name) }
        @Sendable func append(_ index: Int) throws {
            try failover.append(history.records[index].entry, resultingText: TextBuffer(history.texts[index + 1]))
        }
        for index in 0..<5 { try append(index) }

        let diskHeld = DispatchSemaphore(value: 0)
        let releaseDisk = DispatchSemaphore(value: 0)
        Thread {
            journal.database.writeWithoutTransaction { _ in
                diskHeld.signal()
                releaseDisk.wait()
            }
        }.start()
        diskHeld.wait()
        let appended = DispatchSemaphore(value: 0)
        Thread {
            try? append(5)
            appended.signal()
        }.start()
        // Wait until the append is inside the journal, stuck on the disk (its lock is taken).
        var stuck = false
        for _ in 0..<2_000 where !stuck {
            stuck = journal.appending.withLockIfAvailable { _ in true } == nil
            if !stuck { Thread.sleep(forTimeInterval: 0.005) }
        }
        #expect(stuck, "the append never reached the disk")

        let seen = Mutex<(current: Bool, notice: String?, head: String?, text: String?)?>(nil)
        let readersDone = DispatchSemaphore(value: 0)
        Thread {
            let current = failover.current === journal && !failover.isInMemory
            let notice = failover.takeFailureNotice()
            let head = journal.headText?.string
            let text = try? journal.text(at: 5)
            seen.withLock { $0 = (current, notice, head, text) }
            readersDone.signal()
        }.start()
        let prompt = readersDone.wait(timeout: .now() + 5) == .success
        let appendWaited = appended.wait(timeout: .now()) == .timedOut
        releaseDisk.signal()
        #expect(prompt, "a reader waited for the append's disk write")
        #expect(appendWaited, "the append did not wait for the disk")
        #expect(appended.wait(timeout: .now() + 30) == .success)
        if !prompt { readersDone.wait() }

        let reads = try #require(seen.withLock { $0 })
        #expect(reads.current)
        #expect(reads.notice == nil)
        #expect(reads.head == history.texts[5], "the head of the last durable revision")
        #expect(reads.text == history.texts[5])
        #expect(try journal.latestRevision() == 6)
        #expect(try journal.text(at: 6) == history.texts[6])
        #expect(journal.headText?.string == history.texts[6])
        #expect(!failover.isInMemory)
        failover.close()
    }
}
