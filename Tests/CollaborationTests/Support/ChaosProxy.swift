import NIOCore
import NIOPosix
import Synchronization

/// A loopback TCP relay for fault tests: accepts on 127.0.0.1 (ephemeral port), connects each client to the target
/// port, and relays bytes both ways, until told to cut every connection, damage the next bytes it relays (cut mid-frame,
/// tamper, replay), refuse new ones, or stall.
final class ChaosProxy: Sendable {
    /// The port clients connect to.
    let port: Int
    private let listener: Channel
    private let state: ProxyState

    private init(listener: Channel, state: ProxyState) {
        self.listener = listener
        self.port = listener.localAddress!.port!
        self.state = state
    }

    /// A proxy on an ephemeral loopback port relaying to 127.0.0.1:`target`.
    static func start(target: Int) async throws -> ChaosProxy {
        let address = try SocketAddress(ipAddress: "127.0.0.1", port: target)
        let state = ProxyState()
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { inbound in
                if state.isRefusing { return inbound.close() }
                state.track(inbound)
                let outbound = ClientBootstrap(group: inbound.eventLoop)
                    .channelInitializer { outbound in
                        state.track(outbound)
                        return outbound.eventLoop.makeCompletedFuture {
                            try outbound.pipeline.syncOperations.addHandler(
                                Relay(partner: outbound.eventLoop.makeSucceededFuture(inbound), state: state))
                        }
                    }
                    .connect(to: address)
                outbound.whenFailure { _ in inbound.close(promise: nil) }
                return inbound.eventLoop.makeCompletedFuture {
                    try inbound.pipeline.syncOperations.addHandler(Relay(partner: outbound, state: state))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return ChaosProxy(listener: listener, state: state)
    }

    /// Closes every relayed connection (both sides see a reset or an end of stream).
    func cutAll() {
        for channel in state.channels { channel.close(promise: nil) }
    }

    /// Damages the next bytes relayed (either direction, any connection) with `fault`.
    func inject(_ fault: ChaosFault) {
        state.pendingFault = fault
    }

    /// Whether the fault given to `inject` has happened.
    var hasInjected: Bool { state.pendingFault == nil }

    /// While true, new connections are accepted and closed at once (the host seems unreachable).
    func refuseNew(_ refusing: Bool) {
        state.isRefusing = refusing
    }

    /// While true, the existing connections stop relaying (bytes wait in the kernel; nothing is lost or cut).
    func stall(_ stalled: Bool) {
        for channel in state.channels {
            channel.setOption(ChannelOptions.autoRead, value: !stalled).whenComplete { _ in }
            if !stalled { channel.read() }
        }
    }

    func close() async {
        cutAll()
        try? await listener.close()
    }
}

/// A way to damage the bytes one `channelRead` of the proxy relays (one or more frames, or part of one).
enum ChaosFault: Sendable, Equatable {
    /// Deliver the first half, then close both sides: the receiver's stream ends inside a frame.
    case cutMidFrame
    /// Flip the lowest bit of the last byte (inside a sealed frame's tag when the read ends a frame).
    case flipLastBit
    /// Deliver the bytes twice: the frames in them arrive again after themselves.
    case replay
}

/// The proxy's channels and mode (thread-safe).
private final class ProxyState: Sendable {
    private let open = Mutex<[ObjectIdentifier: Channel]>([:])
    private let refusing = Mutex(false)
    private let fault = Mutex<ChaosFault?>(nil)

    var pendingFault: ChaosFault? {
        get { fault.withLock { $0 } }
        set { fault.withLock { $0 = newValue } }
    }

    /// The pending fault, once (the caller injects it).
    func takeFault() -> ChaosFault? {
        fault.withLock { fault in
            defer { fault = nil }
            return fault
        }
    }

    var isRefusing: Bool {
        get { refusing.withLock { $0 } }
        set { refusing.withLock { $0 = newValue } }
    }

    var channels: [Channel] { open.withLock { Array($0.values) } }

    func track(_ channel: Channel) {
        let key = ObjectIdentifier(channel)
        open.withLock { $0[key] = channel }
        channel.closeFuture.whenComplete { [self] _ in _ = open.withLock { $0.removeValue(forKey: key) } }
    }
}

/// Writes everything read on one channel to its partner; closing either closes both.
private final class Relay: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    private let partner: EventLoopFuture<Channel>
    private let state: ProxyState

    init(partner: EventLoopFuture<Channel>, state: ProxyState) {
        self.partner = partner
        self.state = state
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = Self.unwrapInboundIn(data)
        guard buffer.readableBytes > 1, let fault = state.takeFault() else {
            partner.whenSuccess { $0.writeAndFlush(buffer, promise: nil) }
            return
        }
        switch fault {
        case .cutMidFrame:
            let half = buffer.readSlice(length: buffer.readableBytes / 2)!
            let channel = context.channel
            partner.whenSuccess { partner in
                partner.writeAndFlush(half).whenComplete { _ in
                    partner.close(promise: nil)
                    channel.close(promise: nil)
                }
            }
        case .flipLastBit:
            let last = buffer.writerIndex - 1
            buffer.setInteger(buffer.getInteger(at: last, as: UInt8.self)! ^ 0x01, at: last)
            partner.whenSuccess { $0.writeAndFlush(buffer, promise: nil) }
        case .replay:
            partner.whenSuccess { partner in
                partner.write(buffer, promise: nil)
                partner.writeAndFlush(buffer, promise: nil)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        partner.whenSuccess { $0.close(promise: nil) }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
