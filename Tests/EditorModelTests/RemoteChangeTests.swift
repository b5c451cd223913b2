import EditorCore
import Testing

@testable import EditorModel

@Suite("Remote changes")
struct RemoteChangeTests {
    /// A change made by someone else: replaces `range` of the editor's current text with `text`.
    static func remote(_ editor: Editor, _ range: Range<Int>, _ text: String) -> ChangeSet {
        .replacing(range, with: text, baseLength: editor.document.buffer.scalarCount)
    }

    static let numbered = (1...60).map { "línea \($0) 日本" }.joined(separator: "\n")

    @Test("lines inserted above keep the cursor on its text and the view on its line")
    func insertAbove() throws {
        var editor = makeEditor("|" + Self.numbered, configuration: EditorConfiguration(colorEnabled: false),
            rows: 12, columns: 40)
        editor.press([ctrl("l")] + typing("40:3") + [enter])
        let before = editor.render()
        let cursorText = editor.document.buffer.substring(editor.selection.head..<editor.selection.head + 5)
        try editor.apply(Self.remote(editor, 0..<0, "new 1\nnew 2\nnew 3\n"), origin: .remote)
        try editor.apply(Self.remote(editor, 30..<30, "más\n"), origin: .remote)
        let after = editor.render()
        #expect(editor.document.buffer.substring(editor.selection.head..<editor.selection.head + 5) == cursorText)
        #expect(after.cursor == before.cursor)
        // The same text lines are on the same screen rows (line numbers in the gutter moved by 4).
        for row in 0..<9 {
            #expect(after.lines[row].dropFirst(4) == before.lines[row].dropFirst(4), "row \(row)")
        }
        #expect(before.lines[0].hasPrefix(" 36 "))
        #expect(after.lines[0].hasPrefix(" 40 "))
    }

    @Test("with soft wrap the view also stays on its text")
    func insertAboveWrapped() throws {
        let configuration = EditorConfiguration(colorEnabled: false, softWrap: true)
        var editor = makeEditor("|" + Self.numbered, configuration: configuration, rows: 12, columns: 12)
        editor.press([ctrl("l")] + typing("30") + [enter])
        let before = editor.render()
        try editor.apply(Self.remote(editor, 0..<0, String(repeating: "長い行 ", count: 9) + "\n"), origin: .remote)
        let after = editor.render()
        #expect(after.cursor == before.cursor)
        #expect(after.lines[0].dropFirst(4) == before.lines[0].dropFirst(4))
    }

    @Test("text inserted at the cursor goes after it; a selection does not grow")
    func insertAtCursor() throws {
        var editor = makeEditor("he|llo")
        try editor.apply(Self.remote(editor, 2..<2, "XY"), origin: .remote)
        #expect(editor.notation == "he|XYllo")
        var selected = makeEditor("a[bc|]d")
        try selected.apply(Self.remote(selected, 3..<3, "Z"), origin: .remote)
        try selected.apply(Self.remote(selected, 1..<1, "W"), origin: .remote)
        #expect(selected.notation == "aW[bc|]Zd")
    }

    @Test("a deletion around the cursor collapses it to where the text was")
    func deletionAround() throws {
        var editor = makeEditor("abc[de|]fgh")
        try editor.apply(Self.remote(editor, 2..<7, ""), origin: .remote)
        #expect(editor.notation == "ab|h")
        try editor.apply(Self.remote(editor, 0..<3, ""), origin: .remote)
        #expect(editor.notation == "|")
        #expect(editor.render().invariantViolations().isEmpty)
    }

    @Test("a remote change never leaves the cursor inside a grapheme cluster")
    func graphemeSnap() throws {
        var editor = makeEditor("e|x")
        // A combining accent inserted before the cursor joins "e": the cursor stays after the whole cluster.
        try editor.apply(Self.remote(editor, 1..<1, "\u{301}"), origin: .remote)
        #expect(editor.selection.head == 2 || editor.selection.head == 0)
        #expect(editor.document.buffer.isGraphemeBoundary(editor.selection.head))
        var crlf = makeEditor("ab\r|x")
        try crlf.apply(Self.remote(crlf, 3..<4, "\n"), origin: .remote)
        #expect(crlf.document.buffer.isGraphemeBoundary(crlf.selection.head))
    }

