import Foundation
import GRDB
import Journal
import TestSupport
import Testing

/// Corrupted, truncated, foreign and newer journals: a one-line error naming the file, and the file untouched.
@Suite struct JournalBadFileTests {
    /// Opens `url` expecting a refusal; checks the message and that the file's bytes did not change.
    func expectRefusal(
        _ url: URL, documentPath: String? = nil, readOnly: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ check: (JournalError.Reason) -> Bool
    ) throws {
        let before = try fileBytes(url)
        do {
            let journal = try Journal.open(at: url, documentPath: documentPath, readOnly: readOnly)
            Issue.record("\(url.lastPathComponent) was opened as a journal", sourceLocation: sourceLocation)
            journal.close()
        } catch {
            #expect(check(error.reason), "unexpected reason: \(error)", sourceLocation: sourceLocation)
            #expect(error.isUnusableFile, "\(error)", sourceLocation: sourceLocation)
            #expect(error.description.hasPrefix("history file \(url.path): "), sourceLocation: sourceLocation)
            #expect(!error.description.contains("\n"), "\(error)", sourceLocation: sourceLocation)
        }
        #expect(try fileBytes(url) == before, "the file was modified", sourceLocation: sourceLocation)
    }

    /// A journal with enough revisions to span several pages, closed.
    func makeJournal(in directory: TemporaryDirectory, name: String = "good.journal.sqlite") throws -> URL {
        let url = directory.file(name)
        let history = RandomHistory(seed: 11, revisions: 300)
        let journal = try Journal.create(
            at: url, documentPath: "/docs/good.tex", epoch: 1, text: history.initialText, policy: tinyPolicy)
        try journal.append(history.records)
        journal.close()
        return url
    }

