import EditorCore
import Testing

@testable import EditorModel

@Suite("Remote cursors")
struct RemoteCursorsTests {
    /// The remote peers of the tests: ann (magenta) and 陈 (cyan).
    private func peers(ann: [Selection], chen: [Selection] = []) -> RemoteCursors {
        var remote = RemoteCursors()
        remote.setPeer(1, name: "ann", colorIndex: 0)
        remote.setSelections(ann, of: 1)
        if !chen.isEmpty {
            remote.setPeer(2, name: "陈", colorIndex: 1)
            remote.setSelections(chen, of: 2)
        }
        return remote
    }

    @Test("a cursor at the end of a line: its cell in the peer's colour, the name right after it")
    func cursorAtLineEnd() {
        let editor = makeEditor("[|]hello\nworld", rows: 6, columns: 30)
        let frame = editor.render(remote: peers(ann: [Selection(cursor: 5)]))
        let gutter = 4
        #expect(frame.cells[0][gutter + 5].style.background == .magenta)
        #expect(frame.text(ofRow: 0).hasPrefix("  1 hello  ann "))
        #expect(frame.cells[0][gutter + 7].style.background == .magenta)
        // The local cursor is untouched.
        #expect(frame.cursor == ScreenPosition(row: 0, column: gutter))
    }

    @Test("a cursor inside text: the name goes on the row above (below on the top row), shifted to stay on screen")
    func labelPlacement() {
        let editor = makeEditor("[|]first line of text\nsecond line here", rows: 6, columns: 24)
        let frame = editor.render(remote: peers(ann: [Selection(cursor: 26)]))  // "second |line"
        #expect(frame.cells[1][4 + 7].style.background == .magenta)
        #expect(frame.text(ofRow: 0) == "  1 first l ann f text  ")
        let top = editor.render(remote: peers(ann: [Selection(cursor: 17)]))  // near the right edge of row 0
        #expect(top.text(ofRow: 1).hasSuffix(" ann "))
        #expect(top.text(ofRow: 1).count == 24)
    }

    @Test("a cursor inside text on a row with room after its text: the name goes there, hiding no text")
    func labelAfterTheLineEnd() {
        let editor = makeEditor("[|]Hello café ✓\n日本語 line two", rows: 6, columns: 40)
        let frame = editor.render(remote: peers(ann: [Selection(cursor: 3)]))  // "Hel|lo"
        #expect(frame.cells[0][4 + 3].style.background == .magenta)
        #expect(frame.text(ofRow: 0).hasPrefix("  1 Hello café ✓  ann "))
        #expect(frame.text(ofRow: 1).hasPrefix("  2 日本語 line two"))  // the row below is untouched
        #expect(frame.cells[0][4 + 13].style.background == .magenta && frame.cells[0][4 + 12].style.background == nil)
    }

