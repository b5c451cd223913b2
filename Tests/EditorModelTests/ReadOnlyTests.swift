import EditorCore
import Testing

@testable import EditorModel

@Suite("Read-only mode (guests)")
struct ReadOnlyTests {
    private func guest(_ notation: String) -> Editor {
        var editor = makeEditor(notation)
        editor.setReadOnly(true)
        return editor
    }

    @Test("every key that would edit is refused with the message and changes nothing")
    func editingKeysRefused() {
        let editingKeys: [InputEvent] =
            typing("x") + typing("é") + [
                enter, tab, shift(.tab), backspace, deleteKey, key(.backspace, .control), key(.delete, .control),
                ctrl("x"), ctrl("v"), ctrl("z"), ctrl("y"), ctrl("r"), .paste("pasted 漢字"),
            ]
        for event in editingKeys {
            var editor = guest("héllo 世界\nwo|rld 🙂\n")
            let before = editor.notation
            let effects = editor.press(event)
            #expect(effects.isEmpty, "\(event)")
            #expect(editor.notation == before, "\(event) changed the text")
            #expect(editor.messageText == Editor.readOnlyRefusal, "\(event)")
            #expect(!editor.isModified)
            #expect(!editor.isPrompting, "\(event) opened a prompt")
        }
    }

    @Test("movement, selection, copy, find and go to line work; the text never changes")
    func readingWorks() {
        var editor = guest("|héllo 世界\nworld 🙂\n")
        editor.press(key(.right, .control))
        #expect(editor.notation == "héllo| 世界\nworld 🙂\n")
        editor.press(shift(.end))
        #expect(editor.notation == "héllo[ 世界|]\nworld 🙂\n")
        editor.press(ctrl("c"))
        #expect(editor.messageText != Editor.readOnlyRefusal)
        editor.press([escape, ctrl("f")] + typing("🙂") + [enter])
        #expect(editor.selection.head > 10, "find moved to the match: \(editor.notation)")
        editor.press([ctrl("l")] + typing("1") + [enter])
        #expect(editor.notation.hasPrefix("|héllo"))
        #expect(editor.document.buffer.string == "héllo 世界\nworld 🙂\n")
        #expect(!editor.isModified)
    }

    @Test("typing in a prompt still works (the find field is not the document)")
    func promptsTakeText() {
        var editor = guest("|abc 漢字 abc")
        editor.press([ctrl("f")] + typing("漢字"))
        #expect(editor.messageText?.contains("漢字") == true)
        #expect(editor.messageText != Editor.readOnlyRefusal)
    }

    @Test("remote changes still apply; quit and save are the shell's to decide")
    func remoteChangesApply() throws {
        var editor = guest("ab|c")
        let change = ChangeSet.replacing(0..<0, with: "ñ✓", baseLength: 3)
        try editor.apply(change, origin: .remote)
        #expect(editor.document.buffer.string == "ñ✓abc")
        #expect(editor.notation == "ñ✓ab|c")
        #expect(editor.press(ctrl("s")).count == 1)
        var clean = guest("a|")
        #expect(clean.press(ctrl("q")) == [.quit])
    }

    @Test("the status line says read-only; turning the mode off allows editing again")
    func statusAndToggle() {
        var editor = guest("wörd|")
        let status = editor.render().lines[editor.rows - 3]
        #expect(status.contains("[read-only]"), "status: \(status)")
        editor.setReadOnly(false)
        editor.press(typing("s"))
        #expect(editor.notation == "wörds|")
        #expect(!editor.render().lines[editor.rows - 3].contains("read-only"))
    }

    @Test("the document-changing commands are exactly the refused ones")
    func commandClassification() {
        var editor = guest("x|y")
        for command in [EditorCommand.undo, .redo, .cut, .paste, .insertNewline, .deleteBackward, .replace] {
            #expect(command.changesDocument)
            #expect(editor.perform(command).isEmpty)
            #expect(editor.document.buffer.string == "xy")
        }
        for command in [EditorCommand.copy, .find, .selectAll, .save, .quit, .moveCursor(.documentEnd)] {
            #expect(!command.changesDocument, "\(command)")
        }
    }
}