    @Test func garbageIsNotAJournal() throws {
        let directory = try TemporaryDirectory()
        var generator = SystemRandomNumberGenerator()
        let garbage = directory.file("garbage.journal.sqlite")
        try Data((0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) }).write(to: garbage)
        try expectRefusal(garbage) { if case .notADatabase = $0 { true } else { false } }
        let text = directory.file("text.journal.sqlite")
        try Data(String(repeating: "not a database, ça va? ", count: 20).utf8).write(to: text)
        try expectRefusal(text) { if case .notADatabase = $0 { true } else { false } }
        let empty = directory.file("empty.journal.sqlite")
        try Data().write(to: empty)
        try expectRefusal(empty) { $0 == .notADatabase("empty file") }
        try expectRefusal(empty, readOnly: true) { $0 == .notADatabase("empty file") }
    }

    @Test func aTruncatedJournalIsRefused() throws {
        let directory = try TemporaryDirectory()
        let url = try makeJournal(in: directory)
        let full = try fileBytes(url)
        #expect(full.count >= 4 * 4096)
        for length in [50, 4096, full.count / 2 + 100, full.count - 4096] {
            try full.prefix(length).write(to: url)
            try expectRefusal(url) { reason in
                switch reason {
                case .truncated, .notADatabase: true
                default: false
                }
            }
        }
    }

    @Test func damageAnywhereIsReportedNeverReplayedWrong() throws {
        // Scribble over each page in turn. SQLite's own check (at open) sees damaged structure; the checksums of
        // packed rows and the hashes of snapshots see damaged values. Either the open is refused with the file
        // untouched, or every read gives the right text or a `.corrupt` error: never a wrong text, never a trap.
        let directory = try TemporaryDirectory()
        let url = try makeJournal(in: directory)
        let original = try fileBytes(url)
        let history = RandomHistory(seed: 11, revisions: 300)
        var generator = SeededGenerator(seed: 99)
        var refusedAtOpen = 0
        var reportedOnRead = 0
        for page in 1..<original.count / 4096 {
            var bytes = original
            // Cells fill a page from its end: damage the last 300 bytes, where there is data.
            let start = page * 4096 + 4096 - 300
            for index in start..<start + 300 { bytes[index] = UInt8.random(in: 0...255, using: &generator) }
            try bytes.write(to: url)
            let journal: Journal
            do {
                journal = try Journal.open(at: url, readOnly: true)
            } catch {
                #expect(error.isUnusableFile, "page \(page): \(error)")
                #expect(try fileBytes(url) == bytes, "page \(page): the file was modified")
                refusedAtOpen += 1
                continue
            }
            var reported = false
            for revision in stride(from: 0, through: 300, by: 1) {
                do {
                    let text = try journal.text(at: revision)
                    #expect(text == history.texts[revision], "page \(page): wrong text at revision \(revision)")
                } catch {
                    guard case .corrupt = error.reason else {
                        Issue.record("page \(page), revision \(revision): \(error)")
                        continue
                    }
                    reported = true
                }
            }
            if reported { reportedOnRead += 1 }
            journal.close()
        }
        #expect(refusedAtOpen + reportedOnRead > 0)
        let pages = original.count / 4096 - 1
        print("damaged pages: \(refusedAtOpen) refused at open, \(reportedOnRead) reported on read, of \(pages)")
    }

    @Test func damagedValuesAreReportedOnRead() throws {
        // Damage SQLite cannot see: a packed change and a snapshot rewritten without their checksum and hash.
        let directory = try TemporaryDirectory()
        let url = try makeJournal(in: directory)
        let raw = try DatabaseQueue(path: url.path)
        let (runStart, snapshot) = try raw.write { db -> (Int, Int) in
            let first = try Int.fetchOne(
                db, sql: "SELECT MAX(first_revision) FROM revisions WHERE first_revision <= 50")!
            try db.execute(
                sql: "UPDATE revisions SET changes = '=0' || changes WHERE first_revision = ?", arguments: [first])
            let snapshot = try Int.fetchOne(db, sql: "SELECT MIN(revision) FROM snapshots WHERE revision > 100")!
            try db.execute(sql: "UPDATE snapshots SET text = text || 'é' WHERE revision = ?", arguments: [snapshot])
            return (first, snapshot)
        }
        try raw.close()
        let journal = try Journal.open(at: url, readOnly: true)
        let history = RandomHistory(seed: 11, revisions: 300)
        #expect(try journal.text(at: 0) == history.texts[0])
        #expect(try journal.text(at: runStart - 1) == history.texts[runStart - 1])
        for revision in [runStart, 50, snapshot, snapshot + 1] {
            do {
                _ = try journal.text(at: revision)
                Issue.record("revision \(revision) was read from damaged data")
            } catch {
                guard case .corrupt = error.reason else {
                    Issue.record("\(error)")
                    continue
                }
                #expect(error.description.contains("damaged: "))
            }
        }
    }

    @Test func aForeignDatabaseIsRefused() throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("foreign.journal.sqlite")
        let other = try DatabaseQueue(path: url.path)
        try other.write { db in
            try db.execute(sql: "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('crème brûlée')")
        }
        try other.close()
        try expectRefusal(url) { if case .foreign = $0 { true } else { false } }
        // Same with another program's application id.
        let tagged = directory.file("tagged.journal.sqlite")
        let taggedDatabase = try DatabaseQueue(path: tagged.path)
        try taggedDatabase.write { db in try db.execute(sql: "PRAGMA application_id = 1234; CREATE TABLE t (x)") }
        try taggedDatabase.close()
        try expectRefusal(tagged) { $0 == .foreign("an SQLite database with application id 0x4d2, not coedit's") }
    }

    @Test func aNewerSchemaIsRefused() throws {
        let directory = try TemporaryDirectory()
        let url = try makeJournal(in: directory)
        let raw = try DatabaseQueue(path: url.path)
        try raw.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA user_version = 2") }
        try raw.close()
        try expectRefusal(url) { $0 == .newerVersion(found: 2, supported: 1) }
        try expectRefusal(url, readOnly: true) { $0 == .newerVersion(found: 2, supported: 1) }
        let error = JournalError(file: url.path, reason: .newerVersion(found: 2, supported: 1))
        #expect(
            error.description
                == "history file \(url.path): written by a newer coedit (schema version 2; this coedit reads up to 1)")
    }

    @Test func anotherDocumentsJournalIsRefused() throws {
        let directory = try TemporaryDirectory()
        let url = try makeJournal(in: directory)
        try expectRefusal(url, documentPath: "/docs/other.tex") { $0 == .otherDocument("/docs/good.tex") }
    }

    @Test func editingGoesOnWithAnInMemoryJournal() throws {
        // What the shell does on a refusal: warn, and keep the session's history in memory.
        let directory = try TemporaryDirectory()
        let url = directory.file("bad.journal.sqlite")
        try Data("garbage".utf8).write(to: url)
        let history = RandomHistory(seed: 4, revisions: 5)
        let journal: Journal
        do {
            journal = try Journal.open(at: url)
            Issue.record("garbage opened")
            return
        } catch {
            #expect(error.isUnusableFile)
            journal = try Journal.inMemory(documentPath: "/docs/bad.tex", epoch: 3, text: history.initialText)
        }
        try journal.append(history.records)
        #expect(try journal.text(at: 5) == history.texts[5])
        #expect(try journal.text(at: 2) == history.texts[2])
        #expect(try fileBytes(url) == Data("garbage".utf8))
    }

    @Test func missingJournalSaysSo() throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("none.journal.sqlite")
        #expect(throws: JournalError(file: url.path, reason: .missing)) { try Journal.open(at: url, readOnly: true) }
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }
}
