import Collaboration
import Foundation
import Logging
import Synchronization
import SyncEngine
import Transport

/// Secrets and helpers for loopback tests (127.0.0.1, ephemeral ports only).
enum Loopback {
    static let editorSecret = try! SessionSecret("rédacteur-秘密-✓")
    static let guestSecret = try! SessionSecret("invité-👀")

    /// A host on 127.0.0.1 with an ephemeral port, the given document configuration and log capture.
    static func startHost(
        text: String, log: LogLines, document: HostDocument.Configuration = HostDocument.Configuration(),
        store: any RevisionStore = InMemoryRevisionStore(), silenceTimeout: Duration = .seconds(45),
        saveHandler: SaveHandler? = nil
    ) async throws -> HostSession {
        var server = try ServerConfiguration(editorSecret: editorSecret, readOnlySecret: guestSecret)
        server.host = "127.0.0.1"
        server.port = 0
        server.session.logger = log.logger(label: "transport")
        server.session.handshakeTimeout = .seconds(5)
        var configuration = HostSessionConfiguration(server: server)
        configuration.document = document
        configuration.logger = log.logger(label: "host")
        configuration.silenceTimeout = silenceTimeout
        return try await HostSession.start(
            document: HostDocument(text: text, epoch: 0xC0ED17, configuration: document), configuration: configuration,
            store: store, saveHandler: saveHandler)
    }

    /// A joiner's configuration for tests: fast retries, the given heartbeat.
    static func joinerConfiguration(
        log: LogLines, heartbeat: Duration = .seconds(10), silence: Duration = .seconds(30)
    ) -> JoinerConfiguration {
        var configuration = JoinerConfiguration()
        configuration.reconnect = ReconnectPolicy(
            initialDelay: .milliseconds(20), maximumDelay: .milliseconds(200), multiplier: 2, jitter: 0.5)
        configuration.heartbeatInterval = heartbeat
        configuration.silenceTimeout = silence
        configuration.transport.connectTimeout = .seconds(2)
        configuration.logger = log.logger(label: "joiner")
        configuration.transport.session.logger = log.logger(label: "joiner-transport")
        return configuration
    }

    /// A joiner editor connected to 127.0.0.1:`port`.
    static func join(
        port: Int, name: String, secret: SessionSecret = editorSecret, text: String = "",
        configuration: JoinerConfiguration
    ) async throws -> TestEditor {
        let client = try CollaborationClient(name: name)
        let endpoint = try TransportEndpoint(host: "127.0.0.1", port: port)
        let session = try await JoinerSession.connect(
            to: endpoint, secret: secret, inbox: client.inbox, configuration: configuration)
        client.attach(session)
        return TestEditor(label: name, client: client, text: text)
    }
}

/// Log lines captured from every logger of a test, for assertions on what was logged.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])

    func logger(label: String) -> Logger {
        var logger = Logger(label: label) { _ in Handler(record: self) }
        logger.logLevel = .debug
        return logger
    }

    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
    func contains(_ text: String) -> Bool { all.contains { $0.contains(text) } }

    private struct Handler: LogHandler {
        let record: LogLines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            record.append("\(event.level) \(event.message)")
        }
    }
}
