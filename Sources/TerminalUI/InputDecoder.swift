import EditorModel

/// Turns the raw bytes a terminal sends into `InputEvent`s: text, control keys, escape sequences, bracketed pastes
/// and SGR mouse reports (xterm, tmux, rxvt and the Linux console).
///
/// The decoder is pure: it never reads, waits or looks at a clock. The caller reads bytes (with `poll`/`read`),
/// passes them to `decode(_:)` as they come, and calls `flush()` when no more bytes arrived within a short wait.
/// `pending` says what the decoder is holding, and so how long that wait should be (`InputTiming`).
///
/// Rules:
/// - UTF-8 text becomes one `.character` key per grapheme cluster **within one read**: "e" + U+0301 arriving
///   together is one Character. A combining mark that arrives in a later read becomes its own Character (the
///   editor inserts it after the base, so the text is the same). A multi-byte scalar split across reads is held
///   until its last byte arrives.
/// - Control bytes: Ctrl-letter (0x01...0x1A) is `.character(<lowercase letter>)` with `.control`, except Tab
///   (0x09), Enter (0x0D, and 0x0A), and 0x08, which is Ctrl-Backspace (Backspace itself sends DEL, 0x7F, in
///   every current terminal's default setting).
///   0x00 is Ctrl-Space; 0x1C...0x1F are Ctrl-\ ] ^ _.
/// - A lone ESC is only known to be the Escape key when no further byte follows; it stays pending until `flush()`.
///   ESC followed by a key that is not a sequence is that key with `.alt`.
/// - Bytes that form no known key (invalid UTF-8, unknown or over-long sequences, C1 controls) are dropped. The
///   decoder never traps, whatever the bytes.
///
/// Invariant: `decode` of a byte string in any number of pieces yields the same events as in one piece, except
/// that grapheme clusters are only joined within one piece (see above).
public struct InputDecoder: Sendable {
    /// What the decoder holds back, waiting for more bytes.
    public enum Pending: Hashable, Sendable {
        /// Nothing: every byte so far became an event or was dropped.
        case nothing
        /// The start of an escape sequence or of a UTF-8 scalar (a short wait decides).
        case sequence
        /// The inside of a bracketed paste, waiting for its end marker (a long wait decides).
        case paste
    }

    /// Bytes received but not yet turned into events.
    private var buffer: [UInt8] = []
    /// The paste collected so far while inside `ESC[200~` ... `ESC[201~`; nil outside a paste.
    private var pasteBytes: [UInt8]?

    public init() {}

    /// What is held back: tells the caller how long to wait before calling `flush()`.
    public var pending: Pending {
        if pasteBytes != nil { return .paste }
        return buffer.isEmpty ? .nothing : .sequence
    }

    /// Decodes newly read bytes; incomplete trailing sequences are kept for the next call.
    public mutating func decode<Bytes: Sequence>(_ bytes: Bytes) -> [InputEvent] where Bytes.Element == UInt8 {
        buffer.append(contentsOf: bytes)
        return decodeBuffer(final: false)
    }

    /// Says that no more bytes came within the wait: a pending ESC becomes the Escape key, ESC plus one byte becomes
    /// an Alt key, an unterminated paste is delivered as it is, and any other incomplete sequence is dropped.
    public mutating func flush() -> [InputEvent] {
        decodeBuffer(final: true)
    }

    private mutating func decodeBuffer(final: Bool) -> [InputEvent] {
        var events: [InputEvent] = []
        var text = String.UnicodeScalarView()
        var index = 0
        scanning: while index < buffer.count {
            if pasteBytes != nil {
                index = consumePaste(from: index, into: &events)
                if pasteBytes != nil { break scanning }
                continue
            }
            let byte = buffer[index]
            if byte >= 0x20 && byte != 0x7F {
                switch UTF8Scalar.decode(buffer, at: index) {
                case .scalar(let scalar, let length):
                    if UTF8Scalar.isPrintable(scalar) { text.append(scalar) }
                    index += length
                case .invalid(let length):
                    index += length
                case .incomplete:
                    if !final { break scanning }
                    index = buffer.count
                }
                continue
            }
            Self.appendText(&text, to: &events)
            if byte != 0x1B {
                events.append(.key(ControlByte.keyPress(for: byte)))
                index += 1
                continue
            }
            switch EscapeParser.parse(buffer, at: index, final: final) {
            case .key(let press, let length):
                events.append(.key(press))
                index += length
            case .mouse(let mouse, let length):
                events.append(.mouse(mouse))
                index += length
            case .ignored(let length):
                index += length
            case .pasteStart(let length):
                pasteBytes = []
                index += length
            case .incomplete:
                break scanning
            }
        }
        Self.appendText(&text, to: &events)
        buffer.removeFirst(index)
        if final, let bytes = pasteBytes {
            // The end marker never came: deliver what arrived rather than swallow later keys.
            events.append(.paste(PasteText.normalized(bytes + buffer)))
            pasteBytes = nil
            buffer.removeAll()
        }
        if final { buffer.removeAll() }
        return events
    }

    /// Moves paste content from `buffer[start...]` into `pasteBytes`, ending the paste at its end marker.
    /// Returns the index of the first byte not consumed.
    private mutating func consumePaste(from start: Int, into events: inout [InputEvent]) -> Int {
        let marker = EscapeParser.pasteEndMarker
        if let end = Self.firstIndex(of: marker, in: buffer, from: start) {
            pasteBytes!.append(contentsOf: buffer[start..<end])
            events.append(.paste(PasteText.normalized(pasteBytes!)))
            pasteBytes = nil
            return end + marker.count
        }
        // Keep back a tail that may be the start of the end marker split across reads.
        var keep = min(marker.count - 1, buffer.count - start)
        while keep > 0 && !buffer[(buffer.count - keep)...].elementsEqual(marker[..<keep]) { keep -= 1 }
        pasteBytes!.append(contentsOf: buffer[start..<(buffer.count - keep)])
        return buffer.count - keep
    }

    private static func appendText(_ text: inout String.UnicodeScalarView, to events: inout [InputEvent]) {
        guard !text.isEmpty else { return }
        for character in String(text) {
            events.append(.key(KeyPress(.character(character))))
        }
        text.removeAll()
    }

    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count - start else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0] && haystack[index..<(index + needle.count)].elementsEqual(needle) {
                return index
            }
            index += 1
        }
        return nil
    }
}
