/// Unsigned LEB128 varints: 7 bits a byte, least significant group first, the high bit (`0x80`) set on every byte
/// but the last (0 → `00`, 127 → `7F`, 128 → `80 01`, 300 → `AC 02`). Shared by the journal's packed columns and
/// the wire format (Docs/protocol.md §6.1), which add their own rules on top (the wire's are stricter: minimal,
/// at most 9 bytes).
public enum Varint {
    /// Why bytes are not a varint.
    public enum Failure: Error, Equatable, Sendable {
        /// The bytes end before the varint does.
        case truncated
        /// The varint goes on past `maximumBytes` bytes, or past 64 bits; `at` is the offending byte's index.
        case tooLong(at: Int)
    }

    /// Appends `value`.
    @inlinable
    public static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// Reads the varint at `index` (at most `maximumBytes` bytes, 1...10, and 64 bits), moving `index` past it.
    /// Non-minimal encodings are read as they are: callers that forbid them check the last byte.
    ///
    /// - Throws: `Failure` (then `index` is unspecified); never traps.
    @inlinable
    public static func read(_ bytes: [UInt8], at index: inout Int, maximumBytes: Int = 10) throws(Failure) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        let start = index
        while true {
            guard index < bytes.count else { throw .truncated }
            let byte = bytes[index]
            // A 10th byte may only hold the 64th bit.
            guard index - start < maximumBytes, shift < 63 || byte <= 1 else { throw .tooLong(at: index) }
            index += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }
}

/// Zigzag coding of signed numbers as unsigned ones, small magnitudes to small numbers: 0 → 0, −1 → 1, 1 → 2,
/// −2 → 3, 2 → 4, … (`2n` for n ≥ 0, `−2n − 1` for n < 0). Law: `decode(encode(n)) == n` for every `Int64`.
public enum ZigZag {
    /// The zigzag code of `value`.
    @inlinable
    public static func encode(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }

    /// The number whose zigzag code is `code`.
    @inlinable
    public static func decode(_ code: UInt64) -> Int64 {
        Int64(bitPattern: code >> 1) ^ -Int64(bitPattern: code & 1)
    }
}
