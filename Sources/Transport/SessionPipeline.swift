import NIOCore

/// Builds the channel pipelines shared by the host and the joiner.
///
/// ```
/// before the handshake:  FrameDecoder  HandshakeFrameWriter  HandshakeHandler
/// after the handshake:   FrameDecoder  SealedFrameCodec  PeerChannelHandler
/// ```
/// After the handshake the sealed codec writes whole frames itself (header included), so the handshake's frame
/// writer leaves with the handshake handler.
/// The decoder's limit is `FrameFormat.handshakeMaximumLength` until the handshake succeeds, then
/// `SessionOptions.maximumFrameLength`.
enum SessionPipeline {
    /// Adds the frame codec and the handshake handler for `machine` to `channel` (on its event loop).
    static func addHandshake<Machine: HandshakeMachine>(
        to channel: Channel,
        machine: Machine,
        options: SessionOptions,
        gate: AttemptGate?,
        onEvent: @escaping PeerEventHandler,
        onAuthenticated: @escaping (PeerConnection) -> Void,
        onFailure: @escaping HandshakeHandler<Machine>.FailureHandler
    ) throws {
        let limit = FrameSizeLimit(
            maximumLength: FrameFormat.handshakeMaximumLength, acceptsLegacyFirstFrame: true,
            firstFrameTypes: Machine.firstInboundTypes)
        let frameWriter = HandshakeFrameWriter(
            encoder: FrameEncoder(maximumFrameLength: options.maximumFrameLength, state: limit))
        let handshake = HandshakeHandler(
            machine: machine, options: options, frameLimit: limit, gate: gate,
            onComplete: { context, session in
                let connection = try installSession(session, context: context, options: options, onEvent: onEvent)
                // The handshake's last frame has gone through the writer: every later one is sealed and framed by
                // the codec.
                context.pipeline.syncOperations.removeHandler(frameWriter, promise: nil)
                onAuthenticated(connection)
            },
            onFailure: onFailure)
        try channel.pipeline.syncOperations.addHandlers([
            ByteToMessageHandler(FrameDecoder(limit: limit)), frameWriter, handshake,
        ])
    }

    /// Inserts the sealed codec and the peer handler after the handshake handler at `context`, which delivers
    /// `PeerEvent.connected`.
    private static func installSession(
        _ session: EstablishedSession,
        context: ChannelHandlerContext,
        options: SessionOptions,
        onEvent: @escaping PeerEventHandler
    ) throws -> PeerConnection {
        let connection = PeerConnection(
            role: session.role,
            remoteAddress: context.channel.remoteAddress?.displayString ?? "unknown address",
            protocolVersion: session.version,
            maximumPayloadLength: options.maximumPayloadLength,
            channel: context.channel)
        try context.pipeline.syncOperations.addHandlers(
            [
                SealedFrameCodec(session: session, maximumFrameLength: options.maximumFrameLength),
                PeerChannelHandler(connection: connection, options: options, onEvent: onEvent),
            ],
            position: .after(context.handler))
        return connection
    }
}
