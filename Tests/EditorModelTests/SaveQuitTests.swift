import Testing
import EditorCore

@testable import EditorModel

@Suite("Saving and quitting")
struct SaveQuitTests {
    @Test("Ctrl-S asks the shell to save the exact text; success clears the modified mark")
    func save() {
        var editor = makeEditor("a\r\nb|")
        #expect(!editor.isModified)
        editor.press(typing("é"))
        #expect(editor.isModified)
        let effects = editor.press(ctrl("s"))
        #expect(effects == [.save(SaveRequest(text: "a\r\nbé"))])
        #expect(editor.saveSucceeded() == [])
        #expect(!editor.isModified)
        #expect(editor.messageText == "Saved test.txt (2 lines)")
    }

    @Test("a new file, or one that ended with a line break, is saved ending with one; a file without keeps it missing")
    func finalLineBreak() {
        // A new file: the line break is added by the save, as an undoable edit; the cursor stays on the last line.
        var new = makeEditor("|")
        new.press(typing("Grüße 世界 👍🏽"))
        #expect(new.press(ctrl("s")) == [.save(SaveRequest(text: "Grüße 世界 👍🏽\n"))])
        _ = new.saveSucceeded()
        #expect(new.selection == Selection(cursor: "Grüße 世界 👍🏽".unicodeScalars.count))
        new.press(typing("!"))
        #expect(new.document.buffer.string == "Grüße 世界 👍🏽!\n")
        new.press(ctrl("z"))
        new.press(ctrl("z"))
        #expect(new.document.buffer.string == "Grüße 世界 👍🏽", "undo takes the added line break away")

        // A CRLF file that ended with its line break gets it back in its own convention.
        var crlf = makeEditor("un\r\ndeux\r\n|")
        crlf.press(backspace)
        #expect(crlf.document.buffer.string == "un\r\ndeux")
        #expect(crlf.press(ctrl("s")) == [.save(SaveRequest(text: "un\r\ndeux\r\n"))])

        // Already ending with one: nothing is added.
        var ended = makeEditor("e\u{301}\n|")
        ended.press(typing("x"))
        #expect(ended.press(ctrl("s")) == [.save(SaveRequest(text: "e\u{301}\nx\n"))])

        // Read without a final line break: its convention is kept.
        var kept = makeEditor("漢字|")
        kept.press(typing("!"))
        #expect(kept.press(ctrl("s")) == [.save(SaveRequest(text: "漢字!"))])
    }

    @Test("a failed save shows the reason and keeps the text and the modified mark")
    func saveFails() {
        var editor = makeEditor("|")
        editor.press(typing("x") + [ctrl("s")])
        editor.saveFailed(reason: "Permission denied")
        #expect(editor.isModified)
        #expect(editor.document.buffer.string == "x\n", "a new file's text gets its final line break on save")
        #expect(editor.messageText == "Not saved: Permission denied")
        let frame = editor.render()
        #expect(frame.lines[editor.rows - 2] == "Not saved: Permission denied")
    }

    @Test("an edit after the save request keeps the document modified")
    func editDuringSave() {
        var editor = makeEditor("|")
        editor.press(typing("x") + [ctrl("s")] + typing("y"))
        _ = editor.saveSucceeded()
        #expect(editor.isModified)
    }

    @Test("undoing back to the saved text clears the modified mark, and Ctrl-Q then quits at once")
    func undoToSavedText() {
        var editor = makeEditor("café 日本|\n👍🏽 e\u{301}")
        editor.press(typing("naïve") + [ctrl("z")])
        #expect(!editor.isModified)
        #expect(!editor.render().lines[editor.rows - 3].contains("[+]"))
        #expect(editor.press(ctrl("q")) == [.quit])
        editor.press(ctrl("y"))
        #expect(editor.isModified)

        // After a save, the saved text is the new reference: undoing past it is a change again.
        editor.press(ctrl("s"))
        _ = editor.saveSucceeded()
        editor.press(ctrl("z"))
        #expect(editor.isModified && editor.document.buffer.string == "café 日本\n👍🏽 e\u{301}")
        editor.press(ctrl("y"))
        #expect(!editor.isModified)
    }

