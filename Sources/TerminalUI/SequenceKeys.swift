import EditorModel

/// The keys that CSI and SS3 sequences stand for, with xterm's modifier parameter.
///
/// Covered encodings: xterm/tmux (`ESC [ 1 ; 5 C`, `ESC [ 3 ~`, `ESC O P`), rxvt (`ESC [ 7 ~` Home, `ESC [ a`
/// Shift-Up, `ESC O c` Ctrl-Right, `~ $ ^ @` finals for none/Shift/Ctrl/Ctrl-Shift), the Linux console
/// (`ESC [ 1 ~` Home, `ESC [ [ A` F1, handled by the parser), `CSI u` (kitty, fixterms) and xterm's
/// modifyOtherKeys (`ESC [ 27 ; m ; code ~`).
enum SequenceKeys {
    /// The key for a CSI sequence, or nil when it names no key the editor knows (focus reports, replies).
    static func keyPress(forCSI sequence: ControlSequence) -> KeyPress? {
        guard sequence.marker == nil else { return nil }
        let modifiers = xtermModifiers(sequence.parameter(1))
        switch sequence.final {
        case UInt8(ascii: "Z"):
            return KeyPress(.tab, modifiers: modifiers.union(.shift))
        case UInt8(ascii: "~"), UInt8(ascii: "$"), UInt8(ascii: "^"), UInt8(ascii: "@"):
            return tildeKey(sequence)
        case UInt8(ascii: "u"):
            guard let code = sequence.parameter(0) else { return nil }
            return codePointKey(code, modifiers: modifiers)
        case UInt8(ascii: "a")...UInt8(ascii: "d"):
            // rxvt: Shift with an arrow.
            guard sequence.parameters.isEmpty, let key = letterKey(sequence.final - 0x20) else { return nil }
            return KeyPress(key, modifiers: .shift)
        default:
            guard let key = letterKey(sequence.final) else { return nil }
            return KeyPress(key, modifiers: modifiers)
        }
    }

    /// The key for an SS3 sequence (`ESC O`), whose optional digits are an xterm modifier.
    static func keyPress(forSS3 sequence: ControlSequence) -> KeyPress? {
        let modifiers = xtermModifiers(sequence.parameter(0))
        switch sequence.final {
        case UInt8(ascii: "a")...UInt8(ascii: "d"):
            // rxvt: Ctrl with an arrow.
            guard let key = letterKey(sequence.final - 0x20) else { return nil }
            return KeyPress(key, modifiers: .control)
        case UInt8(ascii: "M"):
            return KeyPress(.enter, modifiers: modifiers)
        default:
            guard let key = letterKey(sequence.final) else { return nil }
            return KeyPress(key, modifiers: modifiers)
        }
    }

    /// Decodes xterm's modifier parameter: 1 + (Shift 1 | Alt 2 | Ctrl 4 | Meta 8); Meta counts as Alt.
    static func xtermModifiers(_ parameter: Int?) -> Modifiers {
        guard let parameter, parameter > 1 else { return [] }
        let bits = (parameter - 1) & 0x0F
        var modifiers: Modifiers = []
        if bits & 1 != 0 { modifiers.insert(.shift) }
        if bits & (2 | 8) != 0 { modifiers.insert(.alt) }
        if bits & 4 != 0 { modifiers.insert(.control) }
        return modifiers
    }

    /// Keys named by a final letter: arrows, Home/End (`H`/`F`), F1...F4 (`P`...`S`).
    private static func letterKey(_ final: UInt8) -> Key? {
        switch final {
        case UInt8(ascii: "A"): .up
        case UInt8(ascii: "B"): .down
        case UInt8(ascii: "C"): .right
        case UInt8(ascii: "D"): .left
        case UInt8(ascii: "H"): .home
        case UInt8(ascii: "F"): .end
        case UInt8(ascii: "P")...UInt8(ascii: "S"): .function(Int(final - UInt8(ascii: "P")) + 1)
        default: nil
        }
    }

    /// `ESC [ n ~` keys (and rxvt's `$ ^ @` variants), including modifyOtherKeys `ESC [ 27 ; m ; code ~`.
    private static func tildeKey(_ sequence: ControlSequence) -> KeyPress? {
        guard let number = sequence.parameter(0) else { return nil }
        var modifiers = xtermModifiers(sequence.parameter(1))
        switch sequence.final {
        case UInt8(ascii: "$"): modifiers.insert(.shift)
        case UInt8(ascii: "^"): modifiers.insert(.control)
        case UInt8(ascii: "@"): modifiers.formUnion([.control, .shift])
        default: break
        }
        if number == 27, sequence.final == UInt8(ascii: "~"), let code = sequence.parameter(2) {
            return codePointKey(code, modifiers: modifiers)
        }
        let key: Key
        switch number {
        case 1, 7: key = .home
        case 2: key = .insert
        case 3: key = .delete
        case 4, 8: key = .end
        case 5: key = .pageUp
        case 6: key = .pageDown
        case 11...15: key = .function(number - 10)
        case 17...21: key = .function(number - 11)
        case 23, 24: key = .function(number - 12)
        default: return nil  // 201 is a stray paste end.
        }
        return KeyPress(key, modifiers: modifiers)
    }

    /// A key given as a Unicode code point (CSI u, modifyOtherKeys). Ctrl-letters come out as lowercase letters
    /// with `.control`; Shift alone with a letter is the capital letter.
    private static func codePointKey(_ code: Int, modifiers: Modifiers) -> KeyPress? {
        switch code {
        case 9: return KeyPress(.tab, modifiers: modifiers)
        case 13: return KeyPress(.enter, modifiers: modifiers)
        case 27: return KeyPress(.escape, modifiers: modifiers)
        case 8, 127: return KeyPress(.backspace, modifiers: modifiers)
        default: break
        }
        guard let scalar = Unicode.Scalar(code), UTF8Scalar.isPrintable(scalar) else { return nil }
        var character = Character(scalar)
        var modifiers = modifiers
        // Case mapping can change the length ("ß" → "SS"): keep the character unless it maps to exactly one.
        if modifiers.contains(.control) || modifiers.contains(.alt) {
            character = singleCharacter(character.lowercased()) ?? character
        } else if modifiers == .shift, character.isLetter, let upper = singleCharacter(character.uppercased()) {
            character = upper
            modifiers = []
        }
        return KeyPress(.character(character), modifiers: modifiers)
    }

    private static func singleCharacter(_ text: String) -> Character? {
        text.count == 1 ? text.first : nil
    }
}
