import EditorModel

/// Recognises one escape sequence starting with ESC (0x1B) in a byte buffer: CSI (`ESC [`), SS3 (`ESC O`), the
/// Linux console's `ESC [ [`, Alt-prefixed keys and the lone Escape key.
enum EscapeParser {
    /// What the bytes at the parse position turned out to be.
    enum Token: Equatable {
        case key(KeyPress, length: Int)
        case mouse(MouseEvent, length: Int)
        /// A complete sequence that means nothing to the editor, or garbage: skip `length` bytes.
        case ignored(length: Int)
        /// `ESC [ 200 ~`: the start of a bracketed paste.
        case pasteStart(length: Int)
        /// More bytes are needed (never returned when `final` is true).
        case incomplete
    }

    /// `ESC [ 201 ~`, which ends a bracketed paste.
    static let pasteEndMarker: [UInt8] = Array("\u{1B}[201~".utf8)

    /// The longest parameter string accepted; longer sequences are garbage.
    private static let maximumParameterBytes = 32

    /// Parses the sequence at `bytes[start]`, which must be ESC. With `final`, nothing more will arrive: ESC alone is
    /// the Escape key, ESC plus one byte is that key with Alt, and a longer incomplete sequence is dropped.
    static func parse(_ bytes: [UInt8], at start: Int, final: Bool) -> Token {
        let available = bytes.count - start
        guard available >= 2 else { return final ? .key(KeyPress(.escape), length: 1) : .incomplete }
        let token: Token
        switch bytes[start + 1] {
        case UInt8(ascii: "["): token = parseCSI(bytes, at: start)
        case UInt8(ascii: "O"): token = parseSS3(bytes, at: start)
        case 0x1B: token = parseEscapeEscape(bytes, at: start)
        default: token = parseAltKey(bytes, at: start)
        }
        guard final, token == .incomplete else { return token }
        guard available == 2 else { return .ignored(length: available) }
        return bytes[start + 1] == 0x1B ? .key(KeyPress(.escape), length: 1) : parseAltKey(bytes, at: start)
    }

    /// `ESC ESC [ ...` is Alt with a sequence key (rxvt); any other `ESC ESC` is the Escape key, then the rest.
    private static func parseEscapeEscape(_ bytes: [UInt8], at start: Int) -> Token {
        guard bytes.count - start >= 3 else { return .incomplete }
        let third = bytes[start + 2]
        guard third == UInt8(ascii: "[") || third == UInt8(ascii: "O") else { return .key(KeyPress(.escape), length: 1) }
        switch parse(bytes, at: start + 1, final: false) {
        case .key(var press, let length):
            press.modifiers.insert(.alt)
            return .key(press, length: length + 1)
        case .incomplete:
            return .incomplete
        default:
            return .key(KeyPress(.escape), length: 1)
        }
    }

    /// `ESC x`: the key `x` with Alt (a character or a control key).
    private static func parseAltKey(_ bytes: [UInt8], at start: Int) -> Token {
        let byte = bytes[start + 1]
        if byte < 0x20 || byte == 0x7F {
            var press = ControlByte.keyPress(for: byte)
            press.modifiers.insert(.alt)
            return .key(press, length: 2)
        }
        switch UTF8Scalar.decode(bytes, at: start + 1) {
        case .scalar(let scalar, let length):
            guard UTF8Scalar.isPrintable(scalar) else { return .ignored(length: 1 + length) }
            return .key(KeyPress(.character(Character(scalar)), modifiers: .alt), length: 1 + length)
        case .incomplete:
            return .incomplete
        case .invalid(let length):
            return .ignored(length: 1 + length)
        }
    }

