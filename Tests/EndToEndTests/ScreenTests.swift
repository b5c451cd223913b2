#if canImport(Glibc)
import Glibc
#endif
import BlockingTestThreads
import Foundation
import Testing

/// The screen: resize, help, view toggles, mouse, colours, bracketed paste, Escape.
@Suite(.serialized, .blockingThreads, .timeLimit(.minutes(1))) struct ScreenTests {
    @Test func resizingRedrawsForTheNewSize() throws {
        let environment = try EndToEndEnvironment()
        let long = String(repeating: "0123456789", count: 9)
        let session = try environment.openEditor("resize.txt", text: "first 漢字\n\(long)\nlast\n", columns: 100, rows: 20)
        defer { session.close() }
        try session.resize(columns: 60, rows: 12)
        let small = try session.waitUntil("status line on row 9 of 12") { screen in
            let rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
            return rows.count >= 12 && rows[9].contains("resize.txt")
        }
        let rows = small.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rows.allSatisfy { $0.count <= 60 })
        #expect(rows[1].hasSuffix(String(long.prefix(56))), "the long line is cut at the new width")
        #expect(rows[11].hasPrefix("^G Help"))
        try session.resize(columns: 100, rows: 20)
        try session.waitUntil("status line back on row 17 of 20") { screen in
            let rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
            return rows.count >= 20 && rows[17].contains("resize.txt") && rows[1].hasSuffix(long)
        }
        try session.type("ok")  // still editing normally
        try session.press("C-s")
        try session.waitFor("Saved resize.txt")
        #expect(environment.bytes(of: "resize.txt") == Array("okfirst 漢字\n\(long)\nlast\n".utf8))
    }

    @Test func helpOpensWithF1AndCtrlGAndClosesWithAnyKey() throws {
        let environment = try EndToEndEnvironment()
        let session = try environment.openEditor("help.txt", text: "text\n")
        defer { session.close() }
        try session.press("F1")
        try session.waitFor("coedit: keys")
        try session.press("x")
        try session.waitUntil("help closed") { !$0.contains("coedit: keys") && $0.contains("  1 text") }
        try session.press("C-g")
        try session.waitFor("Ctrl-Home/End")
        try session.press("Escape")
        try session.waitUntil("help closed again") { !$0.contains("coedit: keys") }
        #expect(environment.bytes(of: "help.txt") == Array("text\n".utf8), "keys in help type nothing")
    }

    @Test func altKeysToggleLineNumbersAndSoftWrap() throws {
        let environment = try EndToEndEnvironment()
        let long = String(repeating: "wrap ", count: 30)
        let session = try environment.openEditor("view.txt", text: "\(long)\nshort\n", columns: 80, rows: 12)
        defer { session.close() }
        try session.press("M-n")
        try session.waitFor("Line numbers off")
        try session.waitUntil("no gutter") { $0.split(separator: "\n").first?.hasPrefix("wrap wrap") == true }
        try session.press("M-w")
        try session.waitFor("Soft wrap on")
        let wrapped = try session.waitUntil("long line wrapped onto a second row") { screen in
            let rows = screen.split(separator: "\n")
            return rows.count > 2 && rows[1].hasPrefix("wrap") && rows[2].hasPrefix("short")
        }
        #expect(wrapped.contains("wrap wrap"))
    }

    @Test func mouseClickPlacesTheCursorDragSelectsAndTheWheelScrolls() throws {
        let environment = try EndToEndEnvironment()
        let lines = (1...60).map { "line \($0) é" }.joined(separator: "\n")
        let session = try environment.openEditor("mouse.txt", text: lines, columns: 80, rows: 20)
        defer { session.close() }
        // Click on row 3 (1-based), column 4 + 6: line 3, after "line 3" minus one character.
        try session.sendBytes(Array("\u{1B}[<0;10;3M\u{1B}[<0;10;3m".utf8))
        try session.waitUntil("cursor at the click") { _ in (try? session.cursor()) ?? (0, 0) == (9, 2) }
        try session.type("M")
        // Drag over "line" on row 1: press at column 5, drag to 9, release.
        try session.sendBytes(Array("\u{1B}[<0;5;1M\u{1B}[<32;7;1M\u{1B}[<32;9;1M\u{1B}[<0;9;1m".utf8))
        try session.press("C-c")
        try session.waitUntil("the dragged text copied") { _ in session.newestPasteBuffer() == "line" }
        // Three wheel steps down scroll the view (not the cursor) by three lines each.
        try session.sendBytes(Array("\u{1B}[<65;5;5M\u{1B}[<65;5;5M\u{1B}[<65;5;5M".utf8))
        try session.waitUntil("scrolled by 9 lines") { $0.split(separator: "\n").first?.hasPrefix(" 10 line 10") == true }
        try session.sendBytes(Array("\u{1B}[<64;5;5M".utf8))
        try session.waitUntil("scrolled back by 3") { $0.split(separator: "\n").first?.hasPrefix("  7 line 7") == true }
        try session.press("C-s")
        try session.waitFor("Saved mouse.txt")
        let expected = lines.replacingOccurrences(of: "line 3 é", with: "line M3 é")
        #expect(environment.bytes(of: "mouse.txt") == Array(expected.utf8))
    }

    @Test func bracketedPasteIsInsertedAsIsWithoutAutoIndent() throws {
        let environment = try EndToEndEnvironment()
        let session = try environment.openEditor("paste.tex", text: "    \\begin{itemize}\n")
        defer { session.close() }
        try session.press("End")
        try session.paste("\n\\item un\n    \\item deux 漢字\nfin")
        try session.waitFor("fin")
        try session.press("C-s")
        try session.waitFor("Saved paste.tex")
        #expect(environment.bytes(of: "paste.tex") == Array("    \\begin{itemize}\n\\item un\n    \\item deux 漢字\nfin\n".utf8))
    }

    @Test func escapeDropsTheSelection() throws {
        let environment = try EndToEndEnvironment()
        let session = try environment.openEditor("esc.txt", text: "hello\n")
        defer { session.close() }
        try session.press("S-Right", "S-Right")
        func firstRow() -> Substring? {
            (try? session.captureWithAttributes())?.split(separator: "\n").first
        }
        try session.waitUntil("selection shown in reverse video") { _ in firstRow()?.contains("\u{1B}[7mhe") == true }
        try session.press("Escape")
        try session.waitUntil("selection dropped") { _ in firstRow()?.contains("\u{1B}[7m") == false }
        try session.type("X")
        try session.press("C-s")
        try session.waitFor("Saved esc.txt")
        #expect(environment.bytes(of: "esc.txt") == Array("heXllo\n".utf8))
    }

    @Test func theDemoDocumentOpensAndShowsEveryScript() throws {
        let environment = try EndToEndEnvironment()
        let demo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Resources/demo.tex")
        let bytes = try Array(Data(contentsOf: demo))
        try environment.write(bytes, to: "demo.tex")
        let session = try environment.openEditor("demo.tex", text: nil, columns: 120, rows: 40)
        defer { session.close() }
        let screen = try session.waitFor("LaTeX")
        for sample in ["Ærøskøbing", "日本語", "😀", "e\u{301}", "∫_0^∞", "\\begin{equation}"] {
            #expect(screen.contains(sample), "\(sample) on screen")
        }
        try session.press("C-q")
        #expect(try session.waitForExit() == .status(0))
        #expect(environment.bytes(of: "demo.tex") == bytes)
    }

    @Test func clustersCursesCannotHoldInOneCellLeaveNothingStaleOrStray() throws {
        let environment = try EndToEndEnvironment()
        let family = "👨\u{200D}👩\u{200D}👧"
        let session = try environment.openEditor("clusters.txt", text: "abcdefgh\n\(family) family\n中文 next\n")
        defer { session.close() }
        try session.waitFor("中文 next")
        try session.type("🇫")  // a lone regional indicator: 2 columns in the layout, 1 for curses
        let lone = try session.waitUntil("the regional indicator on screen") { $0.contains("🇫") }
        let rows = lone.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rows[0].hasSuffix("🇫 abcdefgh"), "the second column is cleared, not left showing b: \(rows[0])")
        #expect(rows[1].hasSuffix("👨 family"), "a family is drawn as its first emoji: \(rows[1])")
        #expect(rows[2].hasSuffix(" 中文 next"), "no joiner leaks onto the next line: \(rows[2].unicodeScalars.map(\.value))")
        try session.type("🇷")
        let flag = try session.waitUntil("the flag's second half") { $0.contains("🇫🇷abcdefgh") }
        #expect(!flag.contains("\u{200D}"))
        try session.press("C-s")
        try session.waitFor("Saved clusters.txt")
        #expect(environment.bytes(of: "clusters.txt") == Array("🇫🇷abcdefgh\n\(family) family\n中文 next\n".utf8))
    }

    @Test func latexIsColouredAndNoColorOrAMonochromeTerminalTurnsColourOff() throws {
        let environment = try EndToEndEnvironment()
        let text = "\\section{Été} % commentaire\n$x^2$\n"
        let coloured = try environment.openEditor("doc.tex", text: text)
        defer { coloured.close() }
        let colourCodes = try Regex("\u{1B}\\[(3|4)[0-7]m")
        let withColour = try coloured.captureWithAttributes()
        #expect(withColour.contains(colourCodes), "syntax colours on an 8-colour terminal")
        #expect(withColour.contains("\u{1B}[7m"), "the status line is in reverse video")
        coloured.close()

        for extra in [["NO_COLOR": "1"], ["TERM": "vt100"]] {
            let plain = try environment.openEditor("doc.tex", text: nil, extraVariables: extra)
            defer { plain.close() }
            let screen = try plain.captureWithAttributes()
            #expect(!screen.contains(colourCodes), "no colour with \(extra)")
            #expect(screen.contains("\u{1B}[7m"), "reverse video stays with \(extra)")
            #expect(screen.contains("Été"))
        }
    }
}
