import EditorCore
import Testing

@testable import EditorModel

// Helpers that build editors from the notation, press keys and read the result back.

/// An editor on the text of `notation` with its selection, `rows` × `columns`.
func makeEditor(
    _ notation: String, fileName: String = "test.txt", configuration: EditorConfiguration = EditorConfiguration(),
    rows: Int = 12, columns: Int = 40
) -> Editor {
    guard let parsed = Notation.parse(notation) else {
        Issue.record("malformed notation: \(notation)")
        return Editor(text: "", fileName: fileName)
    }
    var editor = Editor(text: parsed.text, fileName: fileName, configuration: configuration, rows: rows,
        columns: columns)
    editor.selection = parsed.selection
    editor.revealCursor()
    return editor
}

extension Editor {
    /// The text and selection in the notation.
    var notation: String { Notation.print(document.buffer.string, selection) }

    /// Handles every event, returning all effects.
    @discardableResult
    mutating func press(_ events: [InputEvent]) -> [EditorEffect] {
        events.flatMap { handle($0) }
    }

    /// Handles every event, returning all effects.
    @discardableResult
    mutating func press(_ events: InputEvent...) -> [EditorEffect] {
        press(events)
    }
}

/// Checks that `events` take the editor from `before` to `after` (both in the notation).
func check(
    _ before: String, _ events: [InputEvent], _ after: String,
    configuration: EditorConfiguration = EditorConfiguration(),
    sourceLocation: SourceLocation = #_sourceLocation
) {
    var editor = makeEditor(before, configuration: configuration)
    editor.press(events)
    #expect(editor.notation == after, "from \(before)", sourceLocation: sourceLocation)
}

// MARK: Keys

func key(_ key: Key, _ modifiers: Modifiers = []) -> InputEvent {
    .key(KeyPress(key, modifiers: modifiers))
}

func ctrl(_ letter: Character) -> InputEvent {
    .key(KeyPress(.character(letter), modifiers: .control))
}

func alt(_ letter: Character) -> InputEvent {
    .key(KeyPress(.character(letter), modifiers: .alt))
}

func shift(_ key: Key) -> InputEvent {
    .key(KeyPress(key, modifiers: .shift))
}

/// Each grapheme of `text` as a typed key (newlines as Enter).
func typing(_ text: String) -> [InputEvent] {
    text.map { $0 == "\n" ? key(.enter) : key(.character($0)) }
}

func repeated(_ event: InputEvent, _ count: Int) -> [InputEvent] {
    Array(repeating: event, count: count)
}

let left = key(.left)
let right = key(.right)
let up = key(.up)
let down = key(.down)
let enter = key(.enter)
let escape = key(.escape)
let backspace = key(.backspace)
let deleteKey = key(.delete)
let tab = key(.tab)

// MARK: Frames

extension Frame {
    /// Every row as text (continuation cells skipped), trailing blanks removed.
    var lines: [String] {
        (0..<rows).map { row in
            var text = self.text(ofRow: row)
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
    }

    /// Checks the frame invariants: sizes, and every wide cell followed by a continuation cell.
    func invariantViolations() -> [String] {
        var problems: [String] = []
        if cells.count != rows { problems.append("rows \(cells.count) != \(rows)") }
        for (row, cellRow) in cells.enumerated() {
            if cellRow.count != columns { problems.append("row \(row) has \(cellRow.count) cells") }
            for (column, cell) in cellRow.enumerated() where cell.text.isEmpty {
                let leftCell = column > 0 ? cellRow[column - 1].text : ""
                if column == 0 || DisplayWidth.glyph(for: leftCell.first ?? " ").width != 2 || leftCell.isEmpty {
                    problems.append("continuation without a wide cell at \(row):\(column)")
                }
            }
            for (column, cell) in cellRow.enumerated() {
                guard let character = cell.text.first, cell.text.count == 1 else { continue }
                if case .wide = DisplayWidth.glyph(for: character),
                    column + 1 >= columns || !cellRow[column + 1].text.isEmpty
                {
                    problems.append("wide cell without continuation at \(row):\(column)")
                }
            }
        }
        if let cursor, cursor.row < 0 || cursor.row >= rows || cursor.column < 0 || cursor.column >= columns {
            problems.append("cursor outside the frame: \(cursor)")
        }
        return problems
    }
}
