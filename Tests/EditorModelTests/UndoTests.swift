import Testing

@testable import EditorModel

@Suite("Undo and redo")
struct UndoTests {
    @Test("a typed word and its following space are one step")
    func wordGrouping() {
        let undo = ctrl("z")
        check("|", typing("héllo wörld") + [undo], "héllo |")
        check("|", typing("héllo wörld") + [undo, undo], "|")
        check("|", typing("日本 語") + [undo], "日本 |")
    }

    @Test("undo restores the selection from before; redo the one after")
    func selectionRestored() {
        check("a[bc|]d", typing("X") + [ctrl("z")], "a[bc|]d")
        check("a[bc|]d", typing("X") + [ctrl("z"), ctrl("y")], "aX|d")
        check("a[bc|]d", typing("X") + [ctrl("z"), key(.character("Z"), [.control, .shift])], "aX|d")
    }

    @Test("a newline closes the group and is a step of its own")
    func newline() {
        check("|", typing("ab\ncd") + [ctrl("z")], "ab\n|")
        check("|", typing("ab\ncd") + [ctrl("z"), ctrl("z")], "ab|")
        check("|", typing("ab\ncd") + repeated(ctrl("z"), 3), "|")
    }

    @Test("a cursor movement closes the group")
    func movementCloses() {
        check("|", typing("ab") + [left] + typing("X") + [ctrl("z")], "a|b")
        check("|", typing("ab") + [left, right] + typing("c") + [ctrl("z"), ctrl("z")], "|")
    }

    @Test("a paste is one step, also after typing")
    func paste() {
        check("|", typing("ab") + [.paste("one\ntwo three")] + [ctrl("z")], "ab|")
        check("x[y|]", [ctrl("c"), right] + [ctrl("v"), ctrl("v"), ctrl("z")], "xyy|")
    }

    @Test("consecutive Backspaces are one step, Deletes another")
    func deletions() {
        check("abcdef|", repeated(backspace, 3) + [ctrl("z")], "abcdef|")
        check("ab|cdef", repeated(backspace, 2) + repeated(deleteKey, 2) + [ctrl("z")], "|cdef")
        check("ab|cdef", typing("X") + repeated(backspace, 2) + [ctrl("z")], "abX|cdef")
    }

    @Test("redo is dropped by a new edit; undo and redo with nothing to do say so")
    func redoDropped() {
        var editor = makeEditor("|")
        editor.press(typing("ab") + [ctrl("z")] + typing("c") + [ctrl("y")])
        #expect(editor.notation == "c|")
        #expect(editor.messageText == "Nothing to redo")
        editor.press(ctrl("z"), ctrl("z"))
        #expect(editor.notation == "|")
        #expect(editor.messageText == "Nothing to undo")
    }

    @Test("indent, replace all and cut are single steps")
    func singleSteps() {
        check("[a\nb\nc|]", [tab, ctrl("z")], "[a\nb\nc|]")
        check("ab|c", [ctrl("x"), ctrl("z")], "ab|c")
    }
}