    @Test("undo undoes only the local edits, transformed through remote ones")
    func undoLocalOnly() throws {
        var editor = makeEditor("one\ntwo|")
        editor.press(typing("-três"))
        try editor.apply(Self.remote(editor, 0..<0, "REMOTE\n"), origin: .remote)
        try editor.apply(Self.remote(editor, 7..<10, "ONE"), origin: .remote)
        #expect(editor.document.buffer.string == "REMOTE\nONE\ntwo-três")
        editor.press(ctrl("z"))
        #expect(editor.document.buffer.string == "REMOTE\nONE\ntwo")
        editor.press(ctrl("z"))
        #expect(editor.document.buffer.string == "REMOTE\nONE\ntwo")
        editor.press(ctrl("y"))
        #expect(editor.notation == "REMOTE\nONE\ntwo-três|")
    }

    @Test("redo after a remote change lands where the text moved")
    func redoAfterRemote() throws {
        var editor = makeEditor("abc|")
        editor.press(typing("日本") + [ctrl("z")])
        try editor.apply(Self.remote(editor, 0..<1, "XYZ"), origin: .remote)
        editor.press(ctrl("y"))
        #expect(editor.notation == "XYZbc日本|")
        editor.press(ctrl("z"))
        #expect(editor.notation == "XYZbc|")
    }

    @Test("undo of a deletion after someone typed at the same place")
    func undoDeletionAfterRemoteInsert() throws {
        var editor = makeEditor("abXYZ|cd")
        editor.press(repeated(backspace, 3))
        try editor.apply(Self.remote(editor, 2..<2, "r"), origin: .remote)
        editor.press(ctrl("z"))
        // The remote "r" was typed where the deleted text was: it stays before the restored text.
        #expect(editor.document.buffer.string == "abrXYZcd")
    }

    @Test("a search in progress follows remote changes; Esc returns to the mapped start")
    func findDuringRemote() throws {
        var editor = makeEditor("x|yz abc")
        editor.press([ctrl("f")] + typing("abc"))
        try editor.apply(Self.remote(editor, 0..<0, "123 "), origin: .remote)
        #expect(editor.notation == "123 xyz [abc|]")
        editor.press(escape)
        #expect(editor.notation == "123 x|yz abc")
    }

    @Test("a change of the wrong length is refused and changes nothing")
    func wrongLength() {
        var editor = makeEditor("ab|c")
        let change = ChangeSet.replacing(0..<0, with: "x", baseLength: 10)
        #expect(throws: (any Error).self) { try editor.apply(change, origin: .remote) }
        #expect(editor.notation == "ab|c")
        #expect(!editor.isModified)
    }

    @Test("a local change through the public apply is undoable")
    func localApply() throws {
        var editor = makeEditor("ab|c")
        try editor.apply(Self.remote(editor, 0..<0, "日"), origin: .local)
        #expect(editor.notation == "日ab|c")
        editor.press(ctrl("z"))
        #expect(editor.document.buffer.string == "abc")
    }
}

@Suite("Remote changes whose result the sync layer made")
struct AdoptedRemoteChangeTests {
    @Test("the buffer becomes the given result, and everything else is as applying the change")
    func adoptsTheResult() throws {
        let text = (1...30).map { "naïve \($0) 日本 🎉" }.joined(separator: "\n")
        var applied = makeEditor("|" + text, rows: 8, columns: 30)
        applied.press([ctrl("l")] + typing("20:4") + [enter] + typing("x"))
        var adopted = applied
        let change = RemoteChangeTests.remote(applied, 3..<9, "e\u{301}\n東京\n")
        var result = applied.document.buffer
        try change.apply(to: &result)
        try applied.apply(change, origin: .remote)
        try adopted.applyRemote(change, result: result)
        #expect(adopted.document.buffer == result && adopted.document.buffer.string == result.string)
        #expect(adopted.notation == applied.notation && adopted.render().lines == applied.render().lines)
        #expect(adopted.document.version == applied.document.version && adopted.isModified == applied.isModified)
        // Undo removes only our own "x", through the remote change.
        adopted.press(ctrl("z"))
        applied.press(ctrl("z"))
        #expect(adopted.document.buffer.string == applied.document.buffer.string)
        #expect(!adopted.document.buffer.string.contains("x"))
    }

    @Test("a result or change of the wrong length is refused and changes nothing")
    func refusesWhatDoesNotFit() {
        var editor = makeEditor("ab|c 日本")
        let change = RemoteChangeTests.remote(editor, 0..<0, "é")
        #expect(throws: (any Error).self) { try editor.applyRemote(change, result: TextBuffer("éab")) }
        let stale = ChangeSet.replacing(0..<0, with: "é", baseLength: 2)
        #expect(throws: (any Error).self) { try editor.applyRemote(stale, result: TextBuffer("éab")) }
        #expect(editor.notation == "ab|c 日本" && !editor.isModified)
    }
}
