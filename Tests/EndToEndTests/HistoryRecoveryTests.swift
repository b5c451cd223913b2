import BlockingTestThreads
import Foundation
import Journal
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The host journals every accepted revision, and a host killed before saving resumes from its journal; an
/// unusable journal is left alone while editing goes on. Runs the real binary in tmux.
@Suite(.serialized, .blockingThreads, .timeLimit(.minutes(2))) struct HistoryRecoveryTests {
    @Test func aKilledHostResumesItsUnsavedEditsFromTheJournal() throws {
        let environment = try EndToEndEnvironment()
        let history = environment.root + "/history"
        try environment.write(Array("Début\n".utf8), to: "notes.tex")
        let first = try environment.startCoedit(
            ["notes.tex", "--history", history, "--name", "zoé"], columns: 160, rows: 20)
        defer { first.close() }
        try first.waitFor("^G Help")
        try first.type("漢字 café😀")
        try first.waitFor("漢字 café😀")
        try waitForJournal(journalURL(environment, directory: history), toContain: "漢字 café😀")
        try first.kill(signal: SIGKILL)
        #expect(try first.waitForExit() == .signal(SIGKILL))
        #expect(environment.bytes(of: "notes.tex") == Array("Début\n".utf8), "the text was never saved")

        let second = try environment.startCoedit(
            ["notes.tex", "--history", history, "--name", "zoé"], columns: 160, rows: 20)
        defer { second.close() }
        let screen = try second.waitFor("from history")
        #expect(screen.contains("漢字 café😀"))
        #expect(screen.contains("Début"))
        #expect(screen.contains("Restored"))
        // The restored text is unsaved; Ctrl-S writes it and the file then holds it.
        try second.press("C-s")
        _ = try second.waitUntil("the file holds the restored text") { _ in
            environment.bytes(of: "notes.tex").map { String(decoding: $0, as: UTF8.self).contains("漢字 café😀") } ?? false
        }
        try second.press("C-q")
        #expect(try second.waitForExit() == .status(0))

        let log = try environment.startCoedit(["log", "notes.tex", "--history", history], columns: 160)
        defer { log.close() }
        #expect(try log.waitForExit() == .status(0))
        let revisions = try log.waitFor("zoé").split(separator: "\n").filter {
            $0.trimmingCharacters(in: .whitespaces).first?.isNumber ?? false
        }
        #expect(!revisions.isEmpty)
        #expect(revisions.allSatisfy { $0.contains("zoé") }, "\(revisions)")
    }

    @Test func aFileChangedBetweenSessionsIsJournaledAsADiskChange() throws {
        let environment = try EndToEndEnvironment()
        let history = environment.root + "/history"
        try environment.write(Array("Début\n".utf8), to: "notes.tex")
        let first = try environment.startCoedit(
            ["notes.tex", "--history", history, "--name", "zoé"], columns: 160, rows: 20)
        defer { first.close() }
        try first.waitFor("^G Help")
        try first.type("漢字 ")
        try waitForJournal(journalURL(environment, directory: history), toContain: "漢字 Début")
        usleep(300_000)  // the acknowledgement reaches the editor, so the save marks the latest revision
        try first.press("C-s")
        _ = try first.waitUntil("the file is saved") { _ in
            environment.bytes(of: "notes.tex") == Array("漢字 Début\n".utf8)
        }
        try first.press("C-q")
        #expect(try first.waitForExit() == .status(0))

        // Changed outside coedit (a git pull): the next session resumes with the file's text, journaled by "disk".
        try environment.write(Array("漢字 Début\nfin 😀\n".utf8), to: "notes.tex")
        let second = try environment.startCoedit(["notes.tex", "--history", history], columns: 160, rows: 20)
        defer { second.close() }
        let screen = try second.waitFor("\"disk\"")
        #expect(screen.contains("fin 😀"))
        try second.press("C-q")
        #expect(try second.waitForExit() == .status(0))
        #expect(environment.bytes(of: "notes.tex") == Array("漢字 Début\nfin 😀\n".utf8))

        let log = try environment.startCoedit(["log", "notes.tex", "--history", history], columns: 160)
        defer { log.close() }
        #expect(try log.waitForExit() == .status(0))
        let listing = try log.waitFor("disk")
        #expect(listing.contains("zoé"))
        let journal = try Journal.open(at: journalURL(environment, directory: history), readOnly: true)
        defer { journal.close() }
        let latest = try journal.latestRevision()
        #expect(try journal.text(at: latest) == "漢字 Début\nfin 😀\n")
        #expect(try journal.revisions().last?.authorName == "disk")
    }

    @Test func anUnusableJournalIsLeftUntouchedAndEditingGoesOn() throws {
        let environment = try EndToEndEnvironment()
        let history = environment.root + "/history"
        try FileManager.default.createDirectory(atPath: history, withIntermediateDirectories: true)
        let url = journalURL(environment, directory: history)
        let garbage = Array("not a journal — ceci n'est pas une base 漢字\n".utf8) + (0..<200).map { UInt8($0) }
        try Data(garbage).write(to: url)
        try environment.write(Array("Début\n".utf8), to: "notes.tex")
        let session = try environment.startCoedit(["notes.tex", "--history", history], columns: 200, rows: 20)
        defer { session.close() }
        let screen = try session.waitFor("without history")
        #expect(screen.contains("left untouched"))
        try session.type("é")
        try session.waitFor("éDébut")
        try session.press("C-s")
        _ = try session.waitUntil("the file is saved") { _ in
            environment.bytes(of: "notes.tex") == Array("éDébut\n".utf8)
        }
        try session.press("C-q")
        #expect(try session.waitForExit() == .status(0))
        #expect(FileManager.default.contents(atPath: url.path).map(Array.init) == garbage)
    }
}