    @Test("a save of an older version compares later edits with the text that was saved")
    func undoToTextSavedDuringEdit() {
        var editor = makeEditor("|")
        editor.press(typing("x") + [ctrl("s")] + typing("yz"))
        _ = editor.saveSucceeded()
        #expect(editor.isModified)
        editor.press(ctrl("z"))
        #expect(editor.document.buffer.string == "x\n" && !editor.isModified)
    }

    @Test("Ctrl-Q quits at once without unsaved changes")
    func quitClean() {
        var editor = makeEditor("a|b")
        #expect(editor.press(ctrl("q")) == [.quit])
    }

    @Test("Ctrl-Q with unsaved changes asks: n quits, Esc cancels, y saves then quits")
    func quitModified() {
        var editor = makeEditor("|")
        editor.press(typing("x"))
        #expect(editor.press(ctrl("q")) == [])
        #expect(editor.messageText == "Save changes? (y/n, Esc cancels) ")
        #expect(editor.press(escape) == [])
        #expect(!editor.isPrompting)
        #expect(editor.document.buffer.string == "x")

        editor.press(ctrl("q"))
        #expect(editor.press(typing("n")) == [.quit])

        var saving = makeEditor("|")
        saving.press(typing("x") + [ctrl("q")])
        #expect(saving.press(typing("y")) == [.save(SaveRequest(text: "x\n", thenQuit: true))])
        #expect(saving.saveSucceeded() == [.quit])
    }

    @Test("keys other than y, n and Esc leave the quit question open and the text alone")
    func quitQuestionIgnoresOtherKeys() {
        var editor = makeEditor("|")
        editor.press(typing("x") + [ctrl("q")] + typing("q") + [left])
        #expect(editor.isPrompting)
        #expect(editor.document.buffer.string == "x")
    }

    @Test("a save on quit that fails keeps the editor open")
    func quitSaveFails() {
        var editor = makeEditor("|")
        editor.press(typing("x") + [ctrl("q")] + typing("y"))
        editor.saveFailed(reason: "No space left on device")
        #expect(!editor.isPrompting)
        #expect(editor.messageText == "Not saved: No space left on device")
    }

    @Test("a file changed on disk: y overwrites, n does not")
    func overwrite() {
        var editor = makeEditor("|")
        editor.press(typing("x") + [ctrl("s")])
        editor.confirmOverwriteAfterExternalChange()
        #expect(editor.isPrompting)
        #expect(editor.press(typing("y")) == [.save(SaveRequest(text: "x\n", overwritingExternalChanges: true))])
        _ = editor.saveSucceeded()
        #expect(!editor.isModified)

        var declined = makeEditor("|")
        declined.press(typing("x") + [ctrl("q")] + typing("y"))
        declined.confirmOverwriteAfterExternalChange()
        #expect(declined.press(typing("n")) == [])
        #expect(declined.isModified)
        #expect(declined.messageText == "Not saved: the file changed on disk")

        var onQuit = makeEditor("|")
        onQuit.press(typing("x") + [ctrl("q")] + typing("y"))
        onQuit.confirmOverwriteAfterExternalChange()
        #expect(onQuit.press(typing("y"))
            == [.save(SaveRequest(text: "x\n", overwritingExternalChanges: true, thenQuit: true))])
        #expect(onQuit.saveSucceeded() == [.quit])
    }

    @Test("showMessage puts text on the message line until the next key")
    func messages() {
        var editor = makeEditor("|")
        editor.showMessage("Recovered from notes.tex.recover")
        #expect(editor.render().lines[editor.rows - 2] == "Recovered from notes.tex.recover")
        editor.press(right)
        #expect(editor.render().lines[editor.rows - 2] == "")
    }
}
