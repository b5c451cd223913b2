#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOPosix

/// How a joiner connects.
public struct ClientConfiguration: Sendable {
    /// How long establishing the TCP connection may take (the handshake has its own timeout in `session`).
    public var connectTimeout: TimeAmount = .seconds(10)
    /// Limits, timeouts, logger.
    public var session = SessionOptions()
    /// Replaces the system resolver (tests simulate unknown hosts with it).
    var makeResolver: (@Sendable (EventLoop) -> Resolver & Sendable)?

    /// The defaults: 10 s to connect, 10 s to authenticate.
    public init() {}
}

/// The joiner's side: connects to a host, runs the handshake, and returns an authenticated `PeerConnection`.
///
/// ```swift
/// let endpoint = try TransportEndpoint(parsing: "192.168.1.5:7878")       // .invalidAddress on typos
/// let host = try TransportClient.connect(to: endpoint, secret: secret) { inbox.post(($0, $1)) }.wait()
/// // host.role is .editor or .readOnly; failures throw a TransportError whose description is the message to show
/// ```
///
/// Threading: `onEvent` is called on the connection's event-loop thread, serially (see `PeerEventHandler`); it
/// receives `connected` before the returned future completes.
public enum TransportClient {
    /// Connects to `host:port` and authenticates with `secret`.
    ///
    /// - Throws: `TransportError`: `.invalidAddress`, `.unknownHost`, `.connectionRefused`, `.connectTimedOut`,
    ///   `.connectFailed`, `.wrongSecret`, `.incompatibleVersion`, `.hostNotAuthenticated`, `.noHandshakeFromHost`
    ///   (nothing answered before the handshake timeout), `.handshakeTimedOut`, `.refused`, `.notACoeditPeer`,
    ///   `.closedDuringHandshake`, ...
    public static func connect(
        host: String,
        port: Int,
        secret: SessionSecret,
        configuration: ClientConfiguration = ClientConfiguration(),
        group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        onEvent: @escaping PeerEventHandler
    ) async throws(TransportError) -> PeerConnection {
        let endpoint = try TransportEndpoint(host: host, port: port)
        do {
            return try await connect(to: endpoint, secret: secret, configuration: configuration, group: group,
                                     onEvent: onEvent).get()
        } catch {
            throw TransportError(channelError: error)
        }
    }

    /// Connects to `endpoint` and authenticates with `secret`; for callers that are not async (`.wait()` works
    /// from any thread that is not an event loop). The future fails with a `TransportError`.
    public static func connect(
        to endpoint: TransportEndpoint,
        secret: SessionSecret,
        configuration: ClientConfiguration = ClientConfiguration(),
        group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        onEvent: @escaping PeerEventHandler
    ) -> EventLoopFuture<PeerConnection> {
        let loop = group.next()
        let authenticated = loop.makePromise(of: PeerConnection.self)
        let options = configuration.session
        var bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(configuration.connectTimeout)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelOption(.writeBufferWaterMark, value: options.waterMark)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let machine = JoinerHandshake(
                        secret: secret, supportedVersions: options.supportedVersions, nonce: .random())
                    try SessionPipeline.addHandshake(
                        to: channel, machine: machine, options: options, gate: nil, onEvent: onEvent,
                        onAuthenticated: { authenticated.succeed($0) },
                        onFailure: { error, address in
                            options.logger.warning("handshake with \(address) failed: \(error)")
                            authenticated.fail(joinerError(for: error))
                        })
                }
            }
        if let makeResolver = configuration.makeResolver {
            bootstrap = bootstrap.resolver(makeResolver(loop))
        }
        bootstrap.connect(host: endpoint.host, port: endpoint.port).whenFailure { error in
            authenticated.fail(connectError(error, endpoint: endpoint))
        }
        return authenticated.futureResult
    }

    /// The error a joiner reports for a failed handshake: an oversized first frame means the other program does
    /// not speak coedit at all (an SSH banner's first 4 bytes read as a length of about 1.4 GB).
    static func joinerError(for error: TransportError) -> TransportError {
        if case .frameTooLarge = error { return .notACoeditPeer }
        return error
    }

    /// The `TransportError` for a failure to establish the TCP connection to `endpoint`.
    static func connectError(_ error: Error, endpoint: TransportEndpoint) -> TransportError {
        switch error {
        case let error as TransportError:
            return error
        case let error as NIOConnectionError:
            let failures = error.connectionErrors.map(\.error)
            guard !failures.isEmpty else { return .unknownHost(endpoint.host) }
            if failures.contains(where: isRefusal) { return .connectionRefused(endpoint.description) }
            return connectError(failures[0], endpoint: endpoint)
        case ChannelError.connectTimeout:
            return .connectTimedOut(endpoint.description)
        case let error where isRefusal(error):
            return .connectionRefused(endpoint.description)
        case is SocketAddressError, is SocketAddressError.UnknownHost:
            return .unknownHost(endpoint.host)
        case let error as IOError:
            return .connectFailed(endpoint.description, reason: error.description)
        default:
            return .connectFailed(endpoint.description, reason: String(describing: error))
        }
    }

    private static func isRefusal(_ error: Error) -> Bool {
        (error as? IOError)?.errnoCode == ECONNREFUSED
    }
}
