import NIOCore

/// Frame layout (protocol version 3): every frame is its payload length as an unsigned LEB128 varint (the header),
/// followed by that many payload bytes.
///
/// The header is 1 byte for payloads below 128 bytes, 2 below 16 KiB, 3 below 2 MiB, 4 below 256 MiB, and at most
/// `maximumHeaderLength` (5) bytes; it must be minimal (no final `0x00` byte after the first). The length counts
/// payload bytes only. Limits are receive policy: a receiver refuses a length above its limit as soon as the header
/// is complete, before buffering any payload. (Versions 1 and 2 used a 4-byte big-endian length: `LegacyFraming`.)
public enum FrameFormat {
    /// The most bytes a length header takes: a varint of a 32-bit length.
    public static let maximumHeaderLength = 5
    /// The default largest payload a frame may carry after the handshake: 16 MiB.
    public static let defaultMaximumLength = 16 * 1024 * 1024
    /// The largest handshake frame (payload bytes). Handshake messages are far smaller; the low limit keeps an
    /// unauthenticated peer from making the host buffer megabytes.
    public static let handshakeMaximumLength = 1024

    /// `payload` with its length header, exactly as it crosses the wire.
    public static func framed(_ payload: [UInt8]) -> [UInt8] {
        lengthPrefix(payload.count) + payload
    }

    /// The varint length header for a payload of `length` bytes (1 to 5 bytes).
    ///
    /// - Precondition: `0 <= length <= UInt32.max` (callers check limits far below that first).
    public static func lengthPrefix(_ length: Int) -> [UInt8] {
        withLengthPrefix(length) { Array($0) }
    }

    /// Calls `body` with the varint length header for a payload of `length` bytes (1 to 5 bytes), built on the
    /// stack: the same bytes as `lengthPrefix(length)` without allocating an array (one per frame otherwise).
    ///
    /// - Precondition: `0 <= length <= UInt32.max`.
    public static func withLengthPrefix<Result>(_ length: Int, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        precondition(length >= 0 && length <= Int(UInt32.max), "frame length out of range")
        var value = UInt32(length)
        // Byte i of the header is byte i of `packed` in little-endian order.
        var packed: UInt64 = 0
        var count = 0
        while value >= 0x80 {
            packed |= UInt64(UInt8(value & 0x7F) | 0x80) << (8 * UInt64(count))
            value >>= 7
            count += 1
        }
        packed |= UInt64(value) << (8 * UInt64(count))
        count += 1
        packed = packed.littleEndian
        return withUnsafeBytes(of: &packed) { body(UnsafeRawBufferPointer(rebasing: $0.prefix(count))) }
    }

    /// The number of bytes in the length header of a payload of `length` bytes (1 to 5): `lengthPrefix(length).count`.
    ///
    /// - Precondition: `0 <= length <= UInt32.max`.
    public static func headerLength(of length: Int) -> Int {
        precondition(length >= 0 && length <= Int(UInt32.max), "frame length out of range")
        var count = 1
        var value = UInt32(length) >> 7
        while value != 0 {
            count += 1
            value >>= 7
        }
        return count
    }

    /// What the front of a byte stream holds: a complete header, or not enough bytes for one yet.
    public enum Header: Equatable, Sendable {
        /// The header is not complete yet.
        case incomplete
        /// A payload of `length` bytes follows a header of `headerLength` bytes.
        case complete(length: Int, headerLength: Int)
    }

    /// Parses the header at the front of `bytes`.
    ///
    /// - Throws: `TransportError.malformedFrameHeader` for a header longer than `maximumHeaderLength` bytes, above
    ///   2^32 − 1, or not minimal.
    public static func header<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws(TransportError) -> Header {
        var value: UInt64 = 0
        var count = 0
        for byte in bytes {
            value |= UInt64(byte & 0x7F) << (7 * UInt64(count))
            count += 1
            if byte & 0x80 == 0 {
                guard byte != 0 || count == 1 else {
                    throw .malformedFrameHeader("the length is not minimally encoded")
                }
                guard value <= UInt64(UInt32.max) else {
                    throw .malformedFrameHeader("the length is above 2^32 − 1")
                }
                return .complete(length: Int(value), headerLength: count)
            }
            guard count < maximumHeaderLength else {
                throw .malformedFrameHeader("the length takes more than \(maximumHeaderLength) bytes")
            }
        }
        return .incomplete
    }
}

/// The receive state a connection's `FrameDecoder`, `FrameEncoder` and handshake handler share.
///
/// The handshake handler raises the limit from `FrameFormat.handshakeMaximumLength` to the session limit once the
/// peer is authenticated. The decoder records whether the peer's first frame came in the framing of protocol
/// versions 1–2 (`LegacyFraming`), so that the handshake can refuse it in words that peer understands. Not
/// thread-safe: it belongs to one channel and is used on that channel's event loop only.
public final class FrameSizeLimit {
    /// The largest payload length (bytes) the decoder accepts right now.
    public var maximumLength: Int
    /// Whether the next frame may be a version 1–2 frame (only the very first frame of a handshake may).
    var acceptsLegacyFrame: Bool
    /// Whether the peer's first frame was a version 1–2 frame: its frames are read and written that way.
    public internal(set) var peerUsesLegacyFraming = false
    /// The message types the first frame's payload may start with (empty: any). Checked as soon as its first
    /// payload byte arrives, so that another program's bytes (an HTTP request, an SSH banner, which read as a short
    /// frame) are refused at once rather than at the handshake timeout.
    let firstFrameTypes: [UInt8]

