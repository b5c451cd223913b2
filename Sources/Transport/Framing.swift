import NIOCore

/// Frame layout constants: every frame is a 4-byte big-endian payload length followed by that many payload bytes.
///
/// The length counts payload bytes only (not the 4 header bytes). Limits are receive policy: a receiver refuses a
/// length above its limit as soon as it has read the header, before buffering any payload.
public enum FrameFormat {
    /// Bytes in the length prefix.
    public static let headerLength = 4
    /// The default largest payload a frame may carry after the handshake: 16 MiB.
    public static let defaultMaximumLength = 16 * 1024 * 1024
    /// The largest handshake frame (payload bytes). Handshake messages are far smaller; the low limit keeps an
    /// unauthenticated peer from making the host buffer megabytes.
    public static let handshakeMaximumLength = 1024

    /// `payload` with its length prefix, exactly as it crosses the wire.
    public static func framed(_ payload: [UInt8]) -> [UInt8] {
        lengthPrefix(payload.count) + payload
    }

    /// The 4-byte big-endian length prefix for a payload of `length` bytes.
    ///
    /// - Precondition: `0 <= length <= UInt32.max` (callers check limits far below that first).
    public static func lengthPrefix(_ length: Int) -> [UInt8] {
        precondition(length >= 0 && length <= Int(UInt32.max), "frame length out of range")
        let value = UInt32(length)
        return [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}

/// The current largest accepted frame length, shared between a connection's `FrameDecoder` and its handshake handler.
///
/// The handshake handler raises the limit from `FrameFormat.handshakeMaximumLength` to the session limit once the
/// peer is authenticated. Not thread-safe: it belongs to one channel and is used on that channel's event loop only.
public final class FrameSizeLimit {
    /// The largest payload length (bytes) the decoder accepts right now.
    public var maximumLength: Int

    /// A limit of `maximumLength` payload bytes.
    public init(maximumLength: Int) {
        self.maximumLength = maximumLength
    }
}

/// Splits a byte stream into frames: a 4-byte big-endian length, then that many payload bytes.
///
/// Emits each payload as a `ByteBuffer` (without its header). A length above the limit throws
/// `TransportError.frameTooLarge` as soon as the header is read; a stream that ends inside a frame throws
/// `TransportError.truncatedFrame`. Zero-length frames are valid. Never traps on any input.
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
        guard let frame = try Self.nextFrame(from: &buffer, maximumLength: limit.maximumLength) else {
            return .needMoreData
        }
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
            throw Self.truncation(of: buffer)
        }
        return .needMoreData
    }

    /// Reads one whole frame's payload from the front of `buffer`, or returns nil (consuming nothing) when the frame
    /// is not complete yet.
    ///
    /// - Throws: `TransportError.frameTooLarge` when the header announces more than `maximumLength` bytes.
    static func nextFrame(from buffer: inout ByteBuffer, maximumLength: Int) throws -> ByteBuffer? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) else { return nil }
        let payloadLength = Int(length)
        guard payloadLength <= maximumLength else {
            throw TransportError.frameTooLarge(length: payloadLength, limit: maximumLength)
        }
        guard buffer.readableBytes >= FrameFormat.headerLength + payloadLength else { return nil }
        buffer.moveReaderIndex(forwardBy: FrameFormat.headerLength)
        return buffer.readSlice(length: payloadLength)
    }

    /// The error for `buffer`, the bytes left over at end of stream (a partial header or a partial frame).
    private static func truncation(of buffer: ByteBuffer) -> TransportError {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) else {
            return .truncatedFrame(received: buffer.readableBytes, expected: FrameFormat.headerLength)
        }
        return .truncatedFrame(received: buffer.readableBytes, expected: FrameFormat.headerLength + Int(length))
    }
}

/// Prefixes each outbound payload with its 4-byte big-endian length.
///
/// Throws `TransportError.payloadTooLarge` (failing the write) for a payload above `maximumFrameLength`, so this side
/// never sends a frame that a peer with the same limit would refuse.
public struct FrameEncoder: MessageToByteEncoder {
    public typealias OutboundIn = ByteBuffer

    /// The largest payload (bytes) this encoder writes.
    public let maximumFrameLength: Int

    /// An encoder refusing payloads above `maximumFrameLength` bytes.
    public init(maximumFrameLength: Int = FrameFormat.defaultMaximumLength) {
        self.maximumFrameLength = maximumFrameLength
    }

    public func encode(data: ByteBuffer, out: inout ByteBuffer) throws {
        guard data.readableBytes <= maximumFrameLength else {
            throw TransportError.payloadTooLarge(length: data.readableBytes, limit: maximumFrameLength)
        }
        out.reserveCapacity(FrameFormat.headerLength + data.readableBytes)
        out.writeInteger(UInt32(data.readableBytes))
        out.writeImmutableBuffer(data)
    }
}
