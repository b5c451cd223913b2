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
        var options = SharingOptions()
        options.secret = try command.givenSecret.map { (token) throws(TransportError) in try SessionSecret(token) }
        options.guestSecret = try command.guestToken.map { (token) throws(TransportError) in try SessionSecret(token) }
        options.listen = try command.listen.map { (text) throws(TransportError) in try ListenAddress(parsing: text) }
        options.publish = command.publish
        options.logger = logger
        let sharing = try await Sharing.start(documentPath: documentPath, text: text, options: options) { text, _ in
            try Data(text.utf8).write(to: URL(fileURLWithPath: documentPath), options: .atomic)
        }
        FileHandle.standardOutput.write(Data("listening \(sharing.session.localAddress)\n".utf8))
        if command.givenSecret == nil {
            let name = URL(fileURLWithPath: documentPath).lastPathComponent
            FileHandle.standardOutput.write(Data("join-command \(sharing.joinCommand(fileName: name))\n".utf8))
        }
        let client = try sharing.session.makeLocalClient(name: command.name)
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
        await sharing.stop()
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
        let secret = try secret(for: endpoint)
        var configuration = JoinerConfiguration()
        configuration.logger = logger
        configuration.transport.session.logger = logger
        let client = try await Joining.connect(to: endpoint, secret: secret, name: command.name, configuration: configuration)
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
    private func secret(for endpoint: TransportEndpoint) throws -> SessionSecret {
        if let given = command.givenSecret { return try SessionSecret(given) }
        if let local = Joining.localSecret(for: endpoint) { return local }
        throw PeerFailure("no session secret: pass --token SECRET or set COEDIT_TOKEN")
    }
}
