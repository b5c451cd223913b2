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

    /// While true, the connections open when the stall began stop relaying (new ones are not affected): bytes
    /// already read are held back, the rest wait in the kernel; nothing is lost or cut. Ending a stall first delivers
    /// what was held back (also by `.stallMidFrame`).
    func stall(_ stalled: Bool) {
        state.stall(stalled ? state.channels : [])
        if !stalled {
            for (source, partner) in state.heldChannels {
                // On the source's event loop, where its relay runs, so that nothing overtakes the held bytes.
                source.eventLoop.execute {
                    guard let remainder = self.state.release(source) else { return }
                    partner.whenSuccess { $0.writeAndFlush(remainder, promise: nil) }
                }
            }
        }
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
    /// Deliver the first half and hold back the rest (and everything after it on that connection) until the proxy's
    /// stall ends: the receiver waits in the middle of a frame.
    case stallMidFrame
    /// Flip the lowest bit of the last byte (inside a sealed frame's tag when the read ends a frame).
    case flipLastBit
    /// Deliver the bytes twice: the frames in them arrive again after themselves.
    case replay
}

/// The proxy's channels and mode (thread-safe).
private final class ProxyState: Sendable {
    private let open = Mutex<[ObjectIdentifier: Channel]>([:])
    private let refusing = Mutex(false)
    private let stalled = Mutex<Set<ObjectIdentifier>>([])

    /// Stalls exactly `channels` (none: the stall is over).
    func stall(_ channels: [Channel]) {
        stalled.withLock { $0 = Set(channels.map(ObjectIdentifier.init)) }
    }

    func isStalled(_ channel: Channel) -> Bool { stalled.withLock { $0.contains(ObjectIdentifier(channel)) } }
    private let fault = Mutex<ChaosFault?>(nil)
    private let held = Mutex<[ObjectIdentifier: (source: Channel, partner: EventLoopFuture<Channel>, bytes: ByteBuffer)]>([:])

    /// The channels whose bytes are held back, with their partners.
    var heldChannels: [(source: Channel, partner: EventLoopFuture<Channel>)] {
        held.withLock { $0.values.map { ($0.source, $0.partner) } }
    }

    /// Holds `bytes` read from `source` back (appending to what is already held).
    func hold(_ bytes: ByteBuffer, from source: Channel, partner: EventLoopFuture<Channel>) {
        held.withLock { held in
            var all = held[ObjectIdentifier(source)]?.bytes ?? ByteBuffer()
            var more = bytes
            all.writeBuffer(&more)
            held[ObjectIdentifier(source)] = (source, partner, all)
        }
    }

    /// Whether `source`'s bytes are being held back.
    func isHolding(_ source: Channel) -> Bool { held.withLock { $0[ObjectIdentifier(source)] != nil } }

    /// Stops holding `source`'s bytes back; returns them.
    func release(_ source: Channel) -> ByteBuffer? {
        held.withLock { $0.removeValue(forKey: ObjectIdentifier(source))?.bytes }
    }

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
        // Forget a closed channel everywhere: its identifier may be reused by a later channel.
        channel.closeFuture.whenComplete { [self] _ in
            _ = open.withLock { $0.removeValue(forKey: key) }
            _ = stalled.withLock { $0.remove(key) }
            _ = held.withLock { $0.removeValue(forKey: key) }
        }
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
        if state.isStalled(context.channel) || state.isHolding(context.channel) {
            state.hold(buffer, from: context.channel, partner: partner)
            return
        }
        guard buffer.readableBytes > 1, let fault = state.takeFault() else {
            partner.whenSuccess { [buffer] in $0.writeAndFlush(buffer, promise: nil) }
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
        case .stallMidFrame:
            let half = buffer.readSlice(length: buffer.readableBytes / 2)!
            state.hold(buffer, from: context.channel, partner: partner)
            context.channel.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in }
            partner.whenSuccess { $0.writeAndFlush(half, promise: nil) }
        case .flipLastBit:
            let last = buffer.writerIndex - 1
            buffer.setInteger(buffer.getInteger(at: last, as: UInt8.self)! ^ 0x01, at: last)
            partner.whenSuccess { [buffer] in $0.writeAndFlush(buffer, promise: nil) }
        case .replay:
            partner.whenSuccess { [buffer] partner in
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
