import EditorCore
import Testing

@testable import EditorModel

@Suite("History view")
struct HistoryViewTests {
    /// Twelve lines, then five revisions by two authors (non-ASCII throughout).
    static func sample() -> FakeHistory {
        var history = FakeHistory((1...12).map { "línea \($0) 日本 e\u{301}" }.joined(separator: "\n"))
        history.edit(0..<0, "👩‍💻 ")  // r1: line 1
        history.edit(replacing: "línea 3", with: "línea 3ß\n新しい")  // r2: line 3 and a new line 4
        history.edit(replacing: "nea", with: "", by: "ana")  // r3: a deletion in line 1
        history.edit(replacing: "línea 7", with: "Ωmega línea 7")  // r4
        history.edit(0..<3, "¡", by: "ana")  // r5: the emoji (3 scalars) becomes ¡
        return history
    }

    static func opened(_ history: FakeHistory, rows: Int = 12, columns: Int = 60) -> Editor {
        var editor = Editor(text: history.texts[history.latest], fileName: "notes.txt",
            configuration: EditorConfiguration(colorEnabled: true), rows: rows, columns: columns)
        _ = editor.handle(f7)
        return editor
    }

    @Test("F7 asks for the newest revision and shows it with its header")
    func opens() throws {
        let history = Self.sample()
        var editor = Self.opened(history)
        #expect(editor.isShowingHistory)
        #expect(editor.historyRequest == .latest)
        #expect(editor.render().lines[9].contains("History · loading…"))
        history.serve(&editor)
        #expect(editor.historyRequest == nil)
        let frame = editor.render()
        #expect(frame.lines[9].hasPrefix(" History r5 of 5 · ana · 2026-11-21 09:15 · +1 \u{2212}3"))
        #expect(frame.cursor == nil, "read-only: no cursor in the text")
        #expect(frame.lines[11].hasPrefix("Left/Right Older/Newer  Enter Restore  Esc Close"))
    }

    @Test("Left/Right step one revision, Shift 10, Ctrl 100, Home/End the ends, clamped")
    func stepping() {
        var history = Self.sample()
        for index in 0..<150 { history.edit(0..<0, "\(index % 10)") }
        var editor = Self.opened(history)
        history.serve(&editor)
        func shown() -> Int? { editor.render().lines[9].split(separator: " ").dropFirst().first.flatMap { Int($0.dropFirst()) } }
        #expect(shown() == 155)
        pressServing(&editor, history, [left])
        #expect(shown() == 154)
        pressServing(&editor, history, [shift(.left)])
        #expect(shown() == 144)
        pressServing(&editor, history, [key(.left, .control)])
        #expect(shown() == 44)
        pressServing(&editor, history, [key(.left, .control)])
        #expect(shown() == 0, "clamped at the first revision")
        pressServing(&editor, history, [left, key(.pageUp)])
        #expect(shown() == 0)
        pressServing(&editor, history, [right, key(.pageDown), key(.character("]"))])
        #expect(shown() == 12)
        pressServing(&editor, history, [key(.character("[")), key(.character("}"))])
        #expect(shown() == 102)
        pressServing(&editor, history, [key(.end)])
        #expect(shown() == 155)
        pressServing(&editor, history, [right, shift(.right)])
        #expect(shown() == 155, "clamped at the newest revision")
        pressServing(&editor, history, [key(.home)])
        #expect(shown() == 0)
        #expect(editor.render().lines[9].contains("start of history"))
    }

    @Test("steps taken while an answer is late accumulate; a late answer shows without losing the target")
    func lateAnswers() {
        let history = Self.sample()
        var editor = Self.opened(history)
        history.serve(&editor)
        editor.press(left, left, left)
        #expect(editor.historyRequest == .revision(2))
        editor.showHistoryRevision(history.answer(4))  // the answer to the first step, arriving late
        #expect(editor.historyRequest == .revision(2))
        #expect(editor.render().lines[9].contains("History r2 of 5 · loading…"))
        history.serve(&editor)
        #expect(editor.historyRequest == nil)
        #expect(editor.render().lines[9].contains("History r2 of 5 · zoë"))
    }

