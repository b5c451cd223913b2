import Testing

@testable import EditorModel

@Suite("Find, replace and go to line")
struct FindReplaceTests {
    @Test("find selects the first match after the cursor as you type")
    func incremental() {
        check("ab|c Straße straße", [ctrl("f")] + typing("str"), "abc [Str|]aße straße")
        check("ab|c Straße straße", [ctrl("f")] + typing("straß"), "abc [Straß|]e straße")
        // Smart case: a capital makes the search case-sensitive.
        check("ab|c straße Straße", [ctrl("f")] + typing("Str"), "abc straße [Str|]aße")
        check("|ÉCOLE école", [ctrl("f")] + typing("éc"), "[ÉC|]OLE école")
        check("|ÉCOLE école", [ctrl("f")] + typing("Éc"), "|ÉCOLE école")
    }

    @Test("next and previous wrap around")
    func nextPrevious() {
        let find = [ctrl("f")] + typing("日本")
        check("x日本|y日本z日本", find, "x日本y[日本|]z日本")
        check("x日本|y日本z日本", find + [enter], "x日本y日本z[日本|]")
        check("x日本|y日本z日本", find + [enter, enter], "x[日本|]y日本z日本")
        check("x日本|y日本z日本", find + [down, ctrl("n")], "x[日本|]y日本z日本")
        check("x日本|y日本z日本", find + [up], "x[日本|]y日本z日本")
        check("x日本|y日本z日本", find + [up, ctrl("p")], "x日本y日本z[日本|]")
    }

    @Test("Esc restores the cursor; another key stays at the match")
    func cancelAndAccept() {
        check("a|bc abc", [ctrl("f")] + typing("abc") + [escape], "a|bc abc")
        check("a|bc abc", [ctrl("f")] + typing("abc") + [ctrl("f")], "abc [abc|]")
        check("a|bc abc", [ctrl("f")] + typing("abc") + [key(.pageDown)], "abc abc|")
        var editor = makeEditor("a|bc abc")
        editor.press([ctrl("f")] + typing("abc") + [ctrl("f")])
        #expect(!editor.isPrompting)
        // F3 and Ctrl-N then find the same text again.
        editor.press(key(.function(3)))
        #expect(editor.notation == "[abc|] abc")
    }

    @Test("a match never starts or ends inside a grapheme cluster")
    func graphemeBoundaries() {
        check("|e\u{301} e", [ctrl("f")] + typing("e"), "e\u{301} [e|]")
    }

    @Test("not found keeps the cursor and says so")
    func notFound() {
        var editor = makeEditor("a|bc")
        editor.press([ctrl("f")] + typing("xyz"))
        #expect(editor.notation == "a|bc")
        #expect(editor.messageText == "Find: xyz")
        #expect(editor.render().lines[editor.rows - 2].hasPrefix("Find: xyz"))
        editor.press(enter)
        #expect(editor.render().lines.contains { $0.contains("Not found") })
    }

    @Test("in a large file the search as you type reads a bounded window; Enter searches everything")
    func boundedIncrementalSearch() {
        let filler = String(repeating: "abcdefg 日本語\n", count: Editor.incrementalSearchBudget / 10)
        var editor = makeEditor("|" + filler + "needle")
        editor.press([ctrl("f")] + typing("needle"))
        #expect(editor.selection.isEmpty)
        #expect(editor.render().lines.contains { $0.contains("No match nearby") })
        editor.press(enter)
        #expect(editor.document.buffer.substring(editor.selection.range) == "needle")
    }

    @Test("replace asks about each match: y, n, then stops at the start")
    func replaceEach() {
        var editor = makeEditor("|cat cat cat")
        editor.press([ctrl("r")] + typing("cat") + [enter] + typing("dog") + [enter])
        #expect(editor.notation == "[cat|] cat cat")
        editor.press(typing("y"))
        #expect(editor.notation == "dog [cat|] cat")
        editor.press(typing("n"))
        #expect(editor.notation == "dog cat [cat|]")
        editor.press(typing("y"))
        #expect(editor.document.buffer.string == "dog cat dog")
        #expect(!editor.isPrompting)
        #expect(editor.messageText == "Replaced 2 occurrences")
    }

    @Test("replace all remaining is one undo step, wrapping around to where it started")
    func replaceAll() {
        var editor = makeEditor("é x é y| é z é")
        editor.press([ctrl("r")] + typing("é") + [enter] + typing("ß") + [enter] + typing("a"))
        #expect(editor.document.buffer.string == "ß x ß y ß z ß")
        #expect(editor.messageText == "Replaced 4 occurrences")
        editor.press(ctrl("z"))
        #expect(editor.document.buffer.string == "é x é y é z é")
    }

    @Test("replace with y then a, and Esc stops")
    func replaceMixed() {
        var editor = makeEditor("|a1 a2 a3 a4")
        editor.press([ctrl("r")] + typing("a") + [enter] + typing("bb") + [enter] + typing("ya"))
        #expect(editor.document.buffer.string == "bb1 bb2 bb3 bb4")
        var stopped = makeEditor("|a1 a2 a3")
        stopped.press([ctrl("r")] + typing("a") + [enter] + typing("b") + [enter] + typing("y") + [escape])
        #expect(stopped.document.buffer.string == "b1 a2 a3")
        #expect(!stopped.isPrompting)
        // A command key stops replacing and does its job: Ctrl-Q then asks about saving.
        var quitting = makeEditor("|a1 a2")
        quitting.press([ctrl("r")] + typing("a") + [enter] + typing("b") + [enter] + typing("y") + [ctrl("q")])
        #expect(quitting.messageText == "Save changes? (y/n, Esc cancels) ")
    }

    @Test("the replacement may contain the searched text")
    func replacementContainsQuery() {
        var editor = makeEditor("|ab ab")
        editor.press([ctrl("r")] + typing("ab") + [enter] + typing("abab") + [enter] + typing("yy"))
        #expect(editor.document.buffer.string == "abab abab")
        #expect(!editor.isPrompting)
    }

    @Test("go to line and line:column")
    func goToLine() {
        let text = "one\ntwo\n日本語\r\nfour"
        check("|" + text, [ctrl("l")] + typing("3") + [enter], "one\ntwo\n|日本語\r\nfour")
        check("|" + text, [ctrl("l")] + typing("3:3") + [enter], "one\ntwo\n日本|語\r\nfour")
        check("|" + text, [ctrl("l")] + typing("3:99") + [enter], "one\ntwo\n日本語|\r\nfour")
        check("|" + text, [ctrl("l")] + typing("99") + [enter], "one\ntwo\n日本語\r\n|four")
        check("|" + text, [ctrl("l")] + typing("2") + [escape], "|" + text)
        var editor = makeEditor("|" + text)
        editor.press([ctrl("l")] + typing("x2") + [enter])
        #expect(editor.messageText == "Not a line number: x2")
        #expect(editor.notation == "|" + text)
    }
}
