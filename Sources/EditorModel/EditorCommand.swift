/// A cursor movement, used plain (moves the cursor) or with Shift (extends the selection).
public enum Motion: Hashable, Sendable, CaseIterable {
    /// One grapheme cluster left / right.
    case characterLeft, characterRight
    /// To the previous word start / next word end.
    case wordLeft, wordRight
    /// One visual row up / down, keeping the goal column.
    case lineUp, lineDown
    /// Home: first non-blank character of the line, or column 0 when already there.
    case lineStart
    /// End: the end of the line (before its line break).
    case lineEnd
    /// One screen up / down (the view scrolls with the cursor).
    case pageUp, pageDown
    /// Ctrl-Home / Ctrl-End.
    case documentStart, documentEnd
}

/// Everything a key can be bound to in editing mode. `Editor.perform(_:)` runs each case through one verb-named
/// method; `Keymap` says which key runs which command.
public enum EditorCommand: Hashable, Sendable {
    case moveCursor(Motion)
    case extendSelection(Motion)
    case selectAll
    case collapseSelection
    case insertNewline
    case insertTabOrIndent
    case outdentSelection
    case deleteBackward
    case deleteForward
    case deleteWordBackward
    case deleteWordForward
    case copy
    case cut
    case paste
    case undo
    case redo
    case find
    case findNext
    case findPrevious
    case replace
    case goToLine
    case save
    case quit
    case showHelp
    case showHistory
    case toggleLineNumbers
    case toggleSoftWrap
    case toggleOverwrite
}

extension Editor {
    /// Runs `command` as if its key had been pressed in editing mode; returns the effects for the shell.
    @discardableResult
    public mutating func perform(_ command: EditorCommand) -> [EditorEffect] {
        effects = []
        message = nil
        run(command)
        return effects
    }

    /// Runs `command` (effects go to `effects`).
    mutating func run(_ command: EditorCommand) {
        if command.closesUndoGroup { history.closeGroup() }
        switch command {
        case .moveCursor(let motion): moveCursor(motion)
        case .extendSelection(let motion): extendSelection(motion)
        case .selectAll: selectAll()
        case .collapseSelection: collapseSelection()
        case .insertNewline: insertNewline()
        case .insertTabOrIndent: insertTabOrIndent()
        case .outdentSelection: outdentSelection()
        case .deleteBackward: deleteBackward()
        case .deleteForward: deleteForward()
        case .deleteWordBackward: deleteWordBackward()
        case .deleteWordForward: deleteWordForward()
        case .copy: copySelection()
        case .cut: cutSelection()
        case .paste: pasteClipboard()
        case .undo: undo()
        case .redo: redo()
        case .find: startFind()
        case .findNext: findAgain(forward: true)
        case .findPrevious: findAgain(forward: false)
        case .replace: startReplace()
        case .goToLine: startGoToLine()
        case .save: save()
        case .quit: quit()
        case .showHelp: showHelp()
        case .showHistory: openHistory()
        case .toggleLineNumbers: toggleLineNumbers()
        case .toggleSoftWrap: toggleSoftWrap()
        case .toggleOverwrite: toggleOverwrite()
        }
    }
}

extension EditorCommand {
    /// False for the commands that may continue the open undo step (deletions group with the deletions before).
    var closesUndoGroup: Bool {
        switch self {
        case .deleteBackward, .deleteForward: false
        default: true
        }
    }
}