    @Test("the lines a revision changed are marked + with a green background, deletions -, non-ASCII text")
    func highlighting() throws {
        let history = Self.sample()
        var editor = Self.opened(history)
        history.serve(&editor)
        pressServing(&editor, history, [key(.home), right, right])  // r2
        let frame = editor.render()
        // Gutter: 3 digits, a blank, the mark, a blank.
        #expect(frame.lines[2].hasPrefix("  3 + línea 3ß"))
        #expect(frame.lines[3].hasPrefix("  4 + 新しい"))
        #expect(frame.lines[4].hasPrefix("  5   línea 4"))
        #expect(frame.lines[1].hasPrefix("  2   línea 2"))
        let changedCell = frame.cells[3][6]
        #expect(changedCell.text == "新" && changedCell.style.background == .green)
        #expect(frame.cells[3][30].style.background == .green, "the whole row is tinted")
        #expect(frame.cells[1][6].style.background == nil)
        pressServing(&editor, history, [right])  // r3 deletes inside line 1
        let deletion = editor.render()
        #expect(deletion.lines[0].hasPrefix("  1 - 👩‍💻 lí 1"))
        #expect(deletion.cells[0][4].style.foreground == .red)
        #expect(deletion.cells[0][6].style.background == nil)

        // Without colour the changed line is underlined instead, and the marks stay.
        var plain = Editor(text: history.texts[5], fileName: "notes.txt",
            configuration: EditorConfiguration(colorEnabled: false), rows: 12, columns: 60)
        pressServing(&plain, history, [f7, key(.home), right, right])
        let monochrome = plain.render()
        #expect(monochrome.lines[3].hasPrefix("  4 + 新しい"))
        #expect(monochrome.cells[3][6].style.underline && monochrome.cells[3][6].style.background == nil)
        #expect(!monochrome.cells[4][6].style.underline)
    }

    @Test("the mouse wheel scrolls the revision shown; clicks do nothing")
    func wheel() {
        let history = FakeHistory((1...40).map { "línea \($0) ✓" }.joined(separator: "\n"))
        var editor = Self.opened(history)
        history.serve(&editor)
        editor.press(.mouse(MouseEvent(action: .scrollDown, row: 2, column: 8)))
        #expect(editor.render().lines[0].hasPrefix("  4   línea 4 ✓"))
        editor.press(.mouse(MouseEvent(action: .scrollUp, row: 2, column: 8)), .mouse(MouseEvent(action: .press, row: 3, column: 9)))
        #expect(editor.render().lines[0].hasPrefix("  1   línea 1 ✓"))
        #expect(editor.isShowingHistory && editor.selection == Selection(cursor: 0))
    }

    @Test("changed lines from a change: units are scalars, multi-line inserts, deletions beside inserts")
    func changedLines() throws {
        let before = TextBuffer("e\u{301}👩‍💻\nzwei\ndrei\nvier")
        var change = ChangeSet()
        // Scalars: e ◌́ 👩 ZWJ 💻 \n (0...5), z w e i \n (6...10), d r e i \n, v i e r: 20 in all.
        change.retain(4)
        change.insert("X\nY")  // between ZWJ and 💻: lines 0 and 1 of the result
        change.retain(2)  // 💻 \n
        change.delete(3)  // "zwe": the result's line 2 is "i"
        change.retain(before.scalarCount - 9)
        let after = try change.apply(to: before.string)
        let lines = ChangedLines(change: change, text: TextBuffer(after))
        #expect(lines.changed == [0, 1])
        #expect(lines.markedLines.count == 3)
        #expect(lines.mark(ofLine: 2) == .deletion)
        #expect(lines.mark(ofLine: 3) == nil)
        #expect(lines.markedLine(from: 0, forward: true) == 1)
        #expect(lines.markedLine(from: 2, forward: false) == 1)
        #expect(ChangedLines(change: change, text: TextBuffer("short")).markedLines.isEmpty, "wrong text: no marks")
    }

