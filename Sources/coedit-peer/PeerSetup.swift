import Collaboration
import Foundation
import Logging
import SyncEngine
import Transport

/// The peer sharing FILE: a `HostSession` plus its own in-process client driven by the script.
struct PeerHost {
    let command: PeerCommand
    let logger: Logger

    func run(documentPath: String) async throws -> PeerRunLoop.Outcome {
        let text = try Self.load(documentPath)
        let secret = try SessionSecret(command.givenSecret ?? SessionSecret.generate().text)
        let guest = try command.guestToken.map { (token) throws(TransportError) in try SessionSecret(token) }
        var server = try ServerConfiguration(editorSecret: secret, readOnlySecret: guest)
        if let listen = command.listen {
            try ListenAddress(parsing: listen).apply(to: &server)
        }
        server.session.logger = logger
        var configuration = HostSessionConfiguration(server: server)
        configuration.logger = logger
        let document = HostDocument(text: text, epoch: UInt64.random(in: 1...UInt64.max))
        let host = try await HostSession.start(document: document, configuration: configuration) { text, notice in
            try Data(text.utf8).write(to: URL(fileURLWithPath: documentPath), options: .atomic)
        }
        FileHandle.standardOutput.write(Data("listening \(host.localAddress)\n".utf8))
        if command.givenSecret == nil {
            let shown = "coedit \(URL(fileURLWithPath: documentPath).lastPathComponent) --join HOST:\(host.port) --token \(secret.text)"
            FileHandle.standardOutput.write(Data("join-command \(shown)\n".utf8))
        }
        var published: PublishedSession?
        if command.publish, let directory = SessionDirectory.standard() {
            published = try directory.publish(
                SessionRecord(
                    path: documentPath, host: "127.0.0.1", port: host.port, editorSecret: secret.text,
                    readOnlySecret: guest?.text))
        }
        let client = try host.makeLocalClient(name: command.name)
        let loop = PeerRunLoop(
            client: client, text: text, syncInterval: .milliseconds(command.syncInterval),
            waitTimeout: .milliseconds(command.waitTimeout), documentPath: documentPath, logger: logger)
        let outcome: PeerRunLoop.Outcome
        if let failure = loop.waitUntilLive(timeout: .seconds(10)) {
            outcome = .failed(failure)
        } else {
            outcome = loop.run()
        }
        client.close()
        published?.remove()
        await host.stop()
        return outcome
    }

    /// The document's text: empty when the file does not exist, an error when it is not UTF-8.
    static func load(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "" }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw PeerFailure("\(path) is not valid UTF-8")
        }
        return text
    }
}

/// The peer joining a session at `--join HOST:PORT`.
struct PeerJoiner {
    let command: PeerCommand
    let address: String
    let logger: Logger

    func run(documentPath: String) async throws -> PeerRunLoop.Outcome {
        let endpoint = try TransportEndpoint(parsing: address)
        let secret = try SessionSecret(try secretText(for: endpoint))
        let client = try CollaborationClient(name: command.name)
        var configuration = JoinerConfiguration()
        configuration.logger = logger
        configuration.transport.session.logger = logger
        let session = try await JoinerSession.connect(
            to: endpoint, secret: secret, inbox: client.inbox, configuration: configuration)
        client.attach(session)
        let loop = PeerRunLoop(
            client: client, text: "", syncInterval: .milliseconds(command.syncInterval),
            waitTimeout: .milliseconds(command.waitTimeout), documentPath: documentPath, logger: logger)
        if let failure = loop.waitUntilLive(timeout: .seconds(10)) {
            client.close()
            throw PeerFailure(failure)
        }
        let outcome = loop.run()
        client.close()
        return outcome
    }

    /// The secret from the command line or environment, else from a session published on this machine by this user.
    private func secretText(for endpoint: TransportEndpoint) throws -> String {
        if let given = command.givenSecret { return given }
        let local = ["127.0.0.1", "localhost", "::1"].contains(endpoint.host)
        if local, let record = SessionDirectory.standard()?.liveSessions().first(where: { $0.port == endpoint.port }) {
            return record.editorSecret
        }
        throw PeerFailure("no session secret: pass --token SECRET or set COEDIT_TOKEN")
    }
}
