import EditorModel

/// The key a single C0 control byte (or DEL) stands for.
enum ControlByte {
    /// Maps 0x00...0x1F and 0x7F to a key press. ESC (0x1B) maps to `.escape`; callers decide about sequences first.
    static func keyPress(for byte: UInt8) -> KeyPress {
        switch byte {
        case 0x09: KeyPress(.tab)
        case 0x0A, 0x0D: KeyPress(.enter)
        case 0x7F: KeyPress(.backspace)
        // What xterm, VTE, Windows Terminal and tmux send for Ctrl-Backspace (their Backspace sends DEL).
        case 0x08: KeyPress(.backspace, modifiers: .control)
        case 0x1B: KeyPress(.escape)
        case 0x00: KeyPress(.character(" "), modifiers: .control)
        case 0x01...0x1A: KeyPress(.character(Character(Unicode.Scalar(byte + 0x60))), modifiers: .control)
        // 0x1C...0x1F: Ctrl-\ Ctrl-] Ctrl-^ Ctrl-_
        default: KeyPress(.character(Character(Unicode.Scalar(byte + 0x40))), modifiers: .control)
        }
    }
}
