/// Little building blocks of the journal's packed columns: LEB128 varints and zigzag signed numbers.
///
/// A varint stores an unsigned number 7 bits a byte, least significant group first, the high bit set on every
/// byte but the last (0 → `00`, 300 → `AC 02`). Zigzag maps signed to unsigned so small magnitudes stay short
/// (0 → 0, −1 → 1, 1 → 2, −2 → 3, …).
enum ByteCoding {
    /// Why packed bytes could not be read.
    struct Failure: Error {
        /// What is wrong, e.g. "varint runs past the end at byte 12".
        var reason: String
    }

    /// Appends `value` as a varint.
    static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// Appends `value` zigzag-encoded as a varint.
    static func appendSigned(_ value: Int64, to bytes: inout [UInt8]) {
        appendVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)), to: &bytes)
    }

    /// Appends the 8 bytes of `value`, least significant first.
    static func appendFixed64(_ value: UInt64, to bytes: inout [UInt8]) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    /// Reads a varint at `index`, moving `index` past it.
    static func readVarint(_ bytes: [UInt8], at index: inout Int) throws(Failure) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard index < bytes.count else { throw Failure(reason: "varint runs past the end at byte \(index)") }
            let byte = bytes[index]
            index += 1
            guard shift < 64, shift < 63 || byte <= 1 else {
                throw Failure(reason: "varint longer than 64 bits ending at byte \(index - 1)")
            }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    /// Reads a varint that must fit in a non-negative `Int`.
    static func readCount(_ bytes: [UInt8], at index: inout Int) throws(Failure) -> Int {
        let start = index
        let value = try readVarint(bytes, at: &index)
        guard value <= UInt64(Int.max) else { throw Failure(reason: "number too large at byte \(start)") }
        return Int(value)
    }

    /// Reads a zigzag-encoded varint.
    static func readSigned(_ bytes: [UInt8], at index: inout Int) throws(Failure) -> Int64 {
        let raw = try readVarint(bytes, at: &index)
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    /// Reads 8 bytes, least significant first.
    static func readFixed64(_ bytes: [UInt8], at index: inout Int) throws(Failure) -> UInt64 {
        guard index + 8 <= bytes.count else { throw Failure(reason: "8-byte value runs past the end at byte \(index)") }
        var value: UInt64 = 0
        for offset in 0..<8 { value |= UInt64(bytes[index + offset]) << UInt64(8 * offset) }
        index += 8
        return value
    }

    /// FNV-1a (64-bit) over `parts`, one after the other: the checksum of packed rows (see `RevisionRun`).
    static func fnv1a<Parts: Sequence>(_ parts: Parts) -> UInt64 where Parts.Element: Sequence<UInt8> {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in parts {
            for byte in part { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        }
        return hash
    }
}
