import EditorCore

/// A 64-bit fingerprint of a text, by one of two functions over its UTF-8 bytes (no byte order mark, no
/// normalization, line endings as they are). On the wire it is an unsigned 64-bit number.
///
/// **Word hash** (`init(wordsOf:)`, protocol version 2's revision `hash`): take the bytes as 8-byte little-endian
/// words (byte `i` of a word is bits `8i...8i+7`), the last word padded with zero bytes (the empty text has no
/// word). With `step(h, w) = h' XOR (h' >> 32)` where `h' = (h XOR w) * 0x100000001b3 mod 2^64`: start with
/// `h = 0xcbf29ce484222325`, do `h = step(h, w)` for each word in order, then `h = step(h, byte length)`, and end
/// with the MurmurHash3 finalizer: `h ^= h >> 33; h *= 0xff51afd7ed558ccd; h ^= h >> 33; h *= 0xc4ceb9fe1a85ec53;
/// h ^= h >> 33` (mod 2^64). `""` → `b8371b5e9326a9e3`, `"a"` → `d4dfdca90c5e5018`, `"héllo ✓ wörld"` →
/// `9fc89ba0896bb8c4`. One multiply per 8 bytes: about 4× faster than byte-wise FNV-1a.
///
/// **FNV-1a** (`init(of:)`, protocol version 1, and what the journal stores and names files by): `h =
/// 0xcbf29ce484222325`, then for each byte `b`: `h = (h XOR b) * 0x100000001b3 mod 2^64`. `""` →
/// `cbf29ce484222325`, `"a"` → `af63dc4c8601ec8c`.
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

    /// The word hash of `text` (see the type notes).
    public init(wordsOf text: String) {
        var text = text
        var hasher = WordHasher()
        text.withUTF8 { hasher.combine(UnsafeRawBufferPointer($0)) }
        rawValue = hasher.finalize()
    }

    /// The word hash of `buffer`'s text, read chunk by chunk without copying it (words may span chunks).
    public init(wordsOf buffer: TextBuffer) {
        var hasher = WordHasher()
        for chunk in buffer.utf8Chunks {
            chunk.withUnsafeBytes { hasher.combine($0) }
        }
        rawValue = hasher.finalize()
    }

    /// Sixteen hex digits.
    public var description: String {
        let digits = String(rawValue, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// The word hash's running state: `h`, and the bytes of a word not yet complete (they arrive in chunks of any
/// length).
struct WordHasher {
    private var hash = TextHash.offsetBasis
    /// Bytes of the current partial word, little-endian in the low `pendingCount * 8` bits.
    private var pending: UInt64 = 0
    private var pendingCount = 0
    private var length: UInt64 = 0

    /// One step of the mix: `h' = (h XOR w) * prime`, then `h' XOR (h' >> 32)`.
    @inline(__always)
    private static func step(_ hash: UInt64, _ word: UInt64) -> UInt64 {
        let mixed = (hash ^ word) &* TextHash.prime
        return mixed ^ (mixed >> 32)
    }

    /// Feeds the next bytes of the text.
    mutating func combine(_ bytes: UnsafeRawBufferPointer) {
        let count = bytes.count
        length &+= UInt64(count)
        var index = 0
        while pendingCount > 0 && pendingCount < 8 && index < count {
            pending |= UInt64(bytes[index]) << (8 * UInt64(pendingCount))
            pendingCount += 1
            index += 1
        }
        if pendingCount == 8 {
            hash = Self.step(hash, pending)
            pending = 0
            pendingCount = 0
        }
        var current = hash
        while index + 8 <= count {
            let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            current = Self.step(current, UInt64(littleEndian: word))
            index += 8
        }
        hash = current
        while index < count {
            pending |= UInt64(bytes[index]) << (8 * UInt64(pendingCount))
            pendingCount += 1
            index += 1
        }
    }

    /// The hash of everything fed: the padded last word, the length, then the finalizer.
    func finalize() -> UInt64 {
        var result = hash
        if pendingCount > 0 { result = Self.step(result, pending) }
        result = Self.step(result, length)
        result ^= result >> 33
        result &*= 0xff51_afd7_ed55_8ccd
        result ^= result >> 33
        result &*= 0xc4ce_b9fe_1a85_ec53
        result ^= result >> 33
        return result
    }
}
