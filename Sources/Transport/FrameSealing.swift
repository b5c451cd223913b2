@preconcurrency import Crypto

/// The sealed-frame format used after the handshake: ChaCha20-Poly1305 with a per-direction counter nonce.
///
/// A sealed frame's payload is `ciphertext ‖ tag` (tag: 16 bytes), so its length is the plaintext length + 16.
/// - Nonce (12 bytes): 4 zero bytes ‖ the direction's frame counter as a 64-bit big-endian integer. The counter
///   starts at 0 for the first frame after the handshake and grows by one per frame; it is never sent.
/// - Associated data: the frame's varint length header as sent (the sealed payload length), so a changed length
///   fails authentication.
/// A replayed, reordered or dropped frame is opened with the wrong counter and fails; so does a tampered one.
public enum SealedFrameFormat {
    /// Bytes in the Poly1305 tag at the end of each sealed payload.
    public static let tagLength = 16

    /// Bytes in a nonce.
    public static let nonceLength = 12

    /// The 12-byte nonce for frame number `counter`.
    public static func nonce(counter: UInt64) -> [UInt8] {
        var nonce = [UInt8](repeating: 0, count: nonceLength)
        for index in 0..<8 { nonce[4 + index] = UInt8(truncatingIfNeeded: counter >> (56 - 8 * UInt64(index))) }
        return nonce
    }

    /// The associated data for a sealed payload of `sealedLength` bytes: its frame length prefix.
    public static func associatedData(sealedLength: Int) -> [UInt8] {
        FrameFormat.lengthPrefix(sealedLength)
    }
}

/// Seals the frames of one direction, numbering them 0, 1, 2, ... (pure; no I/O).
public struct FrameSealer: Sendable {
    private let key: SymmetricKey
    /// The counter the next sealed frame will use.
    public private(set) var counter: UInt64

    /// A sealer under `key` whose first frame uses counter `firstCounter` (0 in the protocol).
    public init(key: SymmetricKey, firstCounter: UInt64 = 0) {
        self.key = key
        self.counter = firstCounter
    }

    /// `ciphertext ‖ tag` for `plaintext`, sealed as the next frame of this direction.
    ///
    /// - Throws: `TransportError.counterExhausted` after 2^64 - 1 frames.
    public mutating func seal(_ plaintext: [UInt8]) throws(TransportError) -> [UInt8] {
        guard counter < UInt64.max else { throw .counterExhausted }
        let sealedLength = plaintext.count + SealedFrameFormat.tagLength
        do {
            let box = try ChaChaPoly.seal(
                plaintext, using: key,
                nonce: try ChaChaPoly.Nonce(data: SealedFrameFormat.nonce(counter: counter)),
                authenticating: SealedFrameFormat.associatedData(sealedLength: sealedLength))
            counter += 1
            // The box holds nonce ‖ ciphertext ‖ tag: one copy of all but the nonce.
            return Array(box.combined.dropFirst(SealedFrameFormat.nonceLength))
        } catch {
            // ChaChaPoly only throws for malformed keys or nonces, which the protocol's fixed sizes rule out.
            preconditionFailure("ChaChaPoly.seal failed on well-formed inputs: \(error)")
        }
    }
}

/// Opens the frames of one direction, expecting counters 0, 1, 2, ... in order (pure; no I/O).
///
/// After one failure every later frame fails too: the stream's integrity is lost and the connection must close.
public struct FrameOpener: Sendable {
    private let key: SymmetricKey
    /// The counter the next frame must have been sealed with.
    public private(set) var counter: UInt64
    private var failed = false

    /// An opener under `key` expecting `firstCounter` (0 in the protocol) first.
    public init(key: SymmetricKey, firstCounter: UInt64 = 0) {
        self.key = key
        self.counter = firstCounter
    }

    /// The plaintext of `sealed` (`ciphertext ‖ tag`), which must be the next frame of this direction.
    ///
    /// - Throws: `TransportError.frameAuthenticationFailed` when the frame is shorter than a tag, was tampered
    ///   with, replayed, reordered, cut, or sealed under another key; `.counterExhausted` after 2^64 - 1 frames.
    public mutating func open(_ sealed: [UInt8]) throws(TransportError) -> [UInt8] {
        guard !failed, sealed.count >= SealedFrameFormat.tagLength else {
            failed = true
            throw .frameAuthenticationFailed(counter: counter)
        }
        guard counter < UInt64.max else { throw .counterExhausted }
        do {
            // The box's own layout, nonce ‖ ciphertext ‖ tag, built in one array (its init from separate parts
            // concatenates them through generic `Data` appends, most of the cost of opening a small frame).
            var combined = SealedFrameFormat.nonce(counter: counter)
            combined.append(contentsOf: sealed)
            let box = try ChaChaPoly.SealedBox(combined: combined)
            let plaintext = try ChaChaPoly.open(
                box, using: key, authenticating: SealedFrameFormat.associatedData(sealedLength: sealed.count))
            counter += 1
            return Array(plaintext)
        } catch {
            failed = true
            throw .frameAuthenticationFailed(counter: counter)
        }
    }
}
