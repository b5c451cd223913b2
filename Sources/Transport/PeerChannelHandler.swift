import Logging
import NIOCore

/// The last handler of an authenticated pipeline: turns plaintext payloads into `PeerEvent`s for the application,
/// applies the inbound rate limit (per payload, so a bundled frame counts each of its payloads), and drops a peer
/// whose send queue overflows (it stopped reading).
///
/// Any error from below (frame too large, truncated, failed authentication, reset) closes the connection; the
/// first one is reported in the `closed` event and logged.
final class PeerChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let connection: PeerConnection
    private let onEvent: PeerEventHandler
    private let sendQueueLimit: Int
    private var rateGuard: InboundRateGuard?
    private let logger: Logger
    private var closeReason: TransportError?
    private var isClosing = false

    init(connection: PeerConnection, options: SessionOptions, onEvent: @escaping PeerEventHandler) {
        self.connection = connection
        self.onEvent = onEvent
        self.sendQueueLimit = options.sendQueueLimit
        self.rateGuard = options.inboundRateLimit.map { InboundRateGuard(limit: $0, now: .now()) }
        self.logger = options.logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        onEvent(connection, .connected)
        if !context.channel.isActive {
            // Closed while the handshake finished: still report it, once.
            finish()
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !isClosing else { return }
        let payload = Self.unwrapInboundIn(data)
        if var guardian = rateGuard {
            let admitted = guardian.admit(length: payload.readableBytes, now: .now())
            rateGuard = guardian
            guard admitted else { return fail(context: context, error: .inboundRateExceeded) }
        }
        onEvent(connection, .received(Array(payload.readableBytesView)))
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if !context.channel.isWritable {
            fail(context: context, error: .sendQueueOverflow(limit: sendQueueLimit))
        }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        fail(context: context, error: TransportError(channelError: error))
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish()
        context.fireChannelInactive()
    }

    private var finished = false

    private func finish() {
        guard !finished else { return }
        finished = true
        if closeReason == nil {
            logger.info("connection closed", metadata: ["peer": "\(connection)"])
        }
        onEvent(connection, .closed(closeReason))
    }

    private func fail(context: ChannelHandlerContext, error: TransportError) {
        if closeReason == nil && !finished {
            closeReason = error
            logger.warning("dropping connection: \(error)", metadata: ["peer": "\(connection)"])
        }
        isClosing = true
        context.close(promise: nil)
    }
}

extension TransportError {
    /// The transport error for any error a channel pipeline may raise.
    init(channelError error: Error) {
        switch error {
        case let error as TransportError:
            self = error
        case let error as IOError:
            self = .connectionLost(error.description)
        case ChannelError.eof, ChannelError.ioOnClosedChannel, ChannelError.alreadyClosed:
            self = .connectionLost("closed")
        default:
            self = .connectionLost(String(describing: error))
        }
    }
}
