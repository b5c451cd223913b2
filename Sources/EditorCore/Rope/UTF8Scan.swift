/// Tight byte loops over UTF-8: counting, locating scalars and newlines, decoding.
///
/// All functions assume valid UTF-8 (rope leaves always hold it) unless they say they validate.
enum UTF8Scan {
    /// Whether `byte` continues a multi-byte scalar (0b10xxxxxx).
    @inline(__always)
    static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }

    /// Scalar and newline counts of `bytes`.
    static func summary(of bytes: UnsafeRawBufferPointer) -> RopeSummary {
        var scalars = 0
        var newlines = 0
        for byte in bytes {
            scalars &+= byte & 0xC0 != 0x80 ? 1 : 0
            newlines &+= byte == 0x0A ? 1 : 0
        }
        return RopeSummary(utf8: bytes.count, scalars: scalars, newlines: newlines)
    }

    /// The byte offset of scalar number `scalarOffset` in `bytes` (`bytes.count` when it equals the scalar count).
    static func byteOffset(ofScalar scalarOffset: Int, in bytes: [UInt8]) -> Int {
        if scalarOffset == 0 { return 0 }
        var seen = 0
        for index in bytes.indices where !isContinuation(bytes[index]) {
            if seen == scalarOffset { return index }
            seen += 1
        }
        return bytes.count
    }

    /// Scalars among the first `byteCount` bytes of `bytes`.
    static func scalarCount(in bytes: [UInt8], prefix byteCount: Int) -> Int {
        var count = 0
        for index in 0..<byteCount where !isContinuation(bytes[index]) { count += 1 }
        return count
    }

    /// Newlines among the first `byteCount` bytes of `bytes`.
    static func newlineCount(in bytes: [UInt8], prefix byteCount: Int) -> Int {
        var count = 0
        for index in 0..<byteCount where bytes[index] == 0x0A { count += 1 }
        return count
    }

    /// The byte offset just after newline number `ordinal` (1-based) in `bytes`, with the scalars before it.
    static func afterNewline(_ ordinal: Int, in bytes: [UInt8]) -> (byte: Int, scalars: Int) {
        var seen = 0
        var scalars = 0
        for index in bytes.indices {
            let byte = bytes[index]
            if !isContinuation(byte) { scalars += 1 }
            if byte == 0x0A {
                seen += 1
                if seen == ordinal { return (index + 1, scalars) }
            }
        }
        return (bytes.count, scalars)
    }

    /// `offset` moved back to the start of the scalar it falls in.
    static func scalarStart(atOrBefore offset: Int, in bytes: UnsafeRawBufferPointer) -> Int {
        var index = offset
        while index > 0 && index < bytes.count && isContinuation(bytes[index]) { index -= 1 }
        return index
    }

    /// The byte length of a scalar whose first byte is `lead`.
    @inline(__always)
    static func sequenceLength(lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// Decodes the scalar starting at `index` (a scalar boundary) and returns it with its byte length.
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        let lead = bytes[index]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length = sequenceLength(lead: lead)
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// The byte offset of the first invalid UTF-8 sequence in `bytes`, or nil when all of it is valid.
    ///
    /// Rejects what Swift's decoder rejects: stray continuation bytes, truncated sequences, overlong forms,
    /// surrogates (U+D800...U+DFFF) and values above U+10FFFF.
    static func firstInvalidByte(in bytes: UnsafeRawBufferPointer) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                upper = 0x9F
            case 0xF0:
                length = 4
                lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                upper = 0x8F
            default: return index
            }
            guard index + length <= count else { return index }
            let second = bytes[index + 1]
            guard second >= lower && second <= upper else { return index }
            for offset in 2..<max(2, length) where !isContinuation(bytes[index + offset]) { return index }
            index += length
        }
        return nil
    }
}
