#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// The host's listener: accepts TCP connections, authenticates each joiner, and hands the application
/// authenticated `PeerConnection`s through its `PeerEventHandler`.
///
/// ### Usage from a run loop on another thread
/// ```swift
/// let inbox = EventInbox<(PeerConnection, PeerEvent)>(wake: { wakeRunLoop() })   // e.g. write to a self-pipe
/// var configuration = try ServerConfiguration(editorSecret: secret, readOnlySecret: guestSecret)
/// configuration.session.logger = fileLogger
/// let server = try TransportServer.bind(configuration: configuration) { inbox.post(($0, $1)) }.wait()
/// // run loop: for (peer, event) in inbox.drain() { ... try peer.send(bytes) ... }
/// // on quit:  try server.close().wait()
/// ```
///
/// Threading: the handler is called on the connections' event-loop threads (serially per connection, see
/// `PeerEventHandler`); every method here is thread-safe. `wait()` must not be called on an event-loop thread.
public final class TransportServer: Sendable {
    /// The port actually listened on.
    public let port: Int
    /// The address actually listened on, as `IP:PORT`.
    public let localAddress: String
    private let listener: Channel
    private let registry: ConnectionRegistry

    private init(listener: Channel, registry: ConnectionRegistry) {
        self.listener = listener
        self.registry = registry
        self.port = listener.localAddress?.port ?? 0
        self.localAddress = listener.localAddress?.displayString ?? "unknown address"
    }

    /// Starts listening as `configuration` says; `onEvent` receives every authenticated connection's events.
    ///
    /// - Throws: `TransportError.portInUse` (explicit port taken), `.noFreePort`, `.listenFailed`.
    public static func start(
        configuration: ServerConfiguration,
        group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        onEvent: @escaping PeerEventHandler
    ) async throws(TransportError) -> TransportServer {
        let registry = ConnectionRegistry()
        let bootstrap = makeBootstrap(configuration: configuration, group: group, registry: registry, onEvent: onEvent)
        let (ports, explicit) = configuration.candidatePorts
        for port in ports {
            do {
                let listener = try await bootstrap.bind(host: configuration.host, port: port).get()
                let server = TransportServer(listener: listener, registry: registry)
                configuration.session.logger.info("listening on \(server.localAddress)")
                return server
            } catch let error as IOError where error.errnoCode == EADDRINUSE {
                if explicit { throw .portInUse(port) }
            } catch {
                throw .listenFailed("\(configuration.host):\(port)", reason: describe(error))
            }
        }
        throw .noFreePort(ports.first!...ports.last!)
    }

    /// `start` for callers that are not async: the future completes on an event loop of `group`.
    public static func bind(
        configuration: ServerConfiguration,
        group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        onEvent: @escaping PeerEventHandler
    ) -> EventLoopFuture<TransportServer> {
        group.next().makeFutureWithTask {
            try await start(configuration: configuration, group: group, onEvent: onEvent)
        }
    }

    /// The authenticated connections open right now.
    public var connections: [PeerConnection] { registry.authenticated }

    /// Stops listening and closes every connection (authenticated or not). Each authenticated one gets `closed`.
    public func close() -> EventLoopFuture<Void> {
        let channels = registry.allChannels
        let listenerClosed = listener.close()
        let futures = [listenerClosed] + channels.map { $0.close() }
        return EventLoopFuture.whenAllComplete(futures, on: listener.eventLoop).map { _ in () }
    }

    private static func makeBootstrap(
        configuration: ServerConfiguration,
        group: EventLoopGroup,
        registry: ConnectionRegistry,
        onEvent: @escaping PeerEventHandler
    ) -> ServerBootstrap {
        let options = configuration.session
        let logger = options.logger
        let gate = AttemptGate(policy: configuration.attemptPolicy)
        let editorSecret = configuration.editorSecret
        let readOnlySecret = configuration.readOnlySecret
        let trackingHandler: PeerEventHandler = { connection, event in
            registry.note(event, on: connection)
            onEvent(connection, event)
        }
        return ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 128)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(.writeBufferWaterMark, value: options.waterMark)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    registry.track(channel)
                    let machine = HostHandshake(
                        editorSecret: editorSecret, readOnlySecret: readOnlySecret,
                        supportedVersions: options.supportedVersions, nonce: .random())
                    try SessionPipeline.addHandshake(
                        to: channel, machine: machine, options: options, gate: gate, onEvent: trackingHandler,
                        onAuthenticated: { connection in
                            logger.info("joiner authenticated as \(connection.role)",
                                        metadata: ["peer": "\(connection)"])
                        },
                        onFailure: { error, address in
                            var metadata: Logger.Metadata = ["address": "\(address)"]
                            if error == .wrongSecret, let ip = channel.remoteAddress?.ipAddress {
                                metadata["failures"] = "\(gate.failures(from: ip))"
                            }
                            logger.warning("refused joiner \(address): \(error)", metadata: metadata)
                        })
                }
            }
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case let error as IOError where error.errnoCode == EADDRNOTAVAIL:
            return "the address is not on this machine"
        case let error as IOError where error.errnoCode == EACCES:
            return "permission denied"
        case let error as IOError:
            return error.description
        default:
            return String(describing: error)
        }
    }
}

/// The server's channels (to close them all) and its authenticated connections (thread-safe).
private final class ConnectionRegistry: Sendable {
    private let channels = Mutex<[ObjectIdentifier: Channel]>([:])
    private let peers = Mutex<[PeerConnection.ID: PeerConnection]>([:])

    func track(_ channel: Channel) {
        let key = ObjectIdentifier(channel)
        channels.withLock { $0[key] = channel }
        channel.closeFuture.whenComplete { [self] _ in
            _ = channels.withLock { $0.removeValue(forKey: key) }
        }
    }

    func note(_ event: PeerEvent, on connection: PeerConnection) {
        switch event {
        case .connected: peers.withLock { $0[connection.id] = connection }
        case .closed: _ = peers.withLock { $0.removeValue(forKey: connection.id) }
        case .received: break
        }
    }

    var allChannels: [Channel] { channels.withLock { Array($0.values) } }
    var authenticated: [PeerConnection] {
        peers.withLock { $0.values.sorted { $0.id.value < $1.id.value } }
    }
}
