@preconcurrency import Crypto
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
}

/// Seals the frames of one direction, numbering them 0, 1, 2, ... (pure; no I/O).
public struct FrameSealer: Sendable {
    private let cipher: FrameCipher
    /// The counter the next sealed frame will use.
    public private(set) var counter: UInt64

    /// A sealer under `key` (256 bits) whose first frame uses counter `firstCounter` (0 in the protocol).
    public init(key: SymmetricKey, firstCounter: UInt64 = 0) {
        self.cipher = FrameCipher(key: key)
        self.counter = firstCounter
    }

    /// `ciphertext ‖ tag` for `plaintext`, sealed as the next frame of this direction.
    ///
    /// - Throws: `TransportError.counterExhausted` after 2^64 - 1 frames.
    public mutating func seal(_ plaintext: [UInt8]) throws(TransportError) -> [UInt8] {
        guard counter < UInt64.max else { throw .counterExhausted }
        let length = plaintext.count + SealedFrameFormat.tagLength
        return [UInt8](unsafeUninitializedCapacity: length) { output, initialized in
            FrameFormat.withLengthPrefix(length) { header in
                plaintext.withUnsafeBytes { sealNext($0, header: header, into: UnsafeMutableRawBufferPointer(output)) }
            }
            initialized = length
        }
    }

    /// Seals the readable bytes of `plaintext` as the next frame of this direction and writes `ciphertext ‖ tag`
    /// (`plaintext.readableBytes` + 16 bytes) at the end of `output`: the same bytes as `seal(_:)` returns, without
    /// the arrays in between. Moves neither buffer's reader index.
    ///
    /// - Throws: `TransportError.counterExhausted` after 2^64 - 1 frames (`output` is then unchanged).
    public mutating func seal(_ plaintext: ByteBuffer, appendingTo output: inout ByteBuffer) throws(TransportError) {
        try append(plaintext, to: &output, withHeader: false)
    }

    /// Like `seal(_:appendingTo:)`, but writes the whole frame as it goes on the wire: the varint length header
    /// (which is also the associated data, so it is built once), then `ciphertext ‖ tag`.
    ///
    /// - Throws: as `seal(_:appendingTo:)`; `output` is then unchanged.
    public mutating func sealFrame(
        _ plaintext: ByteBuffer, appendingTo output: inout ByteBuffer
    ) throws(TransportError) {
        try append(plaintext, to: &output, withHeader: true)
    }

    /// Seals `plaintext` as the next frame at the end of `output`, after its length header when `withHeader`.
    private mutating func append(
        _ plaintext: ByteBuffer, to output: inout ByteBuffer, withHeader: Bool
    ) throws(TransportError) {
        guard counter < UInt64.max else { throw .counterExhausted }
        let sealedLength = plaintext.readableBytes + SealedFrameFormat.tagLength
        FrameFormat.withLengthPrefix(sealedLength) { header in
            let headerLength = withHeader ? header.count : 0
            plaintext.withUnsafeReadableBytes { input in
                let frameLength = headerLength + sealedLength
                _ = output.writeWithUnsafeMutableBytes(minimumWritableBytes: frameLength) { free in
                    UnsafeMutableRawBufferPointer(rebasing: free.prefix(headerLength))
                        .copyMemory(from: UnsafeRawBufferPointer(rebasing: header.prefix(headerLength)))
                    let sealed = UnsafeMutableRawBufferPointer(rebasing: free[headerLength..<frameLength])
                    sealNext(input, header: header, into: sealed)
                    return frameLength
                }
            }
        }
    }

    /// Seals `plaintext` under the current counter into `output` (`plaintext.count + 16` bytes), authenticating
    /// `header` (the frame's length header), and advances the counter. The caller has checked that the counter is
    /// not exhausted.
    private mutating func sealNext(
        _ plaintext: UnsafeRawBufferPointer, header: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) {
        SealedFrameFormat.withNonce(counter: counter) { nonce in
            cipher.seal(plaintext, nonce: nonce, authenticating: header, into: output)
        }
        counter += 1
    }
}

/// Opens the frames of one direction, expecting counters 0, 1, 2, ... in order (pure; no I/O).
///
/// After one failure every later frame fails too: the stream's integrity is lost and the connection must close.
public struct FrameOpener: Sendable {
    private let cipher: FrameCipher
    /// The counter the next frame must have been sealed with.
    public private(set) var counter: UInt64
    private var failed = false

    /// An opener under `key` (256 bits) expecting `firstCounter` (0 in the protocol) first.
    public init(key: SymmetricKey, firstCounter: UInt64 = 0) {
        self.cipher = FrameCipher(key: key)
        self.counter = firstCounter
    }

    /// The plaintext of `sealed` (`ciphertext ‖ tag`), which must be the next frame of this direction.
    ///
    /// - Throws: `TransportError.frameAuthenticationFailed` when the frame is shorter than a tag, was tampered
    ///   with, replayed, reordered, cut, or sealed under another key; `.counterExhausted` after 2^64 - 1 frames.
    public mutating func open(_ sealed: [UInt8]) throws(TransportError) -> [UInt8] {
        let length = try plaintextLength(of: sealed.count)
        var opened = false
        let plaintext = [UInt8](unsafeUninitializedCapacity: length) { output, initialized in
            opened = sealed.withUnsafeBytes { openNext($0, into: UnsafeMutableRawBufferPointer(output)) }
            initialized = opened ? length : 0
        }
        guard opened else { throw .frameAuthenticationFailed(counter: counter) }
        return plaintext
    }

    /// Opens the readable bytes of `sealed` (`ciphertext ‖ tag`), which must be the next frame of this direction,
    /// and writes its plaintext (`sealed.readableBytes` − 16 bytes) at the end of `output`: the same bytes as
    /// `open(_:)` returns, without the arrays in between. Moves neither buffer's reader index.
    ///
    /// - Throws: as `open(_:)`; `output` is then unchanged.
    public mutating func open(_ sealed: ByteBuffer, appendingTo output: inout ByteBuffer) throws(TransportError) {
        let length = try plaintextLength(of: sealed.readableBytes)
        var opened = false
        sealed.withUnsafeReadableBytes { input in
            _ = output.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { free in
                opened = openNext(input, into: UnsafeMutableRawBufferPointer(rebasing: free.prefix(length)))
                return opened ? length : 0
            }
        }
        guard opened else { throw .frameAuthenticationFailed(counter: counter) }
    }

    /// The plaintext length of a `sealedLength`-byte frame, or the error that frame must end in (recorded: every
    /// later frame fails too).
    private mutating func plaintextLength(of sealedLength: Int) throws(TransportError) -> Int {
        guard !failed, sealedLength >= SealedFrameFormat.tagLength else {
            failed = true
            throw .frameAuthenticationFailed(counter: counter)
        }
        guard counter < UInt64.max else { throw .counterExhausted }
        return sealedLength - SealedFrameFormat.tagLength
    }

    /// Opens `sealed` under the current counter into `output` and advances the counter, or records the failure.
    private mutating func openNext(
        _ sealed: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) -> Bool {
        let opened = SealedFrameFormat.withNonce(counter: counter) { nonce in
            FrameFormat.withLengthPrefix(sealed.count) { header in
                cipher.open(sealed, nonce: nonce, authenticating: header, into: output)
            }
        }
        if opened { counter += 1 } else { failed = true }
        return opened
    }
}
