import Dispatch
import NIOCore
import NIOPosix
import Testing
@testable import Transport

/// Protocol versions 3–4 framing over real TCP: the order of bundled deliveries, and a joiner meeting a host that cannot read
/// its framing.
@Suite("Loopback TCP: bundled delivery and older hosts")
struct DeliveryTests: LoopbackFixtures {
    @Test("sends from other threads and from the connection's loop arrive in the order they were made")
    func orderAcrossThreads() async throws {
        let hostEvents = EventRecorder()
        let server = try await startHost(hostEvents, log: LogRecord())
        let joiner = try await join(port: server.port, EventRecorder())
        var sent: [[UInt8]] = []
        for round in 0..<20 {
            let fromThread = (0..<5).map { Array("fil \(round).\($0) ✓".utf8) }
            let fromLoop = Array("boucle \(round) 漢字".utf8)
            // The loop is held in a task while this thread sends its burst, so the burst waits in the outbox (its
            // hop to the loop queued behind the held task); the loop's own send, made after the burst, then runs
            // first on the loop and must not overtake it.
            let go = DispatchSemaphore(value: 0)
            let loopSend = joiner.channel.eventLoop.submit {
                go.wait()
                try joiner.send(fromLoop)
            }
            for payload in fromThread { try joiner.send(payload) }
            go.signal()
            try await loopSend.get()
            sent += fromThread + [fromLoop]
        }
        #expect(await hostEvents.wait(seconds: 30) { $0.received.count == sent.count })
        let text = { (payloads: [[UInt8]]) in payloads.map { String(decoding: $0, as: UTF8.self) } }
        #expect(text(hostEvents.received) == text(sent))
        try await server.close().get()
    }

    @Test("a host that closes on our hello without a word (as a version 1–2 coedit does) is reported as such")
    func hostClosesWithoutAnswer() async throws {
        let oldHost = try await ServerBootstrap(group: TestLoops.group)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(CloseOnReadHandler())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        await #expect(throws: TransportError.closedWithoutAnswer) {
            _ = try await TransportClient.connect(
                host: "127.0.0.1", port: oldHost.localAddress!.port!, secret: Fixtures.editorSecret,
                group: TestLoops.group, onEvent: { _, _ in })
        }
        #expect(TransportError.closedWithoutAnswer.description.contains("update the older coedit"))
        try await oldHost.close()
    }
}

/// Closes the connection when the first bytes arrive, as a version 1–2 host does on a version 3 hello (whose varint
/// header and type read as a 4-byte length of 721,502,031 bytes).
private final class CloseOnReadHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.close(promise: nil)
    }
}
