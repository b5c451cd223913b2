import BlockingTestThreads
import Foundation
import Journal
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The history view (F7) in the real binary: scrubbing back through the host's journal, the changed line marked,
/// restoring a past version as a new revision that `coedit log` then lists.
@Suite(.serialized, .blockingThreads, .timeLimit(.minutes(2))) struct HistoryViewEndToEndTests {
    @Test func scrubBackRestoreAndSaveAPastVersion() throws {
        let environment = try EndToEndEnvironment()
        let history = environment.root + "/history"
        let journal = journalURL(environment, directory: history)
        try environment.write(Array("Début ✓\n".utf8), to: "notes.tex")
        let editor = try environment.startCoedit(
            ["notes.tex", "--history", history, "--name", "zoé"], columns: 100, rows: 16)
        defer { editor.close() }
        try editor.waitFor("^G Help")
        // Three lines typed with pauses: each reaches the journal before the next (separate revisions).
        for line in ["uno 漢字", "dos café", "tres 😀"] {
            try editor.type(line)
            try editor.press("Enter")
            try waitForJournal(journal, toContain: line + "\n")
        }
        let typed = try waitForJournal(journal, toContain: "uno 漢字\ndos café\ntres 😀\nDébut ✓\n")

        try editor.press("F7")
        try editor.waitFor("History r\(typed) of \(typed) · zoé")
        // Step back until line 3 is "Début ✓" again: the text before "tres" was typed.
        var screen = ""
        var shown = typed
        while shown > 0, !screen.contains("  3   Début ✓") {
            try editor.press("Left")
            shown -= 1
            try editor.waitFor("History r\(shown) of \(typed) · zoé")
            screen = try settled(editor)
        }
        #expect(screen.contains("  1   uno 漢字"))
        #expect(screen.contains("  2 + dos café"), "the line the revision changed is marked:\n\(screen)")
        #expect(!screen.contains("tres"))
        #expect(shown < typed)
        // With colour, the changed line has the highlight background (green: SGR 42).
        let coloured = try editor.captureWithAttributes().split(separator: "\n").first { $0.contains("dos café") }
        #expect(coloured?.contains("42m") == true, "\(coloured ?? "")")

        try editor.press("Enter")
        try editor.waitFor("Restore r\(shown) as a new revision? (y/n)")
        try editor.press("y")
        screen = try editor.waitFor("Restored r\(shown) as a new revision")
        #expect(!screen.contains("tres"))
        #expect(screen.contains("notes.tex [+]"))
        let restored = try waitForJournal(journal, "the restore") { !$0.contains("tres") }
        #expect(restored == typed + 1, "the restore is one new revision")
        try editor.press("C-s")
        _ = try editor.waitUntil("the file holds the restored text") { _ in
            environment.bytes(of: "notes.tex") == Array("uno 漢字\ndos café\nDébut ✓\n".utf8)
        }
        try editor.press("C-q")
        #expect(try editor.waitForExit() == .status(0))

        // The history keeps every version: the restore is the newest revision, by zoé, deleting "tres 😀\n".
        let log = try environment.startCoedit(["log", "notes.tex", "--history", history], columns: 120)
        defer { log.close() }
        #expect(try log.waitForExit() == .status(0))
        let lines = try log.waitFor("zoé").split(separator: "\n").filter { $0.contains("zoé") }
        let last = try #require(lines.last)
        #expect(last.hasPrefix(String(restored).leftPadded(to: 3)), "\(last)")
        #expect(last.hasSuffix("+0 -7"), "\(last)")
        let reader = try Journal.open(at: journal, readOnly: true)
        defer { reader.close() }
        #expect(try reader.text(at: typed).contains("tres 😀"))
    }

    @Test func aJoinerScrubsTheHostsHistoryAndRestoresForEveryone() throws {
        let environment = try EndToEndEnvironment()
        try environment.write(Array("alpha ✓\n".utf8), to: "shared.txt")
        let shared = try environment.startHost("shared.txt")
        let host = shared.session
        defer { host.close() }
        let joiner = try environment.join(shared, file: "copy.txt", name: "ann")
        defer { joiner.close() }
        try joiner.waitFor("2 here")
        try joiner.type("uno ")
        try host.waitFor("uno alpha ✓")
        try joiner.type("dos ")
        try host.waitFor("uno dos alpha ✓")

        try joiner.press("F7")
        let newest = try joiner.waitUntil("the newest revision") { $0.contains("History r") && $0.contains(" · ann · ") }
        let header = try #require(newest.split(separator: "\n").first { $0.contains("History r") })
        let latest = try #require(Int(header.split(separator: " ")[1].dropFirst()))
        #expect(latest >= 2)
        // The first revision (the text the host opened), then the one after it: "uno " alone.
        try joiner.press("Home")
        try joiner.waitFor("History r0 of \(latest) · start of history")
        #expect(try settled(joiner).contains("  1   alpha ✓"))
        try joiner.press("Right")
        let shown = 1
        try joiner.waitFor("History r1 of \(latest) · ann")
        try joiner.waitFor("  1 + uno alpha ✓")
        try joiner.press("Enter")
        try joiner.waitFor("Restore r\(shown) as a new revision? (y/n)")
        try joiner.press("y")
        try joiner.waitFor("Restored r\(shown) as a new revision")
        // The restore is an ordinary edit by ann: the host gets it and journals it as the next revision.
        _ = try host.waitUntil("the host has the restored text") { !$0.contains("dos") && $0.contains("uno alpha ✓") }
        try host.press("F7")
        try host.waitFor("History r\(latest + 1) of \(latest + 1) · ann")
        try host.press("Escape")
        try host.waitFor("^G Help")
    }

    @Test func aReadOnlyGuestSeesTheHistoryButCannotRestore() throws {
        let environment = try EndToEndEnvironment()
        try environment.write(Array("alpha ✓\n".utf8), to: "shared.txt")
        let shared = try environment.startHost("shared.txt", options: ["--guest-token", "watch-only-guest-42"])
        let host = shared.session
        defer { host.close() }
        try host.type("uno ")
        let guest = try environment.startCoedit(
            ["copy.txt", "--join", shared.address, "--name", "guest", "--token", "watch-only-guest-42"],
            beside: host)
        defer { guest.close() }
        try guest.waitFor("uno alpha ✓")
        try guest.press("F7")
        let newest = try guest.waitUntil("the newest revision") { $0.contains("History r") && $0.contains(" · hōst · ") }
        #expect(newest.contains("  1 + uno alpha ✓"))
        try guest.press("Home")
        try guest.waitFor("History r0 of")
        // The title names the revision asked for at once; Enter needs it shown (its text arrived from the host).
        try guest.waitFor("  1   alpha ✓")
        try guest.press("Enter")
        try guest.waitFor("Read-only guests cannot restore a version")
        try guest.press("Escape")
        try guest.waitFor("uno alpha ✓")
        try host.type("dos ")
        try guest.waitFor("uno dos alpha ✓")
        #expect(try !host.capture().contains("History"), "the host's screen is its own")
    }

    @Test func withoutSharingTheViewSaysThereIsNoHistory() throws {
        let environment = try EndToEndEnvironment()
        try environment.write(Array("solo ✓\n".utf8), to: "notes.tex")
        let editor = try environment.startCoedit(["notes.tex", "--no-share"], columns: 100, rows: 16)
        defer { editor.close() }
        try editor.waitFor("^G Help")
        try editor.press("F7")
        let screen = try editor.waitFor("No history for this session")
        #expect(screen.contains("solo ✓"))
        try editor.type("x")
        try editor.waitFor("xsolo ✓")
    }
}

/// The screen once two captures 50 ms apart agree (a capture may catch a frame half drawn).
private func settled(_ session: TmuxSession) throws -> String {
    var previous = try session.capture()
    for _ in 0..<40 {
        usleep(50_000)
        let next = try session.capture()
        if next == previous { return next }
        previous = next
    }
    return previous
}

extension String {
    /// The text with blanks before it up to `width` characters.
    func leftPadded(to width: Int) -> String {
        String(repeating: " ", count: max(0, width - count)) + self
    }
}
