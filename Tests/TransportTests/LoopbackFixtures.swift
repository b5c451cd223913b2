import NIOCore
import NIOPosix
import Testing
@testable import Transport

/// The host and joiner set-ups the loopback suites share: a host on 127.0.0.1 with an ephemeral port and the fixture
/// secrets, and a joiner of it.
protocol LoopbackFixtures {}

extension LoopbackFixtures {
    /// A host on 127.0.0.1 with an ephemeral port, the fixture secrets, and its log captured.
    func startHost(
        _ recorder: EventRecorder,
        log: LogRecord,
        configure: (inout ServerConfiguration) -> Void = { _ in }
    ) async throws -> TransportServer {
        var configuration = try ServerConfiguration(
            editorSecret: Fixtures.editorSecret, readOnlySecret: Fixtures.readOnlySecret)
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.session = Fixtures.options(logger: log.makeLogger(label: "host"))
        configure(&configuration)
        return try await TransportServer.start(configuration: configuration, group: TestLoops.group, onEvent: recorder.handler)
    }

    func join(
        port: Int,
        secret: SessionSecret = Fixtures.editorSecret,
        _ recorder: EventRecorder,
        configure: (inout ClientConfiguration) -> Void = { _ in }
    ) async throws(TransportError) -> PeerConnection {
        var configuration = ClientConfiguration()
        configuration.session = Fixtures.options(logger: LogRecord().makeLogger(label: "joiner"))
        configure(&configuration)
        return try await TransportClient.connect(
            host: "127.0.0.1", port: port, secret: secret, configuration: configuration, group: TestLoops.group,
            onEvent: recorder.handler)
    }
}
