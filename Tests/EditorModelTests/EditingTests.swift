import Testing

@testable import EditorModel

@Suite("Selecting and editing")
struct EditingTests {
    @Test("Shift with a movement selects")
    func shiftSelects() {
        check("he|llo", [shift(.right), shift(.right)], "he[ll|]o")
        check("he|llo", [shift(.left)], "h[|e]llo")
        check("ab|c\ndef", [shift(.down)], "ab[c\nde|]f")
        check("|héllo wörld", [key(.right, [.control, .shift])], "[héllo|] wörld")
        check("a|b 日本", [shift(.end)], "a[b 日本|]")
        check("  a|b", [shift(.home)], "  [|a]b")
        check("x|yz", [ctrl("a")], "[xyz|]")
        // A selection can shrink back to a cursor.
        check("he|llo", [shift(.right), shift(.left)], "he|llo")
    }

    @Test("typing inserts, and replaces a selection")
    func typingText() {
        check("a|b", typing("xé日😀"), "axé日😀|b")
        check("a[bc|]d", typing("Z"), "aZ|d")
        check("|", typing("e\u{301}"), "e\u{301}|")
    }

    @Test("Insert toggles overwrite: a typed character replaces the grapheme cluster under the cursor")
    func overwriting() {
        let insert = key(.insert)
        check("a|bc", [insert] + typing("X"), "aX|c")
        check("|e\u{301}日👩‍💻z", [insert] + typing("123"), "123|z")
        // At a line break (LF or CRLF) or the end, overwriting inserts: lines are never joined.
        check("ab|\ncd", [insert] + typing("xy"), "abxy|\ncd")
        check("ab|\r\ncd", [insert] + typing("x"), "abx|\r\ncd")
        check("ab|", [insert] + typing("é"), "abé|")
        // A selection is replaced as in insert mode; a second Insert goes back to inserting.
        check("a[bc|]d", [insert] + typing("Z"), "aZ|d")
        check("a|bc", [insert, insert] + typing("X"), "aX|bc")

        var editor = makeEditor("|日本語です")
        editor.press([insert] + typing("にほ"))
        #expect(editor.notation == "にほ|語です")
        #expect(editor.isOverwriting)
        #expect(editor.render().lines.contains { $0.contains("OVR | 1:3") })
        editor.press(ctrl("z"))
        #expect(editor.notation == "|日本語です", "one undo step restores the overwritten text")
    }

    @Test("Backspace and Delete remove one grapheme cluster")
    func deletion() {
        check("ae\u{301}|b", [backspace], "a|b")
        check("a|👩‍💻b", [deleteKey], "a|b")
        check("a🇫🇷|", [backspace], "a|")
        check("ab\r\n|cd", [backspace], "ab|cd")
        check("ab|\r\ncd", [deleteKey], "ab|cd")
        check("|ab", [backspace], "|ab")
        check("ab|", [deleteKey], "ab|")
        check("a[bc|]d", [backspace], "a|d")
        check("a[|bc]d", [deleteKey], "a|d")
        check("one two|", [key(.backspace, .control)], "one |")
    }

    @Test("Enter keeps the line's indentation")
    func enterIndents() {
        check("\tif x {|", [enter], "\tif x {\n\t|")
        check("    abc|def", [enter], "    abc\n    |def")
        check("  |  abc", [enter], "  \n  |  abc")
        check("abc|", [enter], "abc\n|")
        check("  a[bc|]", [enter], "  a\n  |")
    }

    @Test("Enter in a CRLF file inserts CRLF")
    func enterCRLF() {
        check("a\r\n  b|c", [enter], "a\r\n  b\r\n  |c")
    }

    @Test("a bracketed paste is inserted as is, with the document's line endings")
    func bracketedPaste() {
        check("  x|", [.paste("a\n  b\nc")], "  xa\n  b\nc|")
        check("x|\r\ny", [.paste("1\n2")], "x1\r\n2|\r\ny")
        check("x|\ny", [.paste("1\r\n2")], "x1\n2|\ny")
        check("[ab|]", [.paste("日本")], "日本|")
    }

    @Test("Tab inserts a tab, or indents the selected lines; Shift-Tab outdents")
    func indentation() {
        check("a|b", [tab], "a\t|b")
        check("a|b", [tab], "a   |b", configuration: EditorConfiguration(insertsSpacesForTab: true))
        check("[one\ntwo|]", [tab], "[\tone\n\ttwo|]")
        check("o[ne\n\nt|]wo\nthree", [tab], "\to[ne\n\n\tt|]wo\nthree")
        // A selection that ends at the start of a line leaves that line alone.
        check("[one\n|]two", [tab], "[\tone\n|]two")
        check("[\tone\n    two\n  three|]", [shift(.tab)], "[one\ntwo\nthree|]")
        check("\t\tab|c", [shift(.tab)], "\tab|c")
        check("[éé\n日本|]", [tab, shift(.tab)], "[éé\n日本|]")
    }

    @Test("copy, cut and paste, with the clipboard exported")
    func clipboard() {
        var editor = makeEditor("a[bc|]d")
        let effects = editor.press(ctrl("c"))
        #expect(effects == [.exportToClipboard("bc")])
        editor.press(key(.end), ctrl("v"))
        #expect(editor.notation == "abcdbc|")

        var cut = makeEditor("日[本語|]x")
        #expect(cut.press(ctrl("x")) == [.exportToClipboard("本語")])
        #expect(cut.notation == "日|x")
        cut.press(key(.home), ctrl("v"))
        #expect(cut.notation == "本語|日x")
    }

    @Test("copy and cut without a selection take the whole line, pasted above the cursor's line")
    func wholeLines() {
        var editor = makeEditor("one\ntw|o\nthree")
        #expect(editor.press(ctrl("x")) == [.exportToClipboard("two\n")])
        #expect(editor.notation == "one\n|three")
        editor.press(ctrl("v"))
        #expect(editor.notation == "one\ntwo\n|three")

        var last = makeEditor("one\ntw|o")
        #expect(last.press(ctrl("c")) == [.exportToClipboard("two\n")])
        last.press(ctrl("x"))
        #expect(last.document.buffer.string == "one")
    }

    @Test("select all, and pasting with nothing copied")
    func selectAllAndEmptyPaste() {
        var editor = makeEditor("ab|c\ndéf")
        editor.press(ctrl("v"))
        #expect(editor.notation == "ab|c\ndéf")
        #expect(editor.messageText == "The clipboard is empty")
        editor.press(ctrl("a"), ctrl("c"), key(.end, .control), ctrl("v"))
        #expect(editor.notation == "abc\ndéfabc\ndéf|")
    }
}
