/// Decoding of one UTF-8 scalar at a byte index, telling "not yet complete" apart from "invalid".
///
/// The standard library's parser reports a truncated sequence as an error; a terminal reader must instead wait for
/// the rest, so `decode` first checks whether the bytes are a valid *prefix* of a longer scalar.
enum UTF8Scalar {
    enum Result: Equatable {
        /// A whole scalar of `length` bytes.
        case scalar(Unicode.Scalar, length: Int)
        /// The bytes so far are a proper prefix of a valid scalar: wait for more.
        case incomplete
        /// Not UTF-8: skip `length` bytes (at least 1).
        case invalid(length: Int)
    }

    /// Decodes the scalar starting at `bytes[index]`.
    static func decode(_ bytes: [UInt8], at index: Int) -> Result {
        let lead = bytes[index]
        if lead < 0x80 { return .scalar(Unicode.Scalar(lead), length: 1) }
        let needed = expectedLength(lead: lead)
        guard needed > 1 else { return .invalid(length: 1) }
        let available = min(needed, bytes.count - index)
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes[index..<(index + available)].makeIterator()
        switch parser.parseScalar(from: &iterator) {
        case .valid(let encoded):
            return .scalar(Unicode.UTF8.decode(encoded), length: encoded.count)
        case .error(let length):
            if available < needed && isValidPrefix(bytes[index..<(index + available)]) { return .incomplete }
            return .invalid(length: max(1, length))
        case .emptyInput:
            return .incomplete
        }
    }

    /// True for scalars that may be typed as text: not a C0 or C1 control character and not DEL.
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        !(scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value))
    }

    /// The length of the sequence a lead byte announces, or 0 for a byte that cannot start one.
    private static func expectedLength(lead: UInt8) -> Int {
        switch lead {
        case 0xC2...0xDF: 2
        case 0xE0...0xEF: 3
        case 0xF0...0xF4: 4
        default: 0
        }
    }

    /// True when `prefix` (shorter than its lead byte announces) can still become a valid scalar, following the
    /// well-formed byte table of the Unicode standard (Table 3-7).
    private static func isValidPrefix(_ prefix: ArraySlice<UInt8>) -> Bool {
        let bytes = Array(prefix)
        guard bytes.count >= 2 else { return true }
        let second = bytes[1]
        let secondRange: ClosedRange<UInt8> =
            switch bytes[0] {
            case 0xE0: 0xA0...0xBF
            case 0xED: 0x80...0x9F
            case 0xF0: 0x90...0xBF
            case 0xF4: 0x80...0x8F
            default: 0x80...0xBF
            }
        guard secondRange.contains(second) else { return false }
        return bytes.dropFirst(2).allSatisfy { (0x80...0xBF).contains($0) }
    }
}