    /// `ESC [ <parameters> <intermediates> <final>`, plus the Linux console's `ESC [ [ A...E` and legacy X10 mouse.
    private static func parseCSI(_ bytes: [UInt8], at start: Int) -> Token {
        var index = start + 2
        guard index < bytes.count else { return .incomplete }
        if bytes[index] == UInt8(ascii: "[") {
            guard index + 1 < bytes.count else { return .incomplete }
            let letter = bytes[index + 1]
            guard (UInt8(ascii: "A")...UInt8(ascii: "E")).contains(letter) else { return .ignored(length: 4) }
            return .key(KeyPress(.function(Int(letter - UInt8(ascii: "A")) + 1)), length: 4)
        }
        if bytes[index] == UInt8(ascii: "M") {
            // X10 mouse report (terminals without SGR mode): three raw bytes follow; not used.
            return bytes.count - start >= 6 ? .ignored(length: 6) : .incomplete
        }
        let parameterStart = index
        while index < bytes.count, (0x30...0x3F).contains(bytes[index]) {
            index += 1
            if index - parameterStart > maximumParameterBytes { return .ignored(length: index - start) }
        }
        let parameterEnd = index
        // rxvt ends Shift-modified keys with `$`, an intermediate byte in ECMA-48; treat it as a final here.
        while index < bytes.count, (0x20...0x2F).contains(bytes[index]), bytes[index] != UInt8(ascii: "$") {
            index += 1
            if index - parameterStart > maximumParameterBytes { return .ignored(length: index - start) }
        }
        guard index < bytes.count else { return .incomplete }
        let finalByte = bytes[index]
        guard finalByte == UInt8(ascii: "$") || (0x40...0x7E).contains(finalByte) else {
            // Not a sequence after all: drop what was read, then decode the odd byte afresh.
            return .ignored(length: index - start)
        }
        let length = index + 1 - start
        let sequence = ControlSequence(parameterBytes: bytes[parameterStart..<parameterEnd], final: finalByte)
        if sequence.isPasteStart { return .pasteStart(length: length) }
        if let mouse = MouseReport.event(from: sequence) { return .mouse(mouse, length: length) }
        if let press = SequenceKeys.keyPress(forCSI: sequence) { return .key(press, length: length) }
        return .ignored(length: length)
    }

    /// `ESC O <optional modifier digits> <final>` (application cursor keys, F1...F4, rxvt Ctrl-arrows).
    private static func parseSS3(_ bytes: [UInt8], at start: Int) -> Token {
        var index = start + 2
        let parameterStart = index
        while index < bytes.count, (0x30...0x39).contains(bytes[index]) {
            index += 1
            if index - parameterStart > 3 { return .ignored(length: index - start) }
        }
        guard index < bytes.count else { return .incomplete }
        let finalByte = bytes[index]
        guard (0x40...0x7E).contains(finalByte) else { return .ignored(length: index - start) }
        let sequence = ControlSequence(parameterBytes: bytes[parameterStart..<index], final: finalByte)
        let length = index + 1 - start
        if let press = SequenceKeys.keyPress(forSS3: sequence) { return .key(press, length: length) }
        return .ignored(length: length)
    }
}

/// The parsed parts of a CSI or SS3 sequence.
struct ControlSequence: Equatable {
    /// A private marker (`<`, `=`, `>` or `?`) before the parameters, if any.
    var marker: UInt8?
    /// The `;`-separated numeric parameters; nil where omitted. Sub-parameters after `:` are dropped.
    /// Values saturate at 9,999,999 so that absurd numbers never overflow.
    var parameters: [Int?]
    /// The final byte.
    var final: UInt8

    init(parameterBytes: ArraySlice<UInt8>, final: UInt8) {
        self.final = final
        var bytes = parameterBytes
        if let first = bytes.first, (0x3C...0x3F).contains(first) {
            marker = first
            bytes = bytes.dropFirst()
        }
        parameters = []
        var current: Int?
        var inSubParameter = false
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard !inSubParameter else { continue }
                current = min(9_999_999, (current ?? 0) * 10 + Int(byte - UInt8(ascii: "0")))
            case UInt8(ascii: ";"):
                parameters.append(current)
                current = nil
                inSubParameter = false
            case UInt8(ascii: ":"):
                inSubParameter = true
            default:
                continue
            }
        }
        if current != nil || !parameters.isEmpty { parameters.append(current) }
    }

    /// The parameter at `index`, or `defaultValue` when absent.
    func parameter(_ index: Int, default defaultValue: Int? = nil) -> Int? {
        index < parameters.count ? (parameters[index] ?? defaultValue) : defaultValue
    }

    var isPasteStart: Bool { marker == nil && final == UInt8(ascii: "~") && parameter(0) == 200 }
}