    @Test("n and p scroll to the next and previous changed line")
    func nextChange() {
        var history = FakeHistory((1...80).map { "línea \($0) ✓" }.joined(separator: "\n"))
        let scalars = history.texts[0].unicodeScalars
        var offsets: [Int] = [0]
        for (index, scalar) in scalars.enumerated() where scalar == "\n" { offsets.append(index + 1) }
        var change = ChangeSet()
        change.retain(offsets[4])
        change.insert("A")
        change.retain(offsets[60] - offsets[4])
        change.insert("B")
        change.retain(scalars.count - offsets[60])
        history.texts.append(try! change.apply(to: history.texts[0]))
        history.changes.append(change)
        history.authors.append("bo")
        var editor = Self.opened(history, rows: 12)
        history.serve(&editor)
        #expect(editor.render().lines[0].hasPrefix("  1 "))
        editor.press(key(.character("n")))
        #expect(editor.render().lines[3].hasPrefix("  5 + Alínea 5"), "the change at a third of the screen")
        editor.press(key(.character("n")))
        #expect(editor.render().lines[3].hasPrefix(" 61 + Blínea 61"))
        editor.press(key(.character("n")))
        #expect(editor.messageText == "No changed line below")
        editor.press(key(.character("p")))
        #expect(editor.render().lines[3].hasPrefix("  5 + Alínea 5"))
        editor.press(key(.down))
        #expect(editor.render().lines[0].hasPrefix("  3 "))
    }

    @Test("restore: one local change gives the old text, undo reverts it in one step")
    func restore() throws {
        let history = Self.sample()
        var editor = Self.opened(history)
        history.serve(&editor)
        let versionBefore = editor.document.version
        pressServing(&editor, history, [left, left, left, key(.enter)])
        #expect(editor.messageText == "Restore r2 as a new revision? (y/n) ")
        #expect(editor.render().lines[10].hasPrefix("Restore r2 as a new revision? (y/n)"))
        editor.press(key(.character("y")))
        #expect(!editor.isShowingHistory)
        #expect(editor.document.buffer.string == history.texts[2])
        #expect(editor.document.version == versionBefore + 1, "exactly one change")
        #expect(editor.isModified)
        #expect(editor.messageText == "Restored r2 as a new revision (^Z undoes it)")
        editor.press(ctrl("z"))
        #expect(editor.document.buffer.string == history.texts[5])
        editor.press(ctrl("z"))
        #expect(editor.messageText == "Nothing to undo")
    }

    @Test("restore can be declined; the current text, a read-only guest and a loading view restore nothing")
    func restoreRefused() {
        var history = Self.sample()
        var editor = Self.opened(history)
        history.serve(&editor)
        editor.press(key(.enter))
        #expect(editor.messageText == "r5 is the current text: nothing to restore")
        pressServing(&editor, history, [left, key(.enter), key(.character("n"))])
        #expect(editor.messageText == "Not restored")
        #expect(editor.isShowingHistory)
        editor.press(left, key(.enter))
        #expect(editor.messageText == "Wait until the revision is shown")
        history.serve(&editor)
        editor.press(key(.enter))
        #expect(editor.messageText == "Restore r3 as a new revision? (y/n) ")
        editor.showHistoryRevision(history.answer(1))  // a late answer while asking: the question is dropped
        #expect(editor.messageText == nil)
        editor.press(key(.character("y")))
        #expect(editor.isShowingHistory && editor.document.buffer.string == history.texts[5])
        history.restoreRefusal = "Read-only guests cannot restore"
        history.serve(&editor)
        #expect(editor.historyRequest == nil)
        editor.press(key(.enter))
        #expect(editor.messageText == "Read-only guests cannot restore")
        #expect(editor.document.buffer.string == history.texts[5])
        // A read-only editor refuses on its own, even when its history source sets no refusal.
        let plain = Self.sample()
        var guest = Self.opened(plain)
        guest.setReadOnly(true)
        plain.serve(&guest)
        pressServing(&guest, plain, [left, key(.enter)])
        #expect(guest.messageText == Editor.readOnlyRefusal)
        guest.press(key(.character("y")))
        #expect(guest.document.buffer.string == plain.texts[5])
    }

