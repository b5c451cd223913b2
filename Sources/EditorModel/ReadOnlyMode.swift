/// Read-only mode: the editor of a guest (someone who joined a shared document with the guest secret).
///
/// Every command that would change the document's text is refused with a message, so a guest never types text
/// that could not be sent. Everything else works: movement and selection, find (Ctrl-F, F3), go to line, copy,
/// help, line numbers and wrap, quitting, the session keys (F2, F4, handled by the shell) and Ctrl-S (the shell
/// decides what a guest's save writes: coedit writes the guest's own local copy, never the host's file). Remote
/// changes still apply (`apply(_:origin: .remote)` is not affected).
///
/// Law: in read-only mode no input event changes `document` (only `apply(_:origin:)` does).
extension Editor {
    /// The message shown when a guest presses a key that would edit.
    public static let readOnlyRefusal = "Read-only: you joined as a guest"

    /// Turns read-only mode on or off (the shell sets it from the collaboration role on every welcome).
    public mutating func setReadOnly(_ readOnly: Bool) {
        isReadOnly = readOnly
    }

    /// Whether the editor may run `command` now; refuses (with the message) a document-changing one in read-only
    /// mode.
    mutating func mayRun(_ command: EditorCommand) -> Bool {
        guard isReadOnly, command.changesDocument else { return true }
        refuseEdit()
        return false
    }

    /// Whether typed or pasted text may be inserted now; refuses it (with the message) in read-only mode.
    mutating func mayInsertText() -> Bool {
        guard isReadOnly else { return true }
        refuseEdit()
        return false
    }

    /// Shows the refusal.
    private mutating func refuseEdit() {
        inform(Self.readOnlyRefusal, isError: true)
    }
}

extension EditorCommand {
    /// True for the commands that change the document's text (refused in read-only mode): typing keys, deletions,
    /// cut, paste, undo, redo and replace.
    public var changesDocument: Bool {
        switch self {
        case .insertNewline, .insertTabOrIndent, .outdentSelection, .deleteBackward, .deleteForward,
            .deleteWordBackward, .deleteWordForward, .cut, .paste, .undo, .redo, .replace:
            true
        case .moveCursor, .extendSelection, .selectAll, .collapseSelection, .copy, .find, .findNext, .findPrevious,
            .goToLine, .save, .quit, .showHelp, .showHistory, .toggleLineNumbers, .toggleSoftWrap, .toggleOverwrite:
            false
        }
    }
}