    @Test("next to wide characters: the cursor covers both halves; a label never leaves half a wide glyph")
    func wideCharacters() {
        let editor = makeEditor("[|]漢字漢字漢字漢字\n漢字漢字漢字漢字", rows: 6, columns: 20)
        let frame = editor.render(remote: peers(ann: [Selection(cursor: 11)]))  // line 2, before its second 漢字
        let column = 4 + 4
        #expect(frame.cells[1][column].text == "漢")
        #expect(frame.cells[1][column].style.background == .magenta)
        #expect(frame.cells[1][column + 1].text == "")
        #expect(frame.cells[1][column + 1].style.background == .magenta)
        // The label " ann " (5 columns) starts at column 8 on row 0, an even column: it cuts the glyph at 12–13.
        for (index, cell) in frame.cells[0].enumerated() where cell.text.isEmpty {
            #expect(index > 0 && DisplayWidth.glyph(for: Character(frame.cells[0][index - 1].text)).width == 2,
                "a continuation cell at \(index) without its wide glyph: \(frame.text(ofRow: 0))")
        }
        #expect(frame.text(ofRow: 0).contains(" ann "))
    }

    @Test("a wide character cut by the right edge is blank; a cursor on it takes that last cell only")
    func wideCharacterAtTheRightEdge() {
        // "a" then 漢 at columns 1, 3, …: the one at column 15 needs 15–16, but the text area has 16 columns.
        let editor = makeEditor("[|]a" + String(repeating: "漢", count: 10), rows: 6, columns: 20)
        let frame = editor.render(remote: peers(ann: [Selection(cursor: 8)], chen: [Selection(cursor: 7)]))
        #expect(frame.cells[0][19].text == " ")
        #expect(frame.cells[0][19].style.background == .magenta)
        #expect(frame.cells[0][17].text == "漢" && frame.cells[0][18].text == "")
        #expect(frame.cells[0][17].style.background == .cyan && frame.cells[0][18].style.background == .cyan)
        // A cursor beyond the right edge is not drawn.
        let beyond = editor.render(remote: peers(ann: [Selection(cursor: 9)]))
        #expect(!beyond.cells.joined().contains { $0.style.background == .magenta })
    }

    @Test("selections are tinted on every row they cover, overlapping peers in participant order")
    func selections() {
        let editor = makeEditor("[|]abcdef\nghijkl\nmnop", rows: 8, columns: 30)
        let frame = editor.render(remote: peers(ann: [Selection(anchor: 2, head: 9)], chen: [Selection(anchor: 8, head: 12)]))
        let gutter = 4
        #expect(frame.cells[0][gutter + 1].style.background == nil)
        #expect((2...6).allSatisfy { frame.cells[0][gutter + $0].style.background == .magenta })  // "cdef" + newline
        #expect(frame.cells[1][gutter + 0].style.background == .magenta)
        #expect(frame.cells[1][gutter + 1].style.background == .cyan)  // 陈's selection over ann's
        #expect(frame.cells[1][gutter + 4].style.background == .cyan)
        #expect(frame.cells[1][gutter + 5].style.background == .cyan)  // 陈's cursor at 12
        // ann's label after the row's text (ann is drawn first), then 陈's after it: neither hides text.
        #expect(frame.text(ofRow: 1).hasPrefix("  2 ghijkl  ann  陈 "))
        #expect(frame.text(ofRow: 0).hasPrefix("  1 abcdef "))
        #expect(frame.cells[2][gutter + 0].style.background == nil)
    }

    @Test("off-screen cursors are not drawn; positions follow remote and local changes")
    func offScreenAndMapping() throws {
        var editor = makeEditor("[|]" + (1...30).map { "line \($0)" }.joined(separator: "\n"), rows: 6, columns: 30)
        var remote = peers(ann: [Selection(cursor: 200)])
        let frame = editor.render(remote: remote)
        #expect(!frame.cells.flatMap { $0 }.contains { $0.style.background == .magenta })
        remote.setSelections([Selection(cursor: 5)], of: 1)  // "line |1"
        let change = ChangeSet.replacing(0..<0, with: "new\n", baseLength: editor.document.buffer.scalarCount)
        try editor.apply(change, origin: .remote)
        remote.map(through: change)
        #expect(remote.peers[1]?.selections == [Selection(cursor: 9)])
        remote.removePeer(1)
        #expect(remote.peers.isEmpty)
    }

    @Test("the status note sits in the free middle of the status line, or is left out when it does not fit")
    func statusNote() {
        let editor = makeEditor("[|]hello", rows: 6, columns: 60)
        var remote = RemoteCursors()
        remote.statusNote = "3 here · sharing"
        let frame = editor.render(remote: remote)
        let status = frame.text(ofRow: 3)
        #expect(status.contains("test.txt"))
        #expect(status.contains(" 3 here · sharing "))
        #expect(status.contains("1:1"))
        let narrow = makeEditor("[|]hello", rows: 6, columns: 24).render(remote: remote)
        #expect(!narrow.text(ofRow: 3).contains("3 here"))
    }

    @Test("jumping to a peer moves the cursor there and scrolls; revealing scrolls without moving the cursor")
    func jumpAndReveal() {
        var editor = makeEditor("[|]" + (1...40).map { "line \($0)" }.joined(separator: "\n"), rows: 8, columns: 30)
        let offset = editor.document.buffer.lineStart(29) + 2  // "li|ne 30"
        editor.reveal(offset)
        #expect(editor.selection == Selection(cursor: 0))
        let rows = (0..<5).map { editor.render().text(ofRow: $0) }
        #expect(rows.contains { $0.contains(" 30 line 30") }, "\(rows)")  // scrolled down to line 30
        #expect(!rows.contains { $0.contains("  1 line 1") })
        editor.moveCursor(to: offset)
        #expect(editor.selection == Selection(cursor: offset))
        #expect(editor.render().cursor != nil)
        editor.moveCursor(to: 1_000_000)
        #expect(editor.selection == Selection(cursor: editor.document.buffer.scalarCount))
    }

    @Test("without colour: underlined cursor and selection, the name in reverse video")
    func monochrome() {
        var configuration = EditorConfiguration()
        configuration.colorEnabled = false
        let editor = makeEditor("[|]hello world", configuration: configuration, rows: 6, columns: 30)
        let frame = editor.render(remote: peers(ann: [Selection(anchor: 6, head: 11)]))
        #expect(frame.cells[0][4 + 6].style.underline)
        #expect(frame.cells[0][4 + 11].style.underline && frame.cells[0][4 + 11].style.reverse)
        #expect(frame.cells[0][4 + 13].style.reverse)  // the label
        #expect(frame.cells.flatMap { $0 }.allSatisfy { $0.style.background == nil })
    }
}
