import VarintCoding

/// Little building blocks of the journal's packed columns: LEB128 varints and zigzag signed numbers (the shared
/// `Varint` and `ZigZag` of `VarintCoding`, read leniently: up to 64 bits, non-minimal encodings accepted).
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
        Varint.append(value, to: &bytes)
    }

    /// Appends `value` zigzag-encoded as a varint.
    static func appendSigned(_ value: Int64, to bytes: inout [UInt8]) {
        Varint.append(ZigZag.encode(value), to: &bytes)
    }

    /// Appends the 8 bytes of `value`, least significant first.
    static func appendFixed64(_ value: UInt64, to bytes: inout [UInt8]) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    /// Reads a varint at `index`, moving `index` past it.
    static func readVarint(_ bytes: [UInt8], at index: inout Int) throws(Failure) -> UInt64 {
        do {
            return try Varint.read(bytes, at: &index)
        } catch {
            switch error {
            case .truncated: throw Failure(reason: "varint runs past the end at byte \(index)")
            case .tooLong(let at): throw Failure(reason: "varint longer than 64 bits ending at byte \(at)")
            }
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
        ZigZag.decode(try readVarint(bytes, at: &index))
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
