@preconcurrency import Crypto
import Foundation
import NIOCore

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
        withNonce(counter: counter) { Array($0) }
    }


    /// Calls `body` with the 12-byte nonce for frame number `counter`, built on the stack (no allocation).
    static func withNonce<Result>(counter: UInt64, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        // Three 32-bit words have no padding between them: 4 zero bytes, then the counter's high and low halves.
        var words = (UInt32(0), UInt32(truncatingIfNeeded: counter >> 32).bigEndian,
                     UInt32(truncatingIfNeeded: counter).bigEndian)
        return withUnsafeBytes(of: &words) { body($0) }
    }

    /// The nonce for frame number `counter` as swift-crypto takes it (12 bytes fit `Data`'s inline storage).
    static func chaChaNonce(counter: UInt64) -> ChaChaPoly.Nonce {
        withNonce(counter: counter) { bytes in
            do {
                return try ChaChaPoly.Nonce(data: bytes)
            } catch {
                preconditionFailure("a 12-byte ChaChaPoly nonce was refused: \(error)")
            }
        }
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
        return sealNext(plaintext).withUnsafeBytes { Array($0[SealedFrameFormat.nonceLength...]) }
    }

    /// Seals the readable bytes of `plaintext` as the next frame of this direction and writes `ciphertext ‖ tag`
    /// (`plaintext.readableBytes` + 16 bytes) at the end of `output`: the same bytes as `seal(_:)` returns, without
    /// the arrays in between. Moves neither buffer's reader index.
    ///
    /// - Throws: `TransportError.counterExhausted` after 2^64 - 1 frames (`output` is then unchanged).
    public mutating func seal(_ plaintext: ByteBuffer, appendingTo output: inout ByteBuffer) throws(TransportError) {
        guard counter < UInt64.max else { throw .counterExhausted }
        let combined = plaintext.withUnsafeReadableBytes { sealNext($0) }
        combined.withUnsafeBytes { box in
            _ = output.writeBytes(UnsafeRawBufferPointer(rebasing: box[SealedFrameFormat.nonceLength...]))
        }
    }

    /// Seals `plaintext` under the current counter and advances it; returns the sealed box's bytes,
    /// `nonce ‖ ciphertext ‖ tag`. The caller has checked that the counter is not exhausted.
    private mutating func sealNext<Plaintext: DataProtocol>(_ plaintext: Plaintext) -> Data {
        let nonce = SealedFrameFormat.chaChaNonce(counter: counter)
        let combined = FrameFormat.withLengthPrefix(plaintext.count + SealedFrameFormat.tagLength) { header in
            do {
                return try ChaChaPoly.seal(plaintext, using: key, nonce: nonce, authenticating: header).combined
            } catch {
                // ChaChaPoly only throws for malformed keys or nonces, which the protocol's fixed sizes rule out.
                preconditionFailure("ChaChaPoly.seal failed on well-formed inputs: \(error)")
            }
        }
        counter += 1
        return combined
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
        Array(try sealed.withUnsafeBytes { openNext($0) }.get())
    }

    /// Opens the readable bytes of `sealed` (`ciphertext ‖ tag`), which must be the next frame of this direction,
    /// and writes its plaintext (`sealed.readableBytes` − 16 bytes) at the end of `output`: the same bytes as
    /// `open(_:)` returns, without the arrays in between. Moves neither buffer's reader index.
    ///
    /// - Throws: as `open(_:)`; `output` is then unchanged.
    public mutating func open(_ sealed: ByteBuffer, appendingTo output: inout ByteBuffer) throws(TransportError) {
        let plaintext = try sealed.withUnsafeReadableBytes { openNext($0) }.get()
        plaintext.withUnsafeBytes { _ = output.writeBytes($0) }
    }

    /// Opens `sealed` under the current counter and advances it, or records the failure.
    private mutating func openNext(_ sealed: UnsafeRawBufferPointer) -> Result<Data, TransportError> {
        guard !failed, sealed.count >= SealedFrameFormat.tagLength else {
            failed = true
            return .failure(.frameAuthenticationFailed(counter: counter))
        }
        guard counter < UInt64.max else { return .failure(.counterExhausted) }
        // The box's own layout, nonce ‖ ciphertext ‖ tag, in one temporary buffer (on the stack for small frames):
        // its init from separate parts concatenates them through generic `Data` appends, and its init from `Data`
        // copies that `Data` again.
        let nonceLength = SealedFrameFormat.nonceLength
        let opened = withUnsafeTemporaryAllocation(byteCount: nonceLength + sealed.count, alignment: 1) { box in
            SealedFrameFormat.withNonce(counter: counter) { box.copyMemory(from: $0) }
            UnsafeMutableRawBufferPointer(rebasing: box[nonceLength...]).copyMemory(from: sealed)
            return FrameFormat.withLengthPrefix(sealed.count) { header -> Data? in
                guard let sealedBox = try? ChaChaPoly.SealedBox(combined: UnsafeRawBufferPointer(box)) else {
                    return nil
                }
                return try? ChaChaPoly.open(sealedBox, using: key, authenticating: header)
            }
        }
        guard let opened else {
            failed = true
            return .failure(.frameAuthenticationFailed(counter: counter))
        }
        counter += 1
        return .success(opened)
    }
}
