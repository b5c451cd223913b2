import NIOCore
import NIOPosix
import Synchronization

/// A loopback TCP relay for tests: accepts on 127.0.0.1 (ephemeral port), connects each client to `target`, relays
/// bytes both ways, and records every byte that crosses it, per direction.
final class RecordingProxy: Sendable {
    /// The port clients connect to.
    let port: Int
    private let listener: Channel
    private let toServer: ByteRecord
    private let toClient: ByteRecord

    /// Bytes sent by clients towards the target, in order.
    var clientToServerBytes: [UInt8] { toServer.bytes }
    /// Bytes sent by the target towards clients, in order.
    var serverToClientBytes: [UInt8] { toClient.bytes }

    private init(listener: Channel, toServer: ByteRecord, toClient: ByteRecord) {
        self.listener = listener
        self.port = listener.localAddress!.port!
        self.toServer = toServer
        self.toClient = toClient
    }

    static func start(target port: Int) async throws -> RecordingProxy {
        let target = try SocketAddress(ipAddress: "127.0.0.1", port: port)
        let toServer = ByteRecord()
        let toClient = ByteRecord()
        let listener = try await ServerBootstrap(group: TestLoops.group)
            .childChannelInitializer { inbound in
                let outbound = ClientBootstrap(group: inbound.eventLoop)
                    .channelInitializer { outbound in
                        outbound.eventLoop.makeCompletedFuture {
                            try outbound.pipeline.syncOperations.addHandler(
                                Relay(partner: outbound.eventLoop.makeSucceededFuture(inbound), record: toClient))
                        }
                    }
                    .connect(to: target)
                outbound.whenFailure { _ in inbound.close(promise: nil) }
                return inbound.eventLoop.makeCompletedFuture {
                    try inbound.pipeline.syncOperations.addHandler(Relay(partner: outbound, record: toServer))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return RecordingProxy(listener: listener, toServer: toServer, toClient: toClient)
    }

    func close() async {
        try? await listener.close()
    }
}

/// Bytes appended from event-loop threads and read by the test.
private final class ByteRecord: Sendable {
    private let storage = Mutex<[UInt8]>([])
    func append(_ buffer: ByteBuffer) { storage.withLock { $0 += buffer.readableBytesView } }
    var bytes: [UInt8] { storage.withLock { $0 } }
}

/// Forwards everything it reads to `partner` (in order, once it is connected), recording it; closes `partner`
/// when its own side closes.
private final class Relay: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    let partner: EventLoopFuture<Channel>
    let record: ByteRecord

    init(partner: EventLoopFuture<Channel>, record: ByteRecord) {
        self.partner = partner
        self.record = record
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = Self.unwrapInboundIn(data)
        record.append(buffer)
        partner.whenSuccess { $0.writeAndFlush(buffer, promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        partner.whenSuccess { $0.close(promise: nil) }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}

/// A raw TCP client that records what it receives and whether the other side closed (for misbehaving peers).
final class RawClient: Sendable {
    let channel: Channel
    private let record: ByteRecord

    var received: [UInt8] { record.bytes }
    /// Whether the connection has closed (either side).
    var isClosed: Bool { !channel.isActive }

    private init(channel: Channel, record: ByteRecord) {
        self.channel = channel
        self.record = record
    }

    /// Connects to 127.0.0.1:`port`; `opening` (if any) is written the moment the connection is up, from its event
    /// loop, as a real peer's first message is, so it never waits for this test's task to be scheduled again.
    ///
    /// The host's handshake timeout runs on its event loop from the accept. Bytes sent with `send` after `connect`
    /// returns leave only when the test's task runs again, which on a loaded machine (the cooperative pool has one
    /// thread per core, and other suites' CPU-bound tests hold them) can be seconds later: long enough for a short
    /// timeout to close the connection first.
    static func connect(port: Int, opening: [UInt8] = []) async throws -> RawClient {
        let record = ByteRecord()
        let channel = try await ClientBootstrap(group: TestLoops.group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Sink(record: record, opening: opening))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return RawClient(channel: channel, record: record)
    }

    func send(_ bytes: [UInt8]) {
        channel.writeAndFlush(ByteBuffer(bytes: bytes), promise: nil)
    }
}

/// Writes its opening bytes when the connection becomes active; records inbound bytes; ignores errors (the test
/// looks at closure).
private final class Sink: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let record: ByteRecord
    let opening: [UInt8]
    init(record: ByteRecord, opening: [UInt8]) {
        self.record = record
        self.opening = opening
    }
    func channelActive(context: ChannelHandlerContext) {
        if !opening.isEmpty {
            context.writeAndFlush(Self.wrapOutboundOut(context.channel.allocator.buffer(bytes: opening)), promise: nil)
        }
        context.fireChannelActive()
    }
    func channelRead(context: ChannelHandlerContext, data: NIOAny) { record.append(Self.unwrapInboundIn(data)) }
    func errorCaught(context: ChannelHandlerContext, error: Error) { context.close(promise: nil) }
}

/// A resolver that finds nothing: connecting through it behaves like an unknown host name.
final class UnknownHostResolver: Resolver, Sendable {
    let loop: EventLoop
    init(loop: EventLoop) { self.loop = loop }
    struct NotFound: Error {}
    func initiateAQuery(host: String, port: Int) -> EventLoopFuture<[SocketAddress]> { loop.makeFailedFuture(NotFound()) }
    func initiateAAAAQuery(host: String, port: Int) -> EventLoopFuture<[SocketAddress]> { loop.makeFailedFuture(NotFound()) }
    func cancelQueries() {}
}
