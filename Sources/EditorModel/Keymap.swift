/// Which key runs which command in editing mode (modern bindings, as in micro). Printable keys not bound here are
/// typed. `HelpScreen.text` lists the same bindings for people.
public enum Keymap {
    /// The command bound to `key`, if any. Ctrl and Alt letters match in either case.
    public static func command(for key: KeyPress) -> EditorCommand? {
        if let command = bindings[normalized(key)] { return command }
        // Shift + a movement key selects.
        if key.modifiers.contains(.shift), case .moveCursor(let motion)? = bindings[normalized(key, removing: .shift)] {
            return .extendSelection(motion)
        }
        return nil
    }

    /// Every binding, keyed by normalized key press.
    static let bindings: [KeyPress: EditorCommand] = {
        var table: [KeyPress: EditorCommand] = [:]
        func bind(_ key: Key, _ modifiers: Modifiers, _ command: EditorCommand) {
            table[KeyPress(key, modifiers: modifiers)] = command
        }
        func bind(_ key: Key, _ command: EditorCommand) { bind(key, [], command) }
        func ctrl(_ letter: Character, _ command: EditorCommand) { bind(.character(letter), .control, command) }
        func alt(_ letter: Character, _ command: EditorCommand) { bind(.character(letter), .alt, command) }

        bind(.left, .moveCursor(.characterLeft))
        bind(.right, .moveCursor(.characterRight))
        bind(.left, .control, .moveCursor(.wordLeft))
        bind(.right, .control, .moveCursor(.wordRight))
        bind(.left, .alt, .moveCursor(.wordLeft))
        bind(.right, .alt, .moveCursor(.wordRight))
        bind(.up, .moveCursor(.lineUp))
        bind(.down, .moveCursor(.lineDown))
        bind(.home, .moveCursor(.lineStart))
        bind(.end, .moveCursor(.lineEnd))
        bind(.pageUp, .moveCursor(.pageUp))
        bind(.pageDown, .moveCursor(.pageDown))
        bind(.home, .control, .moveCursor(.documentStart))
        bind(.end, .control, .moveCursor(.documentEnd))

        bind(.enter, .insertNewline)
        bind(.tab, .insertTabOrIndent)
        bind(.tab, .shift, .outdentSelection)
        bind(.backspace, .deleteBackward)
        bind(.backspace, .shift, .deleteBackward)
        bind(.delete, .deleteForward)
        bind(.backspace, .control, .deleteWordBackward)
        bind(.backspace, .alt, .deleteWordBackward)
        bind(.delete, .control, .deleteWordForward)
        bind(.escape, .collapseSelection)

        ctrl("a", .selectAll)
        ctrl("c", .copy)
        ctrl("x", .cut)
        ctrl("v", .paste)
        ctrl("z", .undo)
        ctrl("y", .redo)
        bind(.character("z"), [.control, .shift], .redo)
        ctrl("f", .find)
        ctrl("n", .findNext)
        ctrl("p", .findPrevious)
        bind(.function(3), .findNext)
        bind(.function(3), .shift, .findPrevious)
        ctrl("r", .replace)
        ctrl("l", .goToLine)
        ctrl("s", .save)
        ctrl("q", .quit)
        ctrl("g", .showHelp)
        bind(.function(1), .showHelp)
        bind(.function(7), .showHistory)
        alt("n", .toggleLineNumbers)
        alt("w", .toggleSoftWrap)
        bind(.insert, .toggleOverwrite)
        return table
    }()

    /// `key` with Ctrl/Alt letters lowercased and the given modifiers removed.
    static func normalized(_ key: KeyPress, removing removed: Modifiers = []) -> KeyPress {
        var key = key
        key.modifiers.subtract(removed)
        if case .character(let character) = key.key, !key.modifiers.isDisjoint(with: [.control, .alt]) {
            let lower = character.lowercased()
            if lower.count == 1, let first = lower.first { key.key = .character(first) }
        }
        return key
    }
}