    @Test("remote edits apply underneath; closing returns to the exact cursor and view")
    func remoteWhileOpen() throws {
        var history = Self.sample()
        var editor = Editor(text: history.texts[5], fileName: "notes.txt",
            configuration: EditorConfiguration(colorEnabled: false), rows: 8, columns: 50)
        editor.press(ctrl("l"))
        editor.press(typing("9:4") + [enter])
        let before = editor.render()
        _ = editor.handle(f7)
        history.serve(&editor)
        pressServing(&editor, history, [left, left])
        let shown = editor.render().lines[0]
        // Someone inserts a line at the end and changes line 1.
        let change = ChangeSet.replacing(0..<0, with: "¡nuevo!\n", baseLength: editor.document.buffer.scalarCount)
        try editor.apply(change, origin: .remote)
        history.edit(0..<0, "¡nuevo!\n", by: "bo")
        editor.updateHistoryLatestRevision(6)
        #expect(editor.render().lines[0] == shown, "the view shows the history, not the live text")
        #expect(editor.document.buffer.string.hasPrefix("¡nuevo!\n"))
        pressServing(&editor, history, [key(.end)])
        #expect(editor.render().lines[5].contains("History r6 of 6 · bo"))
        editor.press(key(.escape))
        #expect(!editor.isShowingHistory)
        let after = editor.render()
        #expect(after.cursor == before.cursor)
        #expect(Array(after.lines[0..<4]) == Array(before.lines[0..<4]).map { line in
            // The view stayed on its text: line numbers moved by one.
            line.replacingFirstNumber(by: 1)
        })
    }

    @Test("no history: the view closes with the reason; a later failure keeps the revision shown")
    func unavailable() {
        let history = Self.sample()
        var editor = Self.opened(history)
        editor.historyUnavailable("No history for this session")
        #expect(!editor.isShowingHistory)
        #expect(editor.messageText == "No history for this session")
        _ = editor.handle(f7)
        history.serve(&editor)
        editor.press(left)
        editor.historyUnavailable("The host is unreachable")
        #expect(editor.isShowingHistory)
        #expect(editor.historyRequest == nil)
        #expect(editor.render().lines[9].contains("History r5 of 5"))
        editor.press(key(.escape))
        #expect(!editor.isShowingHistory)
        for close in [key(.escape), f7, key(.character("q"))] {
            _ = editor.handle(f7)
            history.serve(&editor)
            editor.press(close)
            #expect(!editor.isShowingHistory)
        }
        _ = editor.handle(f7)
        editor.press(.paste("pasted"), .mouse(MouseEvent(action: .press, row: 1, column: 5)))
        #expect(editor.document.buffer.string == history.texts[5], "the view is read-only")
        #expect(editor.isShowingHistory)
    }
}

extension String {
    /// The line with the number at its start (after blanks) increased by `amount`, keeping the width.
    func replacingFirstNumber(by amount: Int) -> String {
        let blanks = prefix { $0 == " " }
        let digits = dropFirst(blanks.count).prefix { $0.isNumber }
        guard let number = Int(digits) else { return self }
        let replaced = String(number + amount)
        let padding = String(repeating: " ", count: max(0, blanks.count + digits.count - replaced.count))
        return padding + replaced + dropFirst(blanks.count + digits.count)
    }
}
