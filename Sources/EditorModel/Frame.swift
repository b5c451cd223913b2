/// One full screen of output, computed from the editor's state by `render`, drawn by TerminalUI with one refresh.
///
/// A frame is a plain value so that rendering is tested as data. Invariants: `cells.count == rows`, every row has
/// exactly `columns` cells, and a wide (2-column) grapheme occupies its cell plus one `Cell.continuation` cell to
/// its right; a wide grapheme never starts in the last column (a blank is drawn there instead).
public struct Frame: Hashable, Sendable {
    public var rows: Int
    public var columns: Int
    /// `cells[row][column]`.
    public var cells: [[Cell]]
    /// Where the terminal cursor is shown, or nil to hide it.
    public var cursor: ScreenPosition?
    /// Text to put on the user's own clipboard with OSC 52 when this frame is drawn (set once by a copy or cut).
    public var clipboardExport: String?

    /// A frame of blank cells.
    public init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
        self.cells = Array(repeating: Array(repeating: Cell.blank, count: columns), count: rows)
        self.cursor = nil
        self.clipboardExport = nil
    }

    /// The characters of one row as a string, continuation cells skipped (handy in tests).
    public func text(ofRow row: Int) -> String {
        cells[row].map(\.text).joined()
    }
}

/// A 0-based screen position.
public struct ScreenPosition: Hashable, Sendable {
    public var row: Int
    public var column: Int

    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }
}

/// One screen cell.
public struct Cell: Hashable, Sendable {
    /// One grapheme cluster of display width 1 or 2; "" for the right half of a wide grapheme.
    public var text: String
    public var style: Style

    public init(_ text: String, style: Style = Style()) {
        self.text = text
        self.style = style
    }

    public static let blank = Cell(" ")
    /// The right half of a wide grapheme drawn in the cell to its left.
    public static let continuation = Cell("")
}

/// How a cell is drawn. Colours are semantic; TerminalUI maps them to what the terminal supports (or to none
/// under `NO_COLOR`/monochrome, keeping `reverse` and `bold` so the cursor line and selections stay visible).
public struct Style: Hashable, Sendable {
    public var foreground: Color?
    public var background: Color?
    public var bold: Bool
    public var underline: Bool
    public var reverse: Bool

    public init(
        foreground: Color? = nil, background: Color? = nil, bold: Bool = false, underline: Bool = false,
        reverse: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
    }
}

/// The eight basic terminal colours (every colour terminal has them).
public enum Color: Int, Hashable, Sendable, CaseIterable {
    case black = 0, red, green, yellow, blue, magenta, cyan, white
}
