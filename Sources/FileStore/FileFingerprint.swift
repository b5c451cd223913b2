#if canImport(Glibc)
import Glibc
#endif

/// What a file looked like when it was read or written, to notice later changes made by someone else.
///
/// Two fingerprints describe the same content when size and content hash match; the modification time is kept
/// to skip hashing when nothing was touched. The hash is a fast non-cryptographic 64-bit hash (FNV-1a over
/// 8-byte words), enough to tell an edited file from an untouched one, not to resist an adversary.
public struct FileFingerprint: Hashable, Sendable, Codable {
    /// Size in bytes.
    public var size: Int
    /// Modification time: whole seconds since the epoch and nanoseconds.
    public var modificationSeconds: Int
    public var modificationNanoseconds: Int
    /// `FileFingerprint.hash(of:)` of the content.
    public var contentHash: UInt64

    public init(size: Int, modificationSeconds: Int, modificationNanoseconds: Int, contentHash: UInt64) {
        self.size = size
        self.modificationSeconds = modificationSeconds
        self.modificationNanoseconds = modificationNanoseconds
        self.contentHash = contentHash
    }

    /// The fingerprint of content `bytes` with the status `info` of the file they were read from or written to.
    init(info: stat, bytes: UnsafeRawBufferPointer) {
        self.init(
            size: bytes.count, modificationSeconds: info.st_mtim.tv_sec,
            modificationNanoseconds: info.st_mtim.tv_nsec, contentHash: Self.hash(of: bytes))
    }

    /// True when `info` shows the same size and modification time (so the content need not be hashed).
    func hasSameStatus(as info: stat) -> Bool {
        Int(info.st_size) == size && info.st_mtim.tv_sec == modificationSeconds
            && info.st_mtim.tv_nsec == modificationNanoseconds
    }

    /// The 64-bit content hash: FNV-1a applied to little-endian 8-byte words, then to the remaining bytes.
    public static func hash(of bytes: UnsafeRawBufferPointer) -> UInt64 {
        let prime: UInt64 = 0x0000_0100_0000_01B3
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(bytes.count)
        let wordCount = bytes.count / 8
        for index in 0..<wordCount {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
            hash = (hash ^ word) &* prime
            hash ^= hash >> 29
        }
        for index in (wordCount * 8)..<bytes.count {
            hash = (hash ^ UInt64(bytes[index])) &* prime
        }
        return hash
    }
}
