/// One input event for the editor, already decoded from the terminal by TerminalUI.
///
/// The editor model never sees curses key codes or escape sequences: TerminalUI translates them into these values,
/// and tests construct them directly.
public enum InputEvent: Hashable, Sendable {
    /// A key press (with modifiers).
    case key(KeyPress)
    /// A bracketed paste: the whole pasted text at once (one edit, never auto-indented).
    case paste(String)
    /// A mouse action at a screen cell.
    case mouse(MouseEvent)
    /// The terminal now has this many rows and columns.
    case resize(rows: Int, columns: Int)
}

/// A key and the modifiers held with it.
public struct KeyPress: Hashable, Sendable {
    public var key: Key
    public var modifiers: Modifiers

    public init(_ key: Key, modifiers: Modifiers = []) {
        self.key = key
        self.modifiers = modifiers
    }
}

/// A key on the keyboard, independent of how the terminal encoded it.
public enum Key: Hashable, Sendable {
    /// A printable grapheme cluster typed by the user (never a control character).
    case character(Character)
    case enter, tab, backspace, delete, escape
    case up, down, left, right
    case home, end, pageUp, pageDown
    /// The Insert key (toggles overwrite mode).
    case insert
    /// F1...F12.
    case function(Int)
}

/// Modifier keys held during a key press. Ctrl with a letter arrives as `.character("q")` plus `.control`.
public struct Modifiers: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let shift = Modifiers(rawValue: 1 << 0)
    public static let control = Modifiers(rawValue: 1 << 1)
    public static let alt = Modifiers(rawValue: 1 << 2)
}

/// A mouse action. Coordinates are 0-based screen cells (row from the top, column from the left).
public struct MouseEvent: Hashable, Sendable {
    public enum Action: Hashable, Sendable {
        /// Left button pressed.
        case press
        /// Moved with the left button held.
        case drag
        /// Left button released.
        case release
        case scrollUp
        case scrollDown
    }

    public var action: Action
    public var row: Int
    public var column: Int
    public var modifiers: Modifiers

    public init(action: Action, row: Int, column: Int, modifiers: Modifiers = []) {
        self.action = action
        self.row = row
        self.column = column
        self.modifiers = modifiers
    }
}
