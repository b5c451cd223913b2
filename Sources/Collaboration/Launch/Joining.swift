import EditorCore
import Transport

/// Joining a shared document from a shell (`coedit FILE --join HOST:PORT`, `coedit-peer FILE --join ...`).
public enum Joining {
    /// The editor secret of the session listening at `endpoint` when it runs on this machine under this user and
    /// published itself in the runtime directory; nil otherwise (the shell then asks for the secret).
    public static func localSecret(
        for endpoint: TransportEndpoint, directory: SessionDirectory? = SessionDirectory.standard()
    ) -> SessionSecret? {
        guard LocalAddresses.isLocal(endpoint.host), let directory else { return nil }
        guard let record = directory.liveSessions().first(where: { $0.port == endpoint.port }) else { return nil }
        return try? SessionSecret(record.editorSecret)
    }

    /// `connect` for a caller that is not async (the editor's main thread): waits for the first connection.
    ///
    /// - Throws: the `TransportError` of the first connection attempt, or `WakePipe.Failure`.
    /// - Warning: never call it on an event-loop thread.
    public static func connectWaiting(
        to endpoint: TransportEndpoint, secret: SessionSecret, name: String,
        configuration: JoinerConfiguration = JoinerConfiguration()
    ) throws -> CollaborationClient {
        let client = try CollaborationClient(name: name)
        let future = JoinerSession.connect(
            to: endpoint, secret: secret, inbox: client.inbox, configuration: configuration)
        do {
            client.attach(try future.wait())
        } catch let error as TransportError {
            throw error
        } catch {
            throw TransportError.connectFailed(endpoint.description, reason: "\(error)")
        }
        return client
    }

    /// Handles the client's events until its welcome arrived (or `timeout` passed), taking each remote change's
    /// result as `text`; returns the events other than those changes, in order, for the caller to replay once its editor
    /// exists. Before the screen is taken over, so a failure is still a one-line error.
    ///
    /// - Throws: `JoinFailure` when no welcome came in time (a lost connection is retried meanwhile).
    public static func waitForWelcome(
        _ client: CollaborationClient, text: inout TextBuffer, timeout: Duration = .seconds(10)
    ) throws(JoinFailure) -> [CollaborationEvent] {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var kept: [CollaborationEvent] = []
        var lastProblem = ""
        while client.status != .live {
            let left = deadline - clock.now
            guard left > .zero else { throw JoinFailure("the host did not welcome us within \(timeout)\(lastProblem)") }
            client.wakePipe.wait(milliseconds: Int32(clamping: left.components.seconds * 1000 + 1))
            for event in client.process(buffer: text) {
                switch event {
                case .applyRemote(_, let result):
                    text = result
                case .statusChanged(.offline(let reason)):
                    lastProblem = " (the connection was lost: \(reason ?? "closed"))"
                default:
                    kept.append(event)
                }
            }
        }
        return kept
    }

    ///
    /// The first connection must succeed (its `TransportError` says why not, in one line: unknown host, refused,
    /// timed out, wrong secret, incompatible version...); later losses reconnect by themselves. The client is not
    /// live until its welcome arrives: run `process(buffer:)` until `status == .live` (with `wakePipe.wait`).
    public static func connect(
        to endpoint: TransportEndpoint, secret: SessionSecret, name: String,
        configuration: JoinerConfiguration = JoinerConfiguration()
    ) async throws -> CollaborationClient {
        let client = try CollaborationClient(name: name)
        let session = try await JoinerSession.connect(
            to: endpoint, secret: secret, inbox: client.inbox, configuration: configuration)
        client.attach(session)
        return client
    }
}

/// A join that failed after the connection was made (no welcome).
public struct JoinFailure: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
