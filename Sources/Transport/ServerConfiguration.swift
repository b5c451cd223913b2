/// How a `TransportServer` listens and whom it lets in.
public struct ServerConfiguration: Sendable {
    /// The address to listen on: all IPv4 interfaces by default.
    public var host = "0.0.0.0"
    /// The port to listen on. Nil (the default): `defaultPort`, or the next free one when it is taken. A port given
    /// here that is taken is an error (`TransportError.portInUse`).
    public var port: Int?
    /// The first port tried when `port` is nil.
    public var defaultPort = 7878
    /// How many consecutive ports are tried when `port` is nil.
    public var portSearchCount = 20
    /// The secret that makes a joiner an editor.
    public let editorSecret: SessionSecret
    /// The secret that makes a joiner a read-only guest; nil: no guests.
    public let readOnlySecret: SessionSecret?
    /// Limits, timeouts, logger.
    public var session = SessionOptions()
    /// How repeated wrong secrets from one address are slowed down.
    public var attemptPolicy = FailedAttemptLimiter.Policy()

    /// A configuration admitting editors with `editorSecret` and, optionally, read-only guests with `readOnlySecret`.
    ///
    /// - Throws: `TransportError.invalidSecret` when the two secrets are the same.
    public init(editorSecret: SessionSecret, readOnlySecret: SessionSecret? = nil) throws(TransportError) {
        if let readOnlySecret, readOnlySecret.hasSameKeyMaterial(as: editorSecret) {
            throw .invalidSecret("the read-only secret must differ from the editor secret")
        }
        self.editorSecret = editorSecret
        self.readOnlySecret = readOnlySecret
    }

    /// The ports to try, in order, and whether the port was given explicitly.
    var candidatePorts: (ports: [Int], explicit: Bool) {
        if let port { return ([port], true) }
        let last = min(65_535, defaultPort + max(1, portSearchCount) - 1)
        return (Array(defaultPort...max(defaultPort, last)), false)
    }
}
