import Testing

@testable import EditorModel

@Suite("Display widths and line layout")
struct LayoutTests {
    @Test(
        "grapheme widths",
        arguments: [
            ("a", 1), ("é", 1), ("e\u{301}", 1), ("日", 2), ("한", 2), ("\u{1100}\u{1161}", 2), ("Ａ", 2), ("😀", 2),
            ("👍🏽", 2), ("👩‍💻", 2), ("🇫🇷", 2), ("❤", 1), ("❤️", 2), ("1️⃣", 2), ("✓", 1), ("α", 1), ("\u{3000}", 2),
            ("\u{1}", 2), ("\u{7F}", 2), ("\u{85}", 4), ("\u{200B}", 6), ("\u{FEFF}", 6), ("\u{301}", 1),
        ])
    func widths(text: String, width: Int) throws {
        let character = try #require(text.first)
        #expect(text.count == 1)
        #expect(DisplayWidth.glyph(for: character).width == width, "\(text.unicodeScalars.map { $0.value })")
    }

    @Test("substitutes spell out control characters")
    func substitutes() {
        #expect(DisplayWidth.glyph(for: "\u{0}") == .substitute("^@"))
        #expect(DisplayWidth.glyph(for: "\u{1B}") == .substitute("^["))
        #expect(DisplayWidth.glyph(for: "\u{7F}") == .substitute("^?"))
        #expect(DisplayWidth.glyph(for: "\u{9B}") == .substitute("<9B>"))
        #expect(DisplayWidth.glyph(for: "\u{2028}") == .substitute("<2028>"))
        #expect(DisplayWidth.glyph(for: "\u{301}") == .narrow(" \u{301}"))
    }

    @Test("a line without wrap is one row; columns and offsets map both ways")
    func noWrap() {
        let layout = LineLayout(text: "a日\tb👩‍💻", tabWidth: 4, wrapWidth: nil)
        #expect(layout.rows.count == 1)
        #expect(layout.items.map(\.column) == [0, 1, 3, 4, 5])
        #expect(layout.items.map(\.width) == [1, 2, 1, 1, 2])
        #expect(layout.length == 1 + 1 + 1 + 1 + 3)
        #expect(layout.position(of: 2) == (0, 3))
        #expect(layout.position(of: 7) == (0, 7))
        #expect(layout.offset(atRow: 0, column: 2) == 1)
        #expect(layout.offset(atRow: 0, column: 6) == 4)
        #expect(layout.offset(atRow: 0, column: 99) == 7)
    }

    @Test("soft wrap moves what does not fit to the next row and adds a row after a full last row")
    func wrap() {
        let layout = LineLayout(text: "abc日本", tabWidth: 4, wrapWidth: 4)
        #expect(layout.rows.count == 3)
        #expect(layout.startOffset(ofRow: 1) == 3)
        #expect(layout.startOffset(ofRow: 2) == 5)
        #expect(layout.position(of: 5) == (2, 0))
        // The end of an earlier row is its last grapheme, so the cursor stays on that row.
        #expect(layout.offset(atRow: 0, column: 3) == 2)
        let tabs = LineLayout(text: "abc\td", tabWidth: 8, wrapWidth: 6)
        #expect(tabs.items[3].width == 3)
        #expect(tabs.rows.count == 2)
        let empty = LineLayout(text: "", tabWidth: 4, wrapWidth: 5)
        #expect(empty.rows.count == 1 && empty.position(of: 0) == (0, 0))
    }

    @Test("a glyph wider than the wrap width gets a row of its own instead of looping")
    func narrowWrap() {
        let layout = LineLayout(text: "日本", tabWidth: 4, wrapWidth: 1)
        #expect(layout.rows.count == 3)
    }
}

@Suite("Prompt line editing")
struct PromptLineTests {
    /// Applies `keys` to `line`; returns which of them the line handled.
    static func press(_ keys: [KeyPress], on line: inout PromptLine) -> [Bool] {
        keys.map { line.handle($0) }
    }

    @Test("editing keys move and delete by grapheme; pastes keep the first line")
    func editing() {
        var line = PromptLine("ae\u{301}日")
        #expect(Self.press([KeyPress(.left), KeyPress(.backspace)], on: &line) == [true, true])
        #expect(line.text == "a日")
        #expect(Self.press([KeyPress(.home), KeyPress(.delete)], on: &line) == [true, true])
        #expect(line.text == "日")
        line.insert("x\ny")
        #expect(line.text == "x日")
        #expect(Self.press([KeyPress(.enter), KeyPress(.character("c"), modifiers: .control)], on: &line)
            == [false, false])
        var words = PromptLine("one two")
        #expect(Self.press([KeyPress(.backspace, modifiers: .control)], on: &words) == [true])
        #expect(words.text == "one ")
    }
}

@Suite("Mouse")
struct MouseTests {
    static func mouse(_ action: MouseEvent.Action, _ row: Int, _ column: Int, _ modifiers: Modifiers = [])
        -> InputEvent
    {
        .mouse(MouseEvent(action: action, row: row, column: column, modifiers: modifiers))
    }

    @Test("a click places the cursor, beside wide characters and past line ends")
    func click() {
        // Gutter of 4 columns.
        check("|ab日本\ncd", [Self.mouse(.press, 0, 7)], "ab|日本\ncd")
        check("|ab日本\ncd", [Self.mouse(.press, 0, 8)], "ab日|本\ncd")
        check("|ab日本\ncd", [Self.mouse(.press, 1, 30)], "ab日本\ncd|")
        check("|ab日本\ncd", [Self.mouse(.press, 1, 0)], "ab日本\n|cd")
        check("|ab日本\ncd", [Self.mouse(.press, 5, 5)], "ab日本\ncd|")
        // Outside the text area (the status line) nothing happens.
        check("|ab", [Self.mouse(.press, 9, 5)], "|ab")
    }

    @Test("a drag selects; Shift-click extends")
    func drag() {
        check("|héllo wörld", [Self.mouse(.press, 0, 5), Self.mouse(.drag, 0, 9), Self.mouse(.release, 0, 9)],
            "h[éllo|] wörld")
        check("hé|llo", [Self.mouse(.press, 0, 9, .shift)], "hé[llo|]")
        // A drag without a press does nothing.
        check("|abc", [Self.mouse(.drag, 0, 6)], "|abc")
    }

    @Test("the wheel scrolls three rows without moving the cursor")
    func wheel() {
        let text = (1...40).map { "l\($0)" }.joined(separator: "\n")
        var editor = makeEditor("|" + text, configuration: EditorConfiguration(colorEnabled: false))
        editor.press(Self.mouse(.scrollDown, 2, 2))
        var frame = editor.render()
        #expect(frame.lines[0] == "  4 l4")
        #expect(frame.cursor == nil)
        #expect(editor.selection.head == 0)
        editor.press(Self.mouse(.scrollUp, 2, 2), Self.mouse(.scrollUp, 2, 2))
        frame = editor.render()
        #expect(frame.lines[0] == "  1 l1")
        // The next key brings the cursor back into view.
        editor.press(repeated(Self.mouse(.scrollDown, 0, 0), 4))
        editor.press(right)
        #expect(editor.render().lines[0] == "  1 l1")
    }

    @Test("a click during a search ends it at the click")
    func clickEndsSearch() {
        var editor = makeEditor("|abc abc")
        editor.press([ctrl("f")] + typing("bc") + [Self.mouse(.press, 0, 4)])
        #expect(!editor.isPrompting)
        #expect(editor.notation == "|abc abc")
    }
}
