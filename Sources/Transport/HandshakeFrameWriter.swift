import NIOCore

/// The outbound half of framing while the handshake runs: prefixes each payload with its length header, as
/// `FrameEncoder` says (the legacy header to a version 1–2 peer, for the refusal it must be able to read).
///
/// Removable, unlike NIO's `MessageToByteHandler`: when the session starts, `SessionPipeline` takes it out and
/// `SealedFrameCodec` writes whole frames (header, ciphertext and tag in one buffer), which saves a buffer, a copy
/// and a pipeline step per frame.
final class HandshakeFrameWriter: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let encoder: FrameEncoder

    init(encoder: FrameEncoder) {
        self.encoder = encoder
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let payload = Self.unwrapOutboundIn(data)
        var frame = context.channel.allocator.buffer(capacity: FrameFormat.maximumHeaderLength + payload.readableBytes)
        do {
            try encoder.encode(data: payload, out: &frame)
        } catch {
            promise?.fail(error)
            context.fireErrorCaught(error)
            return
        }
        context.write(Self.wrapOutboundOut(frame), promise: promise)
    }
}
