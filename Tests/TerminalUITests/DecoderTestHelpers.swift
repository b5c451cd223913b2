import EditorModel
@testable import TerminalUI

/// Decodes `input` in one piece, then flushes (as if the user paused).
func decodeAll(_ input: String) -> [InputEvent] {
    decodeAll(Array(input.utf8))
}

/// Decodes `bytes` in one piece, then flushes.
func decodeAll(_ bytes: [UInt8]) -> [InputEvent] {
    var decoder = InputDecoder()
    return decoder.decode(bytes) + decoder.flush()
}

/// A key event.
func key(_ key: Key, _ modifiers: Modifiers = []) -> InputEvent {
    .key(KeyPress(key, modifiers: modifiers))
}

/// A typed character.
func char(_ character: Character, _ modifiers: Modifiers = []) -> InputEvent {
    .key(KeyPress(.character(character), modifiers: modifiers))
}

/// Each Character of `text` as a typed key.
func typed(_ text: String) -> [InputEvent] {
    text.map { char($0) }
}

/// A mouse event.
func mouse(_ action: MouseEvent.Action, row: Int, column: Int, _ modifiers: Modifiers = []) -> InputEvent {
    .mouse(MouseEvent(action: action, row: row, column: column, modifiers: modifiers))
}
