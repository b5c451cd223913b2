import CSodium
@preconcurrency import Crypto

/// ChaCha20-Poly1305 in its IETF form (RFC 8439: 256-bit key, 96-bit nonce, 128-bit tag), reading and writing the
/// caller's buffers: the AEAD of sealed frames (`SealedFrameFormat`). The bytes are those of swift-crypto's
/// `ChaChaPoly` (and of Python's `cryptography`), so either end may use either library.
///
/// It calls libsodium (`crypto_aead_chacha20poly1305_ietf_*`), not `ChaChaPoly`, for speed alone: a frame is
/// sealed or opened about four times per keystroke (joiner, host, host, joiner), and `ChaChaPoly` goes through
/// Foundation `Data` (about 14 `Data` objects allocated and freed per frame) and a new cipher context each call.
/// Measured with callgrind on `coedit-bench trace`, one seal of a keystroke's frame cost about 15,600 instructions
/// that way, of which 3,700 were the cipher itself. Here it is the cipher and nothing else: no allocation.
///
/// Immutable after `init`: the key lives in memory of its own, wiped when the cipher goes away.
final class FrameCipher: @unchecked Sendable {
    /// Bytes in a key.
    static let keyLength = Int(crypto_aead_chacha20poly1305_ietf_KEYBYTES)

    /// The key's `keyLength` bytes.
    private let key: UnsafeMutablePointer<UInt8>

    /// A cipher under `key`, which must be 256 bits (the session's keys are; anything else is a programming error).
    init(key: SymmetricKey) {
        _ = sodiumInitialized
        precondition(key.bitCount == 8 * Self.keyLength, "a frame key must be 256 bits, not \(key.bitCount)")
        self.key = .allocate(capacity: Self.keyLength)
        key.withUnsafeBytes { bytes in
            UnsafeMutableRawPointer(self.key).copyMemory(from: bytes.baseAddress!, byteCount: Self.keyLength)
        }
    }

    deinit {
        sodium_memzero(key, Self.keyLength)
        key.deallocate()
    }

    /// Writes `ciphertext ‖ tag` for `plaintext` under `nonce` (12 bytes), authenticating `associatedData`, to the
    /// first `plaintext.count + 16` bytes of `output`.
    ///
    /// - Precondition: `nonce.count == 12`; `output.count >= plaintext.count + 16`; `output` does not overlap
    ///   `plaintext`.
    func seal(
        _ plaintext: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer,
        authenticating associatedData: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) {
        precondition(nonce.count == SealedFrameFormat.nonceLength, "a frame nonce is 12 bytes")
        precondition(output.count >= plaintext.count + SealedFrameFormat.tagLength, "no room for the sealed frame")
        var written: UInt64 = 0
        let status = crypto_aead_chacha20poly1305_ietf_encrypt(
            Self.mutableBytes(output)!, &written, Self.bytes(plaintext), UInt64(plaintext.count),
            Self.bytes(associatedData), UInt64(associatedData.count), nil, Self.bytes(nonce)!, key)
        // It only fails for messages over 256 GiB, which the frame limit (16 MiB) rules out.
        precondition(status == 0 && written == UInt64(plaintext.count + SealedFrameFormat.tagLength))
    }

    /// Checks `sealed` (`ciphertext ‖ tag`) under `nonce` and `associatedData` and, when it is authentic, writes
    /// its plaintext (`sealed.count - 16` bytes) to the start of `output`.
    ///
    /// - Returns: false when `sealed` is shorter than a tag or fails authentication (`output`'s bytes are then
    ///   unspecified).
    /// - Precondition: `nonce.count == 12`; `output.count >= sealed.count - 16`.
    func open(
        _ sealed: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer,
        authenticating associatedData: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) -> Bool {
        precondition(nonce.count == SealedFrameFormat.nonceLength, "a frame nonce is 12 bytes")
        guard sealed.count >= SealedFrameFormat.tagLength else { return false }
        precondition(output.count >= sealed.count - SealedFrameFormat.tagLength, "no room for the plaintext")
        var written: UInt64 = 0
        let status = crypto_aead_chacha20poly1305_ietf_decrypt(
            Self.mutableBytes(output), &written, nil, Self.bytes(sealed)!, UInt64(sealed.count),
            Self.bytes(associatedData), UInt64(associatedData.count), Self.bytes(nonce)!, key)
        return status == 0
    }

    /// `buffer`'s first byte as libsodium takes it (nil for an empty buffer).
    private static func mutableBytes(_ buffer: UnsafeMutableRawBufferPointer) -> UnsafeMutablePointer<UInt8>? {
        buffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
    }

    /// `buffer`'s first byte as libsodium takes it (nil for an empty buffer: libsodium reads nothing then).
    private static func bytes(_ buffer: UnsafeRawBufferPointer) -> UnsafePointer<UInt8>? {
        buffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
    }
}

/// Runs `sodium_init` once, on first use: it picks the fastest implementations for this CPU. Its result is not
/// needed: should it fail, the AEAD keeps libsodium's portable implementations, which give the same bytes.
private let sodiumInitialized: Void = { _ = sodium_init() }()
