import VarintCoding

/// Appends the wire's primitive types to a byte array (Docs/protocol.md §6.1).
///
/// - `u8`: one byte;
/// - `u64`: eight bytes, big-endian;
/// - `varint`: an unsigned LEB128 number, 7 bits per byte, least significant group first, high bit set on every
///   byte but the last; minimal (no superfluous trailing zero groups), at most 9 bytes (values below 2^63);
/// - `string`: a `varint` byte count, then that many bytes of UTF-8;
/// - `rev`, `seq`: differences from the previous field of their kind (`DeltaReferences`, DeltaCoding.swift).
struct ByteWriter {
    /// The bytes written so far.
    private(set) var bytes: [UInt8] = []
    /// The references of the `rev` and `seq` fields, updated by every such field written.
    var references: DeltaReferences

    /// A writer with room for `capacity` bytes, whose `rev` and `seq` fields are differences from `references`.
    init(capacity: Int = 64, references: DeltaReferences = DeltaReferences()) {
        bytes.reserveCapacity(capacity)
        self.references = references
    }

    /// Appends one byte.
    mutating func u8(_ value: UInt8) {
        bytes.append(value)
    }

    /// Appends eight bytes, big-endian.
    mutating func u64(_ value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }

    /// Appends a non-negative number as an unsigned LEB128 varint.
    ///
    /// - Precondition: `value >= 0` (every count, length, position and revision is).
    mutating func varint(_ value: Int) {
        precondition(value >= 0, "varint of negative \(value)")
        Varint.append(UInt64(value), to: &bytes)
    }

    /// Appends a string: its UTF-8 byte count as a varint, then the bytes.
    mutating func string(_ value: String) {
        utf8(value) { writer, count in writer.varint(count) }
    }

    /// Appends the UTF-8 bytes of `value`, after whatever `prefix` appends for their count.
    mutating func utf8(_ value: String, prefix: (inout ByteWriter, Int) -> Void) {
        var value = value
        value.withUTF8 { utf8 in
            prefix(&self, utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    /// Appends `0x00` for nil, else `0x01` followed by whatever `write` appends for the value.
    mutating func optional<T>(_ value: T?, _ write: (inout ByteWriter, T) -> Void) {
        guard let value else { return u8(0) }
        u8(1)
        write(&self, value)
    }
}
