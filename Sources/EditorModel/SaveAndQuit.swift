import EditorCore

/// Saving and quitting: the effects the editor asks for, and the replies the shell sends back.
///
/// Flow: Ctrl-S emits `.save(request)`; the shell writes the file and calls `saveSucceeded()` or
/// `saveFailed(reason:)`, or, when the file changed on disk since it was read, `confirmOverwriteAfterExternalChange()`
/// (which asks the user; y emits `.save` again with `overwritingExternalChanges: true`). Ctrl-Q with unsaved changes
/// asks "Save changes? (y/n, Esc cancels)": y emits `.save` with `thenQuit: true` (and `saveSucceeded()` then
/// returns `[.quit]`), n emits `.quit`, Esc cancels.
extension Editor {
    /// Ctrl-S.
    mutating func save() {
        requestSave(overwritingExternalChanges: false, thenQuit: false)
    }

    /// Ctrl-Q: quits at once when there is nothing unsaved, else asks.
    mutating func quit() {
        if document.isModified {
            mode = .prompt(Prompt(kind: .saveBeforeQuit))
        } else {
            emit(.quit)
        }
    }

    /// The shell wrote the text of the last `.save` request. Returns `[.quit]` when that save was asked for on
    /// quit (`SaveRequest.thenQuit`); the shell performs the returned effects.
    public mutating func saveSucceeded() -> [EditorEffect] {
        let thenQuit = pendingSave?.thenQuit ?? false
        document.markSaved(text: pendingSave?.text ?? document.buffer)
        pendingSave = nil
        mode = .editing
        inform("Saved \(fileName) (\(Self.lineCountText(document.buffer)))")
        return thenQuit ? [.quit] : []
    }

    /// The shell could not write the file: shows `reason` as an error and keeps editing (a pending quit is
    /// cancelled, the buffer is kept).
    public mutating func saveFailed(reason: String) {
        pendingSave = nil
        mode = .editing
        inform("Not saved: \(reason)", isError: true)
    }

    /// The shell found that the file changed on disk since it was read (instead of saving): asks the user whether
    /// to overwrite it. y emits `.save` with `overwritingExternalChanges: true` (keeping `thenQuit`), n or Esc
    /// cancels the save.
    public mutating func confirmOverwriteAfterExternalChange() {
        let thenQuit = pendingSave?.thenQuit ?? false
        mode = .prompt(Prompt(kind: .overwrite(thenQuit: thenQuit)))
    }

    /// Shows `text` on the message line until the next key (an error in red/bold when `isError`).
    public mutating func showMessage(_ text: String, isError: Bool = false) {
        inform(text, isError: isError)
    }

    /// Keys in the y/n questions about quitting and overwriting.
    mutating func handleQuestionKey(_ key: KeyPress, kind: PromptKind) {
        let answer: Character?
        switch key.key {
        case .character(let character) where key.modifiers.isSubset(of: .shift):
            answer = character.lowercased().first
        case .escape:
            answer = "\u{1B}"
        case .character("c") where key.modifiers.contains(.control):
            answer = "\u{1B}"
        default:
            answer = nil
        }
        switch (kind, answer) {
        case (.saveBeforeQuit, "y"):
            mode = .editing
            requestSave(overwritingExternalChanges: false, thenQuit: true)
        case (.saveBeforeQuit, "n"):
            mode = .editing
            emit(.quit)
        case (.saveBeforeQuit, "\u{1B}"):
            mode = .editing
            inform("Quit cancelled")
        case (.overwrite(let thenQuit), "y"):
            mode = .editing
            requestSave(overwritingExternalChanges: true, thenQuit: thenQuit)
        case (.overwrite, "n"), (.overwrite, "\u{1B}"):
            mode = .editing
            pendingSave = nil
            inform("Not saved: the file changed on disk", isError: true)
        default:
            break
        }
    }

    private mutating func requestSave(overwritingExternalChanges: Bool, thenQuit: Bool) {
        history.closeGroup()
        completeFinalLineBreak()
        pendingSave = (document.buffer, thenQuit)
        emit(.save(SaveRequest(text: document.buffer.string, overwritingExternalChanges: overwritingExternalChanges,
            thenQuit: thenQuit)))
    }

    /// Ends the text with the document's line ending when `Document.completesFinalLineBreak` says so and it lacks
    /// one: a local edit of its own (undoable, and sent to the others like any edit), the cursor and selection
    /// left where they are (before the new line break). Never in read-only mode: a guest's save writes the shared
    /// text as it is.
    private mutating func completeFinalLineBreak() {
        guard !isReadOnly, document.completesFinalLineBreak, document.lacksFinalLineBreak else { return }
        let end = document.buffer.scalarCount
        let change = ChangeSet.replacing(end..<end, with: document.lineEnding.rawValue, baseLength: end)
        commit(change, selectionAfter: selection, kind: .other)
        history.closeGroup()
    }
}
