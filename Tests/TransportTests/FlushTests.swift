import Foundation
import NIOCore
import NIOPosix
import Testing

@testable import Transport

/// `PeerConnection.flush()`: on the connection's loop, what a turn sent leaves before the turn ends.
@Suite struct FlushTests: LoopbackFixtures {
    /// Sends `payload` in one task on the joiner's loop, flushing or not, then keeps that turn busy for up to
    /// `patience` waiting for the host to receive it; returns whether the host had it before the turn ended.
    private func arrivesDuringTheTurn(
        _ payload: [UInt8], flushing: Bool, patience: Duration, joiner: PeerConnection, host: EventRecorder
    ) async throws -> Bool {
        let before = host.received.count
        return try await joiner.channel.eventLoop.submit {
            try joiner.send(payload)
            if flushing { joiner.flush() }
            let clock = ContinuousClock()
            let deadline = clock.now + patience
            while clock.now < deadline {
                if host.received.count > before { return true }
                usleep(1_000)
            }
            return host.received.count > before
        }.get()
    }

    @Test("on its loop, flush() writes the turn's payloads at once; without it they leave when the turn ends")
    func flushWritesBeforeTheTurnEnds() async throws {
        let hostEvents = EventRecorder()
        let server = try await startHost(hostEvents, log: LogRecord())
        // The joiner on a loop of its own: blocking it must not block the host's side of the connection.
        let joinerLoop = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var configuration = ClientConfiguration()
        configuration.session = Fixtures.options(logger: LogRecord().makeLogger(label: "joiner"))
        let joiner = try await TransportClient.connect(
            host: "127.0.0.1", port: server.port, secret: Fixtures.editorSecret, configuration: configuration,
            group: joinerLoop, onEvent: EventRecorder().handler)

        let flushed = Array("envoyé tout de suite ✓ 今".utf8)
        #expect(try await arrivesDuringTheTurn(
            flushed, flushing: true, patience: .seconds(5), joiner: joiner, host: hostEvents))
        let bundled = Array("à la fin du tour 👍🏽".utf8)
        #expect(try await !arrivesDuringTheTurn(
            bundled, flushing: false, patience: .milliseconds(200), joiner: joiner, host: hostEvents))
        #expect(await hostEvents.wait { $0.received.count == 2 })
        #expect(hostEvents.received == [flushed, bundled])

        // Off the loop, flush does nothing and the payload still arrives (written by a task of its own).
        let fromElsewhere = Array("d'un autre fil — e\u{301}".utf8)
        try joiner.send(fromElsewhere)
        joiner.flush()
        #expect(await hostEvents.wait { $0.received.count == 3 })
        #expect(hostEvents.received.last == fromElsewhere)
        joiner.close()
        try await server.close().get()
        try await joinerLoop.shutdownGracefully()
    }
}
