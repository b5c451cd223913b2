/// The %-escaping of patch text and delta text.
///
/// Encoding matches Python's `urllib.parse.quote(text, "!~*'();/?:@&=+$,# ")` on the UTF-8 bytes: letters, digits,
/// `_.-~` and `!*'();/?:@&=+$,# ` stay as they are; every other byte becomes `%XX` with uppercase hex. Decoding is
/// strict (unlike Python's lenient `unquote`): a `%` must be followed by two hex digits, and the decoded bytes must
/// be valid UTF-8.
enum PercentEncoding {
    /// Bytes that are written as they are: `safe[byte]` is true.
    private static let safe: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(byte)] = true }
        for byte in "_.-~!*'();/?:@&=+$,# ".utf8 { table[Int(byte)] = true }
        return table
    }()

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Appends the escaped UTF-8 bytes of `text` to `output`.
    static func append(escaping text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            for byte in bytes {
                if safe[Int(byte)] {
                    output.append(byte)
                } else {
                    output.append(UInt8(ascii: "%"))
                    output.append(hexDigits[Int(byte >> 4)])
                    output.append(hexDigits[Int(byte & 0x0F)])
                }
            }
        }
    }

    /// Why an escaped text could not be decoded.
    enum DecodingError: Error {
        case malformedEscape(offset: Int)
        case invalidUTF8

        /// A sentence for error messages.
        var reason: String {
            switch self {
            case let .malformedEscape(offset):
                return "malformed %-escape at byte \(offset) (a % must be followed by two hex digits)"
            case .invalidUTF8:
                return "the %-escapes do not decode to valid UTF-8"
            }
        }
    }

    /// The text that `bytes` (escaped UTF-8) stands for.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws(DecodingError) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte != UInt8(ascii: "%") {
                output.append(byte)
                i += 1
                continue
            }
            guard i + 2 < bytes.count, let high = hexValue(bytes[i + 1]), let low = hexValue(bytes[i + 2]) else {
                throw .malformedEscape(offset: i)
            }
            output.append(high << 4 | low)
            i += 3
        }
        guard let text = String(validating: output, as: UTF8.self) else { throw .invalidUTF8 }
        return text
    }

    @inline(__always)
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}

/// Strict parsing of the decimal numbers in patch headers and deltas.
enum DecimalNumber {
    /// The value of ASCII decimal digits, or nil if `bytes` is empty, holds another byte, or overflows `Int`.
    static func parse<C: Collection>(_ bytes: C) -> Int? where C.Element == UInt8 {
        if bytes.isEmpty { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            if overflow1 || overflow2 { return nil }
            value = sum
        }
        return value
    }
}
