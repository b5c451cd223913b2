#if canImport(Glibc)
import Glibc
#endif
import BlockingTestThreads
import Foundation
import Testing

/// Typing, moving, selecting, the clipboard, undo and redo: the real binary in tmux, checked on screen and on disk.
@Suite(.serialized, .blockingThreads, .timeLimit(.minutes(1))) struct EditingTests {
    @Test func typingASCIIAndUTF8InANewFile() throws {
        let environment = try EndToEndEnvironment()
        let session = try environment.openEditor("new.txt", text: nil)
        defer { session.close() }
        try session.type("Hello, wörld")
        try session.press("Enter")
        try session.type("漢字 😀 e\u{301}!")
        let screen = try session.waitFor("漢字 😀 é!")
        // The cursor sits after the wide characters: 漢 字 😀 are two columns each.
        let line = try #require(screen.split(separator: "\n").first { $0.contains("漢字") })
        let textStart = line.distance(from: line.startIndex, to: line.firstIndex(of: "漢")!)
        #expect(try session.settledCursor().column == textStart + 2 + 2 + 1 + 2 + 1 + 1 + 1)
        try session.press("C-s")
        try session.waitFor("Saved new.txt")
        // A new file is saved ending with a line break (the save adds it to the text).
        #expect(environment.bytes(of: "new.txt") == Array("Hello, wörld\n漢字 😀 e\u{301}!\n".utf8))
    }

    @Test func insertTogglesOverwriteMode() throws {
        let environment = try EndToEndEnvironment()
        let session = try environment.openEditor("ovr.txt", text: "café 日本 ok\n")
        defer { session.close() }
        try session.press("IC")  // tmux's name for the Insert key
        try session.waitFor("OVR | 1:1")
        try session.type("CAFÉ 中")
        try session.waitFor("CAFÉ 中本 ok")
        try session.press("IC")
        try session.waitFor("Insert mode")
        try session.type("!")
        try session.waitFor("CAFÉ 中!本 ok")
        try session.press("C-s")
        try session.waitFor("Saved ovr.txt")
        #expect(environment.bytes(of: "ovr.txt") == Array("CAFÉ 中!本 ok\n".utf8))
    }

    @Test func movementKeysPutTheCursorWhereExpected() throws {
        let environment = try EndToEndEnvironment()
        let numbered = (4...60).map { "line \($0)" }.joined(separator: "\n")
        let session = try environment.openEditor("move.txt", text: "alpha beta gamma\n  second line\nthird\n" + numbered)
        defer { session.close() }
        try session.press("C-Right")  // end of "alpha"
        try session.type("W")
        try session.press("C-Right", "C-Left")  // start of "beta"
        try session.type("B")
        try session.press("End")
        try session.type("E")
        try session.press("Down", "Home")  // first non-blank of "  second line"
        try session.type("H")
        try session.press("Down", "Right", "Right")  // same column on "third" ("thi|rd"), then to its end
        try session.type("R")
        try session.press("Left", "Left", "Left")
        try session.type("L")
        try session.press("Up", "Up", "Home", "Home")  // line 1, column 0 (Home twice: indentation, then column 0)
        try session.type("^")
        try session.press("C-End")
        try session.type("Z")
        try session.press("C-Home")
        try session.type("A")
        try session.waitFor("A^alpha")
        try session.press("NPage")
        try session.waitUntil("PgDn leaves line 1") { !$0.contains(" 1:") }
        try session.press("PPage")
        try session.waitUntil("PgUp comes back to line 1") { $0.contains(" 1:") }
        try session.press("C-s")
        try session.waitFor("Saved move.txt")
        let expected = "A^alphaW Bbeta gammaE\n  Hsecond line\nthiLrdR\n" + numbered + "Z"
        #expect(environment.bytes(of: "move.txt") == Array(expected.utf8))
    }

    @Test func shiftSelectsAndTheClipboardCopiesCutsAndPastes() throws {
        let environment = try EndToEndEnvironment()
        let session = try environment.openEditor("clip.txt", text: "one two three\nsecond\n")
        defer { session.close() }
        try session.press("S-Right", "S-Right", "S-Right", "C-c")
        // The copy also reached the terminal's clipboard (OSC 52; tmux keeps it as a paste buffer).
        try session.waitUntil("OSC 52 copy in tmux") { _ in session.newestPasteBuffer() == "one" }
        try session.press("End", "C-v")
        try session.waitFor("one two threeone")
        try session.press("Down", "Home", "S-End", "C-x")
        try session.waitUntil("cut line 2") { !$0.contains("second") }
        #expect(session.newestPasteBuffer() == "second")
        try session.press("C-Home", "C-S-Right")  // selects "one" by word
        try session.type("ONE")
        try session.press("C-End", "C-v")
        try session.waitFor("ONE two threeone")
        try session.press("C-s")
        try session.waitFor("Saved clip.txt")
        // The file ended with a line break, so the save puts one after the pasted "second".
        #expect(environment.bytes(of: "clip.txt") == Array("ONE two threeone\n\nsecond\n".utf8))
        try session.press("C-a")
        try session.type("all replaced")
        try session.press("C-s")
        try session.waitUntil("saved again") { $0.contains("Saved clip.txt") && $0.contains("all replaced") }
        #expect(environment.bytes(of: "clip.txt") == Array("all replaced\n".utf8))
    }

    @Test func undoAndRedoWholeWords() throws {
        let environment = try EndToEndEnvironment()
        let session = try environment.openEditor("undo.txt", text: "base ")
        defer { session.close() }
        try session.press("End")
        try session.type("première")
        try session.waitFor("base première")
        try session.press("C-z")  // the whole typed word is one undo step
        try session.waitUntil("the typed word undone") { $0.split(separator: "\n").first == "  1 base" }
        try session.press("C-y")
        try session.waitFor("base première")
        try session.press("C-z", "C-z")
        try session.waitFor("Nothing to undo")
        try session.press("C-y", "C-s")
        try session.waitFor("Saved undo.txt")
        #expect(environment.bytes(of: "undo.txt") == Array("base première".utf8))
    }

    @Test func indentationEnterBackspaceAndDeleteByGrapheme() throws {
        let environment = try EndToEndEnvironment()
        let session = try environment.openEditor("indent.txt", text: "    indented\ne\u{301}x漢 word\nlast")
        defer { session.close() }
        try session.press("End", "Enter")
        try session.type("kept")  // Enter keeps the indentation
        try session.press("Down", "Home", "Delete")  // deletes é (two scalars) at once
        try session.press("Right", "Right", "BSpace")  // deletes 漢
        // Ctrl-Backspace deletes the word. Terminals send ^H for it; tmux's own C-BSpace sends nothing, so send ^H.
        try session.press("End", "C-h")
        try session.waitUntil("line 3 edited") { $0.contains("  3 x\n") && !$0.contains("word") }
        try session.press("Down", "Home", "S-Up", "S-Up", "Tab")  // indent lines 2-4 by one tab
        try session.press("C-s")
        try session.waitFor("Saved indent.txt")
        #expect(environment.bytes(of: "indent.txt") == Array("    indented\n\t    kept\n\tx \nlast".utf8))
        try session.press("BTab", "C-s")  // Shift-Tab (tmux calls it BTab) outdents them again
        try session.waitUntil("saved after outdent") { _ in
            environment.bytes(of: "indent.txt") == Array("    indented\n    kept\nx \nlast".utf8)
        }
    }
}
