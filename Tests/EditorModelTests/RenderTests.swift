import Testing

@testable import EditorModel

@Suite("Rendering frames")
struct RenderTests {
    /// No colours, so that the tests below look only at text and layout unless they say otherwise.
    static let plain = EditorConfiguration(colorEnabled: false)

    @Test("text, gutter, status line, message line and help bar")
    func layout() {
        let editor = makeEditor("héllo\n日本|語 x", fileName: "notes.txt", configuration: Self.plain, rows: 6,
            columns: 40)
        let frame = editor.render()
        #expect(Array(frame.lines[0...2]) == ["  1 héllo", "  2 日本語 x", ""])
        #expect(frame.lines[3].hasPrefix(" notes.txt "))
        #expect(frame.lines[3].hasSuffix(" 2:3 | 2 lines | LF"))
        #expect(frame.lines[4] == "")
        #expect(frame.lines[5] == "^G Help  ^S Save  ^Q Quit  ^F Find")
        #expect(frame.invariantViolations().isEmpty)
        #expect(frame.cells[3].allSatisfy { $0.style.reverse })
        #expect(frame.cells[5][0].style.reverse && !frame.cells[5][2].style.reverse)
    }

    @Test("the status line counts lines as wc -l, vim and nano do: a final line break does not add one")
    func lineCount() {
        for (text, count) in [("é\n日本\n", "2 lines"), ("é\n日本", "2 lines"), ("", "1 line"), ("\n", "1 line"),
            ("👍🏽\r\n\r\n", "2 lines"), ("a\n\n", "2 lines")]
        {
            var editor = makeEditor("|" + text, configuration: Self.plain, rows: 6, columns: 40)
            #expect(editor.render().lines[3].contains(" | \(count) | "), "\(text.debugDescription)")
            editor.press(key(.end, .control))  // the cursor may still go to the empty line after the last break
            editor.press(ctrl("s"))
            _ = editor.saveSucceeded()
            #expect(editor.messageText == "Saved test.txt (\(count))", "\(text.debugDescription)")
        }
    }

    @Test("the cursor sits on the column right after a wide character")
    func cursorBesideWide() {
        let frame = makeEditor("日本|語", configuration: Self.plain, rows: 6, columns: 20).render()
        // Gutter of 4, then 日 (2 columns) and 本 (2 columns).
        #expect(frame.cursor == ScreenPosition(row: 0, column: 8))
        #expect(frame.cells[0][4] == Cell("日"))
        #expect(frame.cells[0][5] == Cell.continuation)
    }

    @Test("the status line shows the modified mark, CRLF and the language")
    func statusLine() {
        var editor = makeEditor("a\r\nb|c", fileName: "paper.tex", configuration: Self.plain, rows: 6, columns: 60)
        editor.press(typing("é"))
        let status = editor.render().lines[3]
        #expect(status.hasPrefix(" paper.tex [+]"))
        #expect(status.hasSuffix("2:3 | 2 lines | CRLF | LaTeX"))
    }

    @Test("a long file name is cut at its start")
    func longName() {
        let editor = makeEditor("|", fileName: "/very/long/directory/name/chapter.tex", configuration: Self.plain,
            rows: 6, columns: 30)
        let status = editor.render().lines[3]
        #expect(status.hasPrefix(" <"))
        #expect(status.contains("chapter.tex"))
        #expect(status.hasSuffix("1:1"))
    }

    @Test("without soft wrap a wide character that does not fit at the right edge is a blank")
    func wideAtRightEdgeNoWrap() {
        // 10 text columns after a 4-column gutter: "abcdefghi" fills 9, 日 would need columns 9 and 10.
        let editor = makeEditor("|abcdefghi日x", configuration: Self.plain, rows: 6, columns: 14)
        let frame = editor.render()
        #expect(frame.lines[0] == "  1 abcdefghi")
        #expect(frame.cells[0][13] == Cell.blank)
        #expect(frame.invariantViolations().isEmpty)
    }

    @Test("with soft wrap a wide character that does not fit moves to the next row")
    func wideAtRightEdgeWrap() {
        let configuration = EditorConfiguration(colorEnabled: false, softWrap: true)
        let editor = makeEditor("abcdefghi日|x", configuration: configuration, rows: 6, columns: 14)
        let frame = editor.render()
        #expect(frame.lines[0] == "  1 abcdefghi")
        #expect(frame.lines[1] == "    日x")
        #expect(frame.cursor == ScreenPosition(row: 1, column: 6))
        #expect(frame.invariantViolations().isEmpty)
    }

