import Testing

@testable import EditorModel

@Suite("Cursor movement")
struct MovementTests {
    @Test("the notation round-trips")
    func notationRoundTrip() throws {
        for notation in ["hel|lo", "he[l|]lo", "he[|l]lo", "|", "日[本語|]", "a\r\n|b"] {
            let parsed = try #require(Notation.parse(notation))
            #expect(Notation.print(parsed.text, parsed.selection) == notation)
        }
        #expect(Notation.parse("no cursor") == nil)
        #expect(Notation.parse("he[l|lo") == nil)
    }

    @Test("left and right move by grapheme cluster")
    func graphemes() {
        check("|café", repeated(right, 4), "café|")
        check("|e\u{301}x", [right], "e\u{301}|x")
        check("e\u{301}|x", [left], "|e\u{301}x")
        check("|👩‍💻!", [right], "👩‍💻|!")
        check("|🇫🇷🇩🇪", [right], "🇫🇷|🇩🇪")
        check("a|👍🏽", [right], "a👍🏽|")
        check("|日本", [right, right], "日本|")
        check("|a\u{308}\u{331}b", [right], "a\u{308}\u{331}|b")
        check("|", [left, right], "|")
    }

    @Test("a CRLF line break is one step")
    func crlf() {
        check("ab|\r\ncd", [right], "ab\r\n|cd")
        check("ab\r\n|cd", [left], "ab|\r\ncd")
        check("a|b\r\ncd", [key(.end)], "ab|\r\ncd")
    }

    @Test("Ctrl-Left and Ctrl-Right move by word")
    func words() {
        check("|hello wörld", [key(.right, .control)], "hello| wörld")
        check("hello| wörld", [key(.right, .control)], "hello wörld|")
        check("hello wörld|", [key(.left, .control)], "hello |wörld")
        check("hello |wörld", [key(.left, .control)], "|hello wörld")
    }

    @Test("Home goes to the first non-blank character, then to column 0; End to the line end")
    func homeEnd() {
        check("  ab|c\nx", [key(.home)], "  |abc\nx")
        check("  |abc\nx", [key(.home)], "|  abc\nx")
        check("|  abc\nx", [key(.home)], "  |abc\nx")
        check("|  abc\nx", [key(.end)], "  abc|\nx")
        check("x\n  a|bc", [key(.home, .control)], "|x\n  abc")
        check("|x\n  abc", [key(.end, .control)], "x\n  abc|")
    }

    @Test("up and down keep the display column across wide characters")
    func vertical() {
        // Column 4 is after "日本" (2 wide characters) and after "abcd".
        check("abcd|efg\n日本語\nxy", [down], "abcdefg\n日本|語\nxy")
        check("abcdefg\n日本|語\nxy", [up], "abcd|efg\n日本語\nxy")
        // The goal column survives a short line.
        check("abcd|efg\nxy\nabcdefg", [down, down], "abcdefg\nxy\nabcd|efg")
        // Column 3 is inside "本": the cursor goes before it.
        check("abc|\n日本語", [down], "abc\n日|本語")
        // Up on the first line goes to its start, down on the last to its end.
        check("ab|c\nd", [up], "|abc\nd")
        check("abc\nd|ef", [down], "abc\ndef|")
    }

    @Test("tabs count as the columns they cover")
    func tabs() {
        // "\tx": the tab covers columns 0-3, x is at column 4.
        check("abcd|e\n\tx", [down], "abcde\n\t|x")
        check("ab|cde\n\tx", [down], "abcde\n|\tx")
    }

    @Test("Page Down and Page Up move a screen")
    func pages() {
        let text = (1...40).map { "line \($0)" }.joined(separator: "\n")
        var editor = makeEditor("|" + text, rows: 12)
        // 12 rows: 9 text rows, pages of 8 rows.
        editor.press(key(.pageDown))
        #expect(editor.document.buffer.lineIndex(containing: editor.selection.head) == 8)
        editor.press(key(.pageDown), key(.pageUp))
        #expect(editor.document.buffer.lineIndex(containing: editor.selection.head) == 8)
        editor.press(repeated(key(.pageDown), 10))
        #expect(editor.selection.head == editor.document.buffer.scalarCount)
    }

    @Test("a plain arrow collapses a selection to its edge")
    func collapse() {
        check("a[bc|]d", [left], "a|bcd")
        check("a[bc|]d", [right], "abc|d")
        check("a[|bc]d", [escape], "a|bcd")
    }
}
