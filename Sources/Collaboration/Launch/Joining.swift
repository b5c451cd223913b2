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

    /// Connects to the host at `endpoint` and returns a client attached to the new `JoinerSession`.
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