    @Test("soft wrap of a CJK line fills each row exactly")
    func wrapCJK() {
        let configuration = EditorConfiguration(colorEnabled: false, showsLineNumbers: false, softWrap: true)
        let editor = makeEditor("|日本語日本語日本語", configuration: configuration, rows: 6, columns: 7)
        let frame = editor.render()
        // 7 columns hold three wide characters (6 columns) and a blank.
        #expect(Array(frame.lines[0...2]) == ["日本語", "日本語", "日本語"])
        #expect(frame.invariantViolations().isEmpty)
    }

    @Test("down moves by visual row in soft wrap")
    func wrapMovement() {
        let configuration = EditorConfiguration(colorEnabled: false, showsLineNumbers: false, softWrap: true)
        var editor = makeEditor("ab|cdefghij\nxyz", configuration: configuration, rows: 6, columns: 5)
        editor.press(down)
        #expect(editor.notation == "abcdefg|hij\nxyz")
        editor.press(down)
        #expect(editor.notation == "abcdefghij|\nxyz")
        editor.press(down)
        #expect(editor.notation == "abcdefghij\nxy|z")
    }

    @Test("tabs expand to the tab stop")
    func tabs() {
        let editor = makeEditor("|a\tb\n\tc\nabcd\te", configuration: EditorConfiguration(
            tabWidth: 4, colorEnabled: false, showsLineNumbers: false), rows: 6, columns: 20)
        let frame = editor.render()
        #expect(Array(frame.lines[0...2]) == ["a   b", "    c", "abcd    e"])
        let wide = makeEditor("|a\tb", configuration: EditorConfiguration(tabWidth: 8, colorEnabled: false,
            showsLineNumbers: false), rows: 6, columns: 20)
        #expect(wide.render().lines[0] == "a       b")
    }

    @Test("control and invisible characters are shown visibly")
    func controls() {
        let editor = makeEditor("|a\u{1}b\u{7F}c\u{200B}d\re", configuration: EditorConfiguration(
            colorEnabled: false, showsLineNumbers: false), rows: 6, columns: 30)
        #expect(editor.render().lines[0] == "a^Ab^?c<200B>d^Me")
    }

    @Test("line numbers toggle with Alt-N, soft wrap with Alt-W")
    func toggles() {
        var editor = makeEditor("|abcdefghijklmnopqrst", configuration: Self.plain, rows: 6, columns: 16)
        #expect(editor.render().lines[0] == "  1 abcdefghijkl")
        editor.press(alt("n"))
        #expect(editor.render().lines[0] == "abcdefghijklmnop")
        #expect(editor.messageText == "Line numbers off")
        editor.press(alt("w"))
        #expect(Array(editor.render().lines[0...1]) == ["abcdefghijklmnop", "qrst"])
        #expect(editor.messageText == "Soft wrap on")
    }

    @Test("a long line scrolls horizontally to keep the cursor visible")
    func horizontalScroll() {
        var editor = makeEditor("|" + String(repeating: "x", count: 30) + "END", configuration: Self.plain, rows: 6,
            columns: 14)
        editor.press(key(.end))
        let frame = editor.render()
        #expect(frame.lines[0].hasSuffix("END"))
        #expect(frame.cursor.map { $0.column < 14 } == true)
        editor.press(key(.home))
        #expect(editor.render().lines[0] == "  1 xxxxxxxxxx")
    }

    @Test("the selection is drawn in reverse video, including a selected line break")
    func selection() {
        let frame = makeEditor("a[bc\nd|]e", configuration: Self.plain, rows: 6, columns: 20).render()
        let reversed = frame.cells[0].map(\.style.reverse)
        #expect(Array(reversed[4...7]) == [false, true, true, true])
        #expect(frame.cells[1][4].style.reverse && !frame.cells[1][5].style.reverse)
    }

    @Test("the find prompt is on the message line, with the cursor in it and matches marked")
    func findPrompt() {
        var editor = makeEditor("|abc abc", configuration: Self.plain, rows: 6, columns: 30)
        editor.press([ctrl("f")] + typing("bc"))
        let frame = editor.render()
        #expect(frame.lines[4] == "Find: bc")
        #expect(frame.cursor == ScreenPosition(row: 4, column: 8))
        // The selected match is reversed, the other one underlined (no colour).
        #expect(frame.cells[0][5].style.reverse)
        #expect(frame.cells[0][9].style.underline && !frame.cells[0][9].style.reverse)
    }