    /// A limit of `maximumLength` payload bytes; `acceptsLegacyFirstFrame` and `firstFrameTypes` for the handshake.
    public init(maximumLength: Int, acceptsLegacyFirstFrame: Bool = false, firstFrameTypes: [UInt8] = []) {
        self.maximumLength = maximumLength
        self.acceptsLegacyFrame = acceptsLegacyFirstFrame
        self.firstFrameTypes = firstFrameTypes
    }
}

/// Splits a byte stream into frames: a varint length header, then that many payload bytes.
///
/// Emits each payload as a `ByteBuffer` (without its header). A length above the limit throws
/// `TransportError.frameTooLarge` as soon as the header is complete; a malformed header throws
/// `.malformedFrameHeader`; a stream that ends inside a frame throws `.truncatedFrame`. Zero-length frames are
/// valid. Never traps on any input.
public struct FrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer

    private let limit: FrameSizeLimit

    /// A decoder accepting payloads of at most `maximumFrameLength` bytes.
    public init(maximumFrameLength: Int = FrameFormat.defaultMaximumLength) {
        self.limit = FrameSizeLimit(maximumLength: maximumFrameLength)
    }

    /// A decoder whose limit is read from `limit` at every frame (so a handshake handler can raise it).
    public init(limit: FrameSizeLimit) {
        self.limit = limit
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try Self.nextFrame(from: &buffer, limit: limit) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(frame))
        return .continue
    }

    public mutating func decodeLast(
        context: ChannelHandlerContext,
        buffer: inout ByteBuffer,
        seenEOF: Bool
    ) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        if seenEOF && buffer.readableBytes > 0 {
            throw try Self.truncation(of: buffer, limit: limit)
        }
        return .needMoreData
    }

    /// Reads one whole frame's payload from the front of `buffer`, or returns nil (consuming nothing) when the frame
    /// is not complete yet.
    ///
    /// - Throws: `TransportError.frameTooLarge` when the header announces more than the limit,
    ///   `.malformedFrameHeader` for a malformed header.
    static func nextFrame(from buffer: inout ByteBuffer, limit: FrameSizeLimit) throws(TransportError) -> ByteBuffer? {
        guard let (length, headerLength) = try header(of: buffer, limit: limit) else { return nil }
        guard length <= limit.maximumLength else {
            throw .frameTooLarge(length: length, limit: limit.maximumLength)
        }
        if limit.acceptsLegacyFrame, !limit.peerUsesLegacyFraming, !limit.firstFrameTypes.isEmpty,
            let type = buffer.getInteger(at: buffer.readerIndex + headerLength, as: UInt8.self),
            !limit.firstFrameTypes.contains(type)
        {
            throw .notACoeditPeer
        }
        guard buffer.readableBytes >= headerLength + length else { return nil }
        limit.acceptsLegacyFrame = false
        buffer.moveReaderIndex(forwardBy: headerLength)
        return buffer.readSlice(length: length)
    }

    /// The payload length and header length at the front of `buffer`, nil while the header is incomplete. The first
    /// frame of a handshake starting with `0x00` is a version 1–2 frame (a modern first frame is never empty).
    private static func header(of buffer: ByteBuffer, limit: FrameSizeLimit) throws(TransportError) -> (Int, Int)? {
        let bytes = buffer.readableBytesView
        if limit.acceptsLegacyFrame, bytes.first == 0 { limit.peerUsesLegacyFraming = true }
        if limit.peerUsesLegacyFraming {
            return LegacyFraming.length(in: bytes).map { ($0, LegacyFraming.headerLength) }
        }
        guard case .complete(let length, let headerLength) = try FrameFormat.header(bytes) else { return nil }
        return (length, headerLength)
    }

    /// The error for `buffer`, the bytes left over at end of stream (a partial header or a partial frame).
    private static func truncation(of buffer: ByteBuffer, limit: FrameSizeLimit) throws -> TransportError {
        guard let (length, headerLength) = try header(of: buffer, limit: limit) else {
            let needed = limit.peerUsesLegacyFraming ? LegacyFraming.headerLength : buffer.readableBytes + 1
            return .truncatedFrame(received: buffer.readableBytes, expected: needed)
        }
        return .truncatedFrame(received: buffer.readableBytes, expected: headerLength + length)
    }
}

/// Prefixes each outbound payload with its varint length header (or, to a peer whose first frame came in the framing
/// of versions 1–2, with a 4-byte length: only the refusal telling it to update goes that way).
///
/// Throws `TransportError.payloadTooLarge` (failing the write) for a payload above `maximumFrameLength`, so this side
/// never sends a frame that a peer with the same limit would refuse.
public struct FrameEncoder: MessageToByteEncoder {
    public typealias OutboundIn = ByteBuffer

    /// The largest payload (bytes) this encoder writes.
    public let maximumFrameLength: Int
    private let state: FrameSizeLimit?

    /// An encoder refusing payloads above `maximumFrameLength` bytes; `state`, when given, tells whether the peer
    /// speaks the framing of versions 1–2.
    public init(maximumFrameLength: Int = FrameFormat.defaultMaximumLength, state: FrameSizeLimit? = nil) {
        self.maximumFrameLength = maximumFrameLength
        self.state = state
    }

    public func encode(data: ByteBuffer, out: inout ByteBuffer) throws {
        guard data.readableBytes <= maximumFrameLength else {
            throw TransportError.payloadTooLarge(length: data.readableBytes, limit: maximumFrameLength)
        }
        out.reserveCapacity(FrameFormat.maximumHeaderLength + data.readableBytes)
        if state?.peerUsesLegacyFraming == true {
            out.writeBytes(LegacyFraming.lengthPrefix(data.readableBytes))
        } else {
            FrameFormat.withLengthPrefix(data.readableBytes) { _ = out.writeBytes($0) }
        }
        out.writeImmutableBuffer(data)
    }
}
