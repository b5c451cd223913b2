import Foundation
import Journal
import Testing

/// The history journal fails mid-session (its file removed): the host says so once, keeps the history in memory,
/// and editing and saving go on.
@Suite(.serialized, .blockingThreads, .timeLimit(.minutes(2))) struct JournalFailureEndToEndTests {
    @Test func aJournalRemovedMidSessionIsReportedAndEditingGoesOn() throws {
        let environment = try EndToEndEnvironment()
        let history = environment.root + "/history"
        try environment.write(Array("Début\n".utf8), to: "notes.tex")
        let log = environment.root + "/coedit.log"
        let host = try environment.startCoedit(
            ["notes.tex", "--history", history, "--log", log], columns: 160, rows: 20)
        defer { host.close() }
        try host.waitFor("^G Help")
        try host.type("漢字 ")
        try host.waitFor("漢字 Début")
        let journal = JournalLocation.fileURL(
            forDocument: environment.path("notes.tex"), in: URL(fileURLWithPath: history, isDirectory: true))
        _ = try host.waitUntil("the journal exists") { _ in FileManager.default.fileExists(atPath: journal.path) }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: journal.path + suffix) }

        try host.type("café ")
        // The message may already be gone when the screen is read (the next key of the same word clears it);
        // the status line keeps saying so, and the log has the message.
        try host.waitFor("history in memory")
        let logged = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(logged.contains("History journal failed"), "\(logged)")
        #expect(logged.contains("history of this session kept in memory only"), "\(logged)")
        try host.type("😀 ")
        let screen = try host.waitFor("漢字 café 😀 Début")
        #expect(!screen.contains("History journal failed"), "told once, then editing goes on")
        #expect(screen.contains("history in memory"), "the status line still says it: \(screen)")
        #expect(logged.components(separatedBy: "History journal failed").count == 2, "logged once")
        try host.press("C-s")
        try host.waitFor("Saved notes.tex")
        #expect(environment.bytes(of: "notes.tex") == Array("漢字 café 😀 Début\n".utf8))
    }
}