    @Test("the help screen shows the help text and closes on a key")
    func help() {
        var editor = makeEditor("|text", configuration: Self.plain, rows: 10, columns: 80)
        editor.press(key(.function(1)))
        var frame = editor.render()
        #expect(frame.lines[0] == "coedit: keys")
        #expect(frame.cursor == nil)
        editor.press(down)
        frame = editor.render()
        #expect(frame.lines[0].hasPrefix("(^X means Ctrl-X"))
        editor.press(escape)
        #expect(editor.render().lines[0] == "  1 text")
        editor.press(ctrl("g"))
        #expect(editor.render().lines[0] == "coedit: keys")
    }

    @Test("the help text lists every key the keymap binds")
    func helpTextComplete() {
        for needle in ["^S", "^Q", "^F", "^R", "^L", "^Z", "^Y", "^C", "^X", "^V", "^A", "^G", "F1", "M-N", "M-W",
            "Shift-Tab", "PgUp", "Ctrl-Home", "Ctrl-Left", "Mouse", "F3"]
        {
            #expect(Editor.helpText.contains(needle), "help text lacks \(needle)")
        }
        // It fits an 80-column terminal.
        for line in Editor.helpText.split(separator: "\n") {
            #expect(DisplayWidth.width(of: String(line)) <= 78, "too wide: \(line)")
        }
    }

    @Test("tiny and empty terminals render without trapping")
    func tinyTerminals() {
        for (rows, columns) in [(0, 0), (1, 1), (2, 3), (3, 1), (4, 2), (5, 5), (1, 80), (24, 1)] {
            var editor = makeEditor("日本|語\n\tx👩‍💻", configuration: Self.plain, rows: rows, columns: columns)
            editor.press(right, down, key(.character("é")), alt("w"), left)
            let frame = editor.render()
            #expect(frame.rows == rows && frame.columns == columns)
            #expect(frame.invariantViolations().isEmpty, "\(rows)x\(columns): \(frame.invariantViolations())")
        }
    }

    @Test("a resize changes the frame size and keeps the cursor visible")
    func resize() {
        let text = (1...50).map { "line \($0)" }.joined(separator: "\n")
        var editor = makeEditor("|" + text, configuration: Self.plain, rows: 24, columns: 80)
        editor.press(ctrl("l"))
        editor.press(typing("20") + [enter])
        editor.press(.resize(rows: 6, columns: 20))
        let frame = editor.render()
        #expect(frame.rows == 6 && frame.columns == 20)
        #expect(frame.cursor != nil)
        #expect(frame.lines.contains(" 20 line 20"))
    }

    @Test("shrinking the window to a sliver and growing it back shows the whole short document from column 0")
    func resizeBackToFull() {
        var editor = makeEditor("Hello café\n日本語 ✓\nthird\nalice ünïcode Hello café|", configuration: Self.plain,
            rows: 12, columns: 40)
        editor.press(.resize(rows: 4, columns: 10))
        editor.press(.resize(rows: 12, columns: 40))
        let frame = editor.render()
        #expect(Array(frame.lines[0...3]) == ["  1 Hello café", "  2 日本語 ✓", "  3 third", "  4 alice ünïcode Hello café"])
        #expect(frame.cursor == ScreenPosition(row: 3, column: 28))
    }

    @Test("a jump far away centres its line, but near the end the last line sits at the bottom (Ctrl-End as in vim)")
    func jumpNearTheEndFillsTheScreen() {
        let text = (1...50).map { "línea \($0) 日本" }.joined(separator: "\n")
        var editor = makeEditor("|" + text, configuration: Self.plain, rows: 12, columns: 40)  // 9 text rows
        editor.press(key(.end, .control))
        var frame = editor.render()
        #expect(frame.lines[0] == " 42 línea 42 日本" && frame.lines[8] == " 50 línea 50 日本")
        #expect(frame.cursor?.row == 8)
        editor.press(key(.home, .control))
        editor.press([ctrl("l")] + typing("25") + [enter])
        frame = editor.render()
        #expect(frame.lines[4] == " 25 línea 25 日本" && frame.cursor?.row == 4)
        editor.press(key(.home, .control))
        editor.press([ctrl("l")] + typing("48") + [enter])
        #expect(editor.render().lines[8] == " 50 línea 50 日本")
    }

    @Test("growing the window keeps the cursor's text in view and fills the rows below the last line")
    func resizeFillsBelow() {
        let text = (1...30).map { "line \($0)" }.joined(separator: "\n")
        var editor = makeEditor(text + "|", configuration: Self.plain, rows: 8, columns: 40)
        #expect(editor.render().lines[0] == " 26 line 26")
        editor.press(.resize(rows: 14, columns: 40))
        let frame = editor.render()
        #expect(frame.lines[0] == " 20 line 20" && frame.lines[10] == " 30 line 30")
        #expect(frame.cursor == ScreenPosition(row: 10, column: 11))
    }
}
