import VarintCoding

/// Reads the wire's primitive types (see `ByteWriter`) from a payload, checking every length against what is left.
///
/// Every read names its field; a read past the end, an overlong or oversized varint, or invalid UTF-8 throws a
/// `MessageDecodingError` with that field and the offset where it starts. Nothing here traps on input. Field names
/// are autoclosures: they are built only when a read fails.
struct ByteReader {
    /// The payload.
    private let bytes: [UInt8]
    /// The offset of the next unread byte.
    private(set) var offset = 0
    /// The references of the `rev` and `seq` fields (`DeltaReferences`), updated by every such field read.
    var references: DeltaReferences

    /// A reader at the start of `bytes`, whose `rev` and `seq` fields are differences from `references`.
    init(_ bytes: [UInt8], references: DeltaReferences = DeltaReferences()) {
        self.bytes = bytes
        self.references = references
    }

    /// How many bytes are left.
    var remaining: Int { bytes.count - offset }

    /// The error for `field` at `offset`.
    func failure(_ field: String, at offset: Int? = nil, _ reason: String) -> MessageDecodingError {
        MessageDecodingError(field: field, offset: offset ?? self.offset, reason: reason)
    }

    /// The error for the lazily named `field` at `offset`.
    func failure(_ field: () -> String, at offset: Int? = nil, _ reason: String) -> MessageDecodingError {
        failure(field(), at: offset, reason)
    }

    /// One byte.
    mutating func u8(_ field: @autoclosure () -> String) throws(MessageDecodingError) -> UInt8 {
        guard remaining >= 1 else { throw failure(field, "the payload ends here (1 byte needed)") }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// Eight bytes, big-endian.
    mutating func u64(_ field: @autoclosure () -> String) throws(MessageDecodingError) -> UInt64 {
        guard remaining >= 8 else { throw failure(field, "the payload ends here (8 bytes needed, \(remaining) left)") }
        var value: UInt64 = 0
        for index in offset..<offset + 8 { value = value << 8 | UInt64(bytes[index]) }
        offset += 8
        return value
    }

    /// A minimal unsigned LEB128 varint below 2^63, as an `Int`, at most `limit`.
    mutating func varint(_ field: @autoclosure () -> String, limit: Int = .max) throws(MessageDecodingError) -> Int {
        let start = offset
        let value: UInt64
        do {
            // 9 bytes hold 63 bits: every value read is below 2^63.
            value = try Varint.read(bytes, at: &offset, maximumBytes: 9)
        } catch {
            switch error {
            case .truncated: throw failure(field, at: start, "the payload ends inside a varint")
            case .tooLong: throw failure(field, at: start, "varint longer than 9 bytes")
            }
        }
        if bytes[offset - 1] == 0 && offset - start > 1 {
            throw failure(field, at: start, "varint not minimally encoded")
        }
        guard value <= UInt64(limit) else {
            throw failure(field, at: start, "value \(value) is above the limit of \(limit)")
        }
        return Int(value)
    }

    /// A length-prefixed UTF-8 string of at most `maxBytes` bytes.
    mutating func string(_ field: @autoclosure () -> String, maxBytes: Int = .max) throws(MessageDecodingError) -> String {
        let start = offset
        let count = try varint(field() + ".length")
        guard count <= remaining else {
            throw failure(field, at: start, "length \(count) exceeds the \(remaining) bytes left in the payload")
        }
        guard count <= maxBytes else {
            throw failure(field, at: start, "length \(count) is above the limit of \(maxBytes) bytes")
        }
        return try utf8(field(), count: count)
    }

    /// The next `count` bytes (at most `remaining`), which must be valid UTF-8.
    mutating func utf8(_ field: @autoclosure () -> String, count: Int) throws(MessageDecodingError) -> String {
        guard count <= remaining else {
            throw failure(field, "length \(count) exceeds the \(remaining) bytes left in the payload")
        }
        let slice = bytes[offset..<offset + count]
        guard let text = String(validating: slice, as: UTF8.self) else {
            throw failure(field, "invalid UTF-8")
        }
        offset += count
        return text
    }

    /// A boolean byte: `0x00` false, `0x01` true, anything else an error.
    mutating func flag(_ field: @autoclosure () -> String) throws(MessageDecodingError) -> Bool {
        let start = offset
        switch try u8(field()) {
        case 0: return false
        case 1: return true
        case let other: throw failure(field, at: start, "expected 0 or 1, found \(other)")
        }
    }

    /// A count of items that each take at least `minimumItemSize` bytes: bounded by what is left, so a hostile
    /// count cannot make the decoder allocate or loop beyond the payload's size.
    mutating func count(_ field: @autoclosure () -> String, minimumItemSize: Int) throws(MessageDecodingError) -> Int {
        let start = offset
        let count = try varint(field())
        guard count <= remaining / max(minimumItemSize, 1) else {
            throw failure(
                field, at: start,
                "count \(count) cannot fit in the \(remaining) bytes left (each item takes at least "
                    + "\(minimumItemSize))")
        }
        return count
    }

    /// Checks that the whole payload was read.
    func expectEnd(_ message: String) throws(MessageDecodingError) {
        guard remaining == 0 else { throw failure(message, "\(remaining) unexpected byte(s) after the message") }
    }
}
