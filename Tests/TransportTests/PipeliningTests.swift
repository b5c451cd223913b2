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
        var configuration = try ServerConfiguration(editorSecret: Fixtures.editorSecret)
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.session = Fixtures.options(logger: LogRecord().makeLogger())
        let server = try await TransportServer.start(configuration: configuration, onEvent: hostEvents.handler)
        if afterFailure {
            // One wrong secret from 127.0.0.1: the next answer to this address waits 250 ms.
            await #expect(throws: TransportError.wrongSecret) {
                var client = ClientConfiguration()
                client.session = Fixtures.options(logger: LogRecord().makeLogger())
                _ = try await TransportClient.connect(host: "127.0.0.1", port: server.port, secret: Fixtures.wrongSecret,
                                                      configuration: client, onEvent: { _, _ in })
            }
        }

        let raw = try await RawClient.connect(port: server.port)
        let joinerNonce = Fixtures.nonce(77)
        var joiner = JoinerHandshake(secret: Fixtures.editorSecret, nonce: joinerNonce)
        raw.send(FrameFormat.framed(try #require(firstSend(joiner.start()))))
        // Generous: a loaded 2-core CI machine can take seconds to schedule the host; stop here rather than read
        // past what arrived.
        try #require(await waitFor(seconds: 30) { raw.received.count >= 4 + 41 }, "after failure: \(afterFailure)")
        let hostHello = Array(raw.received[4..<45])
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
            await hostEvents.wait(seconds: 30, until: { $0.received.count == payloads.count }), "after failure: \(afterFailure)")
        #expect(hostEvents.received == payloads)
        #expect(hostEvents.connections.first?.role == .editor)
        try await server.close().get()
    }

    private func firstSend(_ effects: [HandshakeEffect]) -> [UInt8]? {
        for case .send(let bytes) in effects { return bytes }
        return nil
    }
}
