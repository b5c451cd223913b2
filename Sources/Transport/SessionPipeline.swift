import NIOCore

/// Builds the channel pipelines shared by the host and the joiner.
///
/// ```
/// before the handshake:  FrameDecoder  FrameEncoder  HandshakeHandler
/// after the handshake:   FrameDecoder  FrameEncoder  SealedFrameCodec  PeerChannelHandler
/// ```
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
        let handshake = HandshakeHandler(
            machine: machine, options: options, frameLimit: limit, gate: gate,
            onComplete: { context, session in
                let connection = try installSession(session, context: context, options: options, onEvent: onEvent)
                onAuthenticated(connection)
            },
            onFailure: onFailure)
        try channel.pipeline.syncOperations.addHandlers([
            ByteToMessageHandler(FrameDecoder(limit: limit)),
            MessageToByteHandler(FrameEncoder(maximumFrameLength: options.maximumFrameLength, state: limit)),
            handshake,
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
            [SealedFrameCodec(session: session, maximumFrameLength: options.maximumFrameLength), PeerChannelHandler(connection: connection, options: options, onEvent: onEvent)],
            position: .after(context.handler))
        return connection
    }
}
