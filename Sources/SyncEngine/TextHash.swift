import EditorCore

/// A 64-bit fingerprint of a text: FNV-1a over its UTF-8 bytes.
///
/// Definition, for implementers in other languages: start with the offset basis `h = 0xcbf29ce484222325`; for
/// each byte `b` of the text's UTF-8 encoding (no byte order mark, no normalization, line endings as they are):
/// `h = (h XOR b) * 0x100000001b3 mod 2^64`. The empty text hashes to `0xcbf29ce484222325`; "a" to
/// `0xaf63dc4c8601ec8c`. On the wire it is this unsigned 64-bit number.
///
/// It detects divergence (a bug), not tampering: it is not cryptographic. Cost: one pass over the bytes, which is
/// why the host attaches it to broadcasts at a rate bounded by `HostDocument.Configuration.hashBudget`.
public struct TextHash: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The 64-bit value.
    public var rawValue: UInt64

    /// The hash value `rawValue` (as received from the wire).
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// The FNV-1a offset basis: the hash of the empty text.
    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    /// The 64-bit FNV prime.
    static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// The hash of `text`.
    public init(of text: String) {
        var hash = Self.offsetBasis
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* Self.prime }
        rawValue = hash
    }

    /// The hash of `buffer`'s text, read chunk by chunk without copying it.
    public init(of buffer: TextBuffer) {
        var hash = Self.offsetBasis
        for chunk in buffer.utf8Chunks {
            for byte in chunk { hash = (hash ^ UInt64(byte)) &* Self.prime }
        }
        rawValue = hash
    }

    /// Sixteen hex digits.
    public var description: String {
        let digits = String(rawValue, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
