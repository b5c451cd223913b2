import NIOCore
import Testing
@testable import Transport

/// A hand-driven joiner on a raw socket that sends sealed frames in the same write as its proof, before the host
/// has answered: they must reach the application in order, whether the host answers at once or after the
/// failed-attempt delay (when they wait in the handshake handler).
@Suite("Pipelined frames after the joiner proof")
struct PipeliningTests {
    @Test("frames sent with the proof are delivered, with and without a delayed answer", arguments: [false, true])
    func pipelined(afterFailure: Bool) async throws {
        let hostEvents = EventRecorder()
        let hostLog = LogRecord()
        var configuration = try ServerConfiguration(editorSecret: Fixtures.editorSecret)
        configuration.host = "127.0.0.1"
        configuration.port = 0
        // This joiner is driven by hand: its proof leaves when this test's task runs again after the host hello
        // arrived, which on a loaded machine can be seconds later (other suites' CPU-bound tests hold the
        // cooperative threads), while the host's handshake timeout counts from the accept on its own event loop.
        // With the usual 5 s a starved task found its connection closed ("the handshake timed out") and no hello
        // on it. What this test checks is not the timeout, so the host waits as long as the test itself may.
        configuration.session = Fixtures.options(logger: hostLog.makeLogger(), handshakeTimeout: .seconds(120))
        let server = try await TransportServer.start(
            configuration: configuration, group: TestLoops.group, onEvent: hostEvents.handler)
        if afterFailure {
            // One wrong secret from 127.0.0.1: the next answer to this address waits 250 ms.
            await #expect(throws: TransportError.wrongSecret) {
                var client = ClientConfiguration()
                client.session = Fixtures.options(logger: LogRecord().makeLogger())
                _ = try await TransportClient.connect(
                    host: "127.0.0.1", port: server.port, secret: Fixtures.wrongSecret, configuration: client,
                    group: TestLoops.group, onEvent: { _, _ in })
            }
        }

        let joinerNonce = Fixtures.nonce(77)
        var joiner = JoinerHandshake(secret: Fixtures.editorSecret, nonce: joinerNonce)
        let hello = try #require(firstSend(joiner.start()))
        let raw = try await RawClient.connect(port: server.port, opening: FrameFormat.framed(hello))
        try #require(
            await waitFor(seconds: 30) { raw.received.count >= 1 + 41 },
            "after failure: \(afterFailure); closed: \(raw.isClosed); bytes: \(raw.received.count); \(hostLog.all)")
        let hostHello = Array(raw.received[1..<42])
        guard case .hostHello(_, let hostNonce) = try HandshakeMessage.parse(hostHello) else {
            Issue.record("expected a host hello")
            return
        }
        let proof = try #require(firstSend(joiner.receive(hostHello)))
        let keys = SessionKeySchedule(secret: Fixtures.editorSecret, joinerNonce: joinerNonce, hostNonce: hostNonce)
        var sealer = FrameSealer(key: keys.joinerToHostKey)
        let payloads = ["premier ✓", "二番目", "third"].map { Array($0.utf8) }
        var burst = FrameFormat.framed(proof)
        for payload in payloads { burst += FrameFormat.framed(try sealer.seal(payload)) }
        raw.send(burst)

        #expect(
            await hostEvents.wait(seconds: 30, until: { $0.received.count == payloads.count }),
            "after failure: \(afterFailure)")
        #expect(hostEvents.received == payloads)
        #expect(hostEvents.connections.first?.role == .editor)
        try await server.close().get()
    }

    private func firstSend(_ effects: [HandshakeEffect]) -> [UInt8]? {
        for case .send(let bytes) in effects { return bytes }
        return nil
    }
}
