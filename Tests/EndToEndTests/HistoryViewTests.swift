import Foundation
import Journal
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The history view (F7) in the real binary: scrubbing back through the host's journal, the changed line marked,
/// restoring a past version as a new revision that `coedit log` then lists.
@Suite(.serialized, .timeLimit(.minutes(2))) struct HistoryViewEndToEndTests {
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
            screen = try editor.waitFor("History r\(shown) of \(typed) · zoé")
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

extension String {
    /// The text with blanks before it up to `width` characters.
    func leftPadded(to width: Int) -> String {
        String(repeating: " ", count: max(0, width - count)) + self
    }
}
