/// Tight byte loops over UTF-8: counting, locating scalars and newlines, decoding.
///
/// All functions assume valid UTF-8 (rope leaves always hold it) unless they say they validate.
enum UTF8Scan {
    /// Whether `byte` continues a multi-byte scalar (0b10xxxxxx).
    @inline(__always)
    static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }

    /// Scalar and newline counts of `bytes`, eight bytes at a time.
    static func summary(of bytes: UnsafeRawBufferPointer) -> RopeSummary {
        var continuations = 0
        var newlines = 0
        var index = 0
        let count = bytes.count
        while index + 8 <= count {
            let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            continuations &+= 8 - scalarStarts(in: word)
            newlines &+= newlineCount(in: word)
            index += 8
        }
        while index < count {
            let byte = bytes[index]
            continuations &+= isContinuation(byte) ? 1 : 0
            newlines &+= byte == 0x0A ? 1 : 0
            index += 1
        }
        return RopeSummary(utf8: count, scalars: count - continuations, newlines: newlines)
    }

    /// How many of the eight bytes of `word` are line feeds (exact: no carries cross bytes).
    @inline(__always)
    static func newlineCount(in word: UInt64) -> Int {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let x = word ^ 0x0A0A_0A0A_0A0A_0A0A  // a line feed becomes a zero byte
        let nonzero = (((x & low7) &+ low7) | x) & ~low7  // bit 7 of each byte: set when the byte is not zero
        return 8 - nonzero.nonzeroBitCount
    }

    /// The byte offset of scalar number `scalarOffset` in `bytes` (`bytes.count` when it equals the scalar count).
    static func byteOffset(ofScalar scalarOffset: Int, in bytes: [UInt8]) -> Int {
        byteOffset(ofScalar: scalarOffset, in: bytes, from: 0)
    }

    /// The number of bytes from byte offset `start` (a scalar boundary) to the scalar `scalarOffset` scalars after
    /// it (to the end of `bytes` when there are fewer). Reads eight bytes at a time where it can.
    static func byteOffset(ofScalar scalarOffset: Int, in bytes: [UInt8], from start: Int) -> Int {
        if scalarOffset <= 0 { return 0 }
        return bytes.withUnsafeBytes { raw in
            let count = raw.count
            var index = start
            var left = scalarOffset  // scalars still to pass
            // Whole words while the scalar sought is certainly beyond them (a word holds at most 8 scalar starts).
            while left > 8 && index + 8 <= count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                left -= scalarStarts(in: word)
                index += 8
            }
            while index < count {
                if !isContinuation(raw[index]) {
                    if left == 0 { return index - start }
                    left -= 1
                }
                index += 1
            }
            return count - start
        }
    }

    /// How many of the eight bytes of `word` start a scalar (are not 0b10xxxxxx).
    @inline(__always)
    static func scalarStarts(in word: UInt64) -> Int {
        // A continuation byte has bit 7 set and bit 6 clear.
        let continuation = word & ~(word << 1) & 0x8080_8080_8080_8080
        return 8 - continuation.nonzeroBitCount
    }

    /// Scalars among the first `byteCount` bytes of `bytes` (eight bytes at a time).
    static func scalarCount(in bytes: [UInt8], prefix byteCount: Int) -> Int {
        bytes.withUnsafeBytes { summary(of: UnsafeRawBufferPointer(rebasing: $0[..<byteCount])).scalars }
    }

    /// Newlines among the first `byteCount` bytes of `bytes` (eight bytes at a time).
    static func newlineCount(in bytes: [UInt8], prefix byteCount: Int) -> Int {
        bytes.withUnsafeBytes { summary(of: UnsafeRawBufferPointer(rebasing: $0[..<byteCount])).newlines }
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
