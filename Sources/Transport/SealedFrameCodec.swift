import NIOCore

/// The NIO handler that seals outbound payloads and opens inbound frames after the handshake.
///
/// Sits between the frame codec (below) and the application handler (above): inbound it turns a sealed frame
/// payload into plaintext, outbound plaintext into a sealed frame payload. A frame that fails to open fires
/// `TransportError.frameAuthenticationFailed` and closes the connection; nothing after it is delivered.
public final class SealedFrameCodec: ChannelDuplexHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer
    public typealias OutboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    private var sealer: FrameSealer
    private var opener: FrameOpener
    private var failed = false

    /// A codec for the session's keys (send key for outbound, receive key for inbound).
    public init(session: EstablishedSession) {
        self.sealer = FrameSealer(key: session.sendKey)
        self.opener = FrameOpener(key: session.receiveKey)
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        let sealed = Self.unwrapInboundIn(data)
        do {
            let plaintext = try opener.open(Array(sealed.readableBytesView))
            context.fireChannelRead(Self.wrapInboundOut(context.channel.allocator.buffer(bytes: plaintext)))
        } catch {
            fail(context: context, error: error)
        }
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard !failed else {
            promise?.fail(TransportError.connectionLost("the connection has failed"))
            return
        }
        let plaintext = Self.unwrapOutboundIn(data)
        do {
            let sealed = try sealer.seal(Array(plaintext.readableBytesView))
            context.write(Self.wrapOutboundOut(context.channel.allocator.buffer(bytes: sealed)), promise: promise)
        } catch {
            promise?.fail(error)
            fail(context: context, error: error)
        }
    }

    private func fail(context: ChannelHandlerContext, error: TransportError) {
        failed = true
        context.fireErrorCaught(error)
        context.close(promise: nil)
    }
}
