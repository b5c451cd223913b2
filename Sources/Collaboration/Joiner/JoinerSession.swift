import Logging
import NIOCore
import NIOPosix
import Synchronization
import Transport

/// How a joiner connects, and reconnects.
public struct JoinerConfiguration: Sendable {
    /// Connect timeout, handshake timeout, limits and logger of each connection. The inbound rate limit is
    /// `InboundRateLimit.relayedByHost`: the host's traffic grows with the number of participants.
    public var transport: ClientConfiguration = {
        var configuration = ClientConfiguration()
        configuration.session.inboundRateLimit = .relayedByHost
        return configuration
    }()
    /// The waits between reconnection attempts.
    public var reconnect = ReconnectPolicy()
    /// After this long without sending anything, the joiner sends a `ping` (so a joiner that only watches while
    /// others type is not taken for a vanished one by the host's `HostSessionConfiguration.silenceTimeout`).
    public var heartbeatInterval: Duration = .seconds(10)
    /// After this long without hearing from the host, the connection is considered dead and replaced.
    public var silenceTimeout: Duration = .seconds(30)
    /// Where the session logs connections, decoding errors and retries.
    public var logger = Logger(label: "coedit.joiner")
    /// The event loop that runs every connection, the heartbeat and the reconnection timer (nil: one of NIO's
    /// shared loops). An editor whose run loop is itself an event loop passes it, so that its sends are written
    /// at once and what the host sends is handled without waking another thread.
    public var eventLoop: (any EventLoop)?

    /// The loop the connections and timers run on.
    var loop: any EventLoop { eventLoop ?? MultiThreadedEventLoopGroup.singleton.next() }

    /// The defaults.
    public init() {}
}

/// A joiner's link to the host over TCP: connects, decodes the host's messages into a `CollaborationClient`'s
/// inbox, and when the connection is lost reconnects by itself with exponential backoff and jitter
/// (`ReconnectPolicy`), for as long as it is not closed.
///
/// Each connection is a new *generation*; the client ignores events of older ones. A payload that does not decode
/// is a broken host: the connection is closed and replaced. A connection that is silent for `silenceTimeout` (a
/// stalled network) is closed and replaced too; after `heartbeatInterval` without sending anything the joiner
/// pings, so that the host always hears from it.
///
/// Thread-safe: events are handled on NIO threads, `send` and `close` may be called from any thread.
public final class JoinerSession: UpstreamLink {
    private struct State {
        /// The generation of the newest connection attempt.
        var generation: UInt64 = 0
        /// The connection of that generation, once authenticated.
        var connection: PeerConnection?
        /// The message coding state of that connection.
        var codec: JoinerConnectionCodec?
        /// Failed attempts since the host last welcomed us.
        var failures = 0
        /// Whether `close()` was called.
        var closed = false
        /// When the host was last heard from (uptime nanoseconds).
        var lastHeard: UInt64 = 0
        /// When the joiner last sent the host anything (uptime nanoseconds).
        var lastSent: UInt64 = 0
        /// Why the current connection was closed by us, if it was.
        var closeReason: String?
        /// The heartbeat of the current connection.
        var heartbeat: RepeatedTask?
    }

    private let endpoint: TransportEndpoint
    private let secret: SessionSecret
    private let configuration: JoinerConfiguration
    private let inbox: EventInbox<LinkEvent>
    private let timer: any ReconnectTimer
    private let random: @Sendable () -> Double
    private let state = Mutex(State())

    private init(
        endpoint: TransportEndpoint, secret: SessionSecret, configuration: JoinerConfiguration,
        inbox: EventInbox<LinkEvent>, timer: any ReconnectTimer, random: @escaping @Sendable () -> Double
    ) {
        self.endpoint = endpoint
        self.secret = secret
        self.configuration = configuration
        self.inbox = inbox
        self.timer = timer
        self.random = random
    }

    /// Connects to the host at `endpoint` and attaches the session to `inbox` (a `CollaborationClient`'s).
    ///
    /// The first connection must succeed: its failure is returned as the `TransportError` to show (unknown host,
    /// refused, timed out, wrong secret, incompatible version, ...). After that, losing the host only starts the
    /// reconnection cycle. The caller attaches the result to the client (`client.attach(session)`).
    public static func connect(
        to endpoint: TransportEndpoint, secret: SessionSecret, inbox: EventInbox<LinkEvent>,
        configuration: JoinerConfiguration = JoinerConfiguration(), timer: (any ReconnectTimer)? = nil,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) -> EventLoopFuture<JoinerSession> {
        let session = JoinerSession(
            endpoint: endpoint, secret: secret, configuration: configuration, inbox: inbox,
            timer: timer ?? EventLoopTimer(loop: configuration.loop),
            random: random)
        return session.attempt().map { _ in session }
    }

    /// `connect` for async callers.
    public static func connect(
        to endpoint: TransportEndpoint, secret: SessionSecret, inbox: EventInbox<LinkEvent>,
        configuration: JoinerConfiguration = JoinerConfiguration(), timer: (any ReconnectTimer)? = nil,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) async throws(TransportError) -> JoinerSession {
        do {
            return try await connect(
                to: endpoint, secret: secret, inbox: inbox, configuration: configuration, timer: timer, random: random
            ).get()
        } catch let error as TransportError {
            throw error
        } catch {
            throw .connectFailed(endpoint.description, reason: "\(error)")
        }
    }

    public func send(_ message: HostBoundMessage, on generation: UInt64) {
        let link = state.withLock { state -> (PeerConnection, JoinerConnectionCodec)? in
            guard state.generation == generation, let connection = state.connection, let codec = state.codec else {
                return nil
            }
            state.lastSent = NIODeadline.now().uptimeNanoseconds
            return (connection, codec)
        }
        guard let (connection, codec) = link else { return }
        do {
            try codec.send(message, on: connection)
        } catch {
            configuration.logger.error("cannot send to the host: \(error)")
            drop(connection, generation: generation, reason: error.description)
        }
    }

    public func flush() {
        state.withLock { $0.connection }?.flush()
    }

    public func close() {
        let (connection, heartbeat) = state.withLock { state in
            state.closed = true
            return (state.connection, state.heartbeat)
        }
        heartbeat?.cancel()
        connection?.close()
    }

    /// How many attempts failed since the host last welcomed us (tests).
    var failureCount: Int { state.withLock { $0.failures } }

    // MARK: Connecting

    /// Starts a new connection attempt; the future fails with its `TransportError`.
    @discardableResult
    private func attempt() -> EventLoopFuture<PeerConnection> {
        let generation = state.withLock { state in
            state.generation += 1
            state.connection = nil
            state.codec = nil
            state.closeReason = nil
            return state.generation
        }
        let codec = JoinerConnectionCodec()
        let future = TransportClient.connect(
            to: endpoint, secret: secret, configuration: configuration.transport, group: configuration.loop
        ) { [self] connection, event in
            handle(event, on: connection, codec: codec, generation: generation)
        }
        return future.flatMapErrorThrowing { error in
            throw (error as? TransportError) ?? .connectFailed(self.endpoint.description, reason: "\(error)")
        }
    }

    /// Schedules the next attempt after the policy's delay.
    private func scheduleReconnect(reason: String) {
        let number = state.withLock { state -> Int? in
            guard !state.closed else { return nil }
            state.failures += 1
            return state.failures
        }
        guard let number else { return }
        let delay = configuration.reconnect.delay(attempt: number, unit: random())
        configuration.logger.info("reconnecting to \(endpoint) in \(delay) (attempt \(number)): \(reason)")
        inbox.post(.retrying(attempt: number, delay: delay, reason: reason))
        timer.schedule(after: delay) { [self] in
            guard !state.withLock({ $0.closed }) else { return }
            attempt().whenFailure { [self] error in
                scheduleReconnect(reason: (error as? TransportError)?.description ?? "\(error)")
            }
        }
    }

    // MARK: Events

    private func handle(
        _ event: PeerEvent, on connection: PeerConnection, codec: JoinerConnectionCodec, generation: UInt64
    ) {
        switch event {
        case .connected:
            let isCurrent = state.withLock { state -> Bool in
                guard !state.closed, state.generation == generation else { return false }
                state.connection = connection
                state.codec = codec
                state.lastHeard = NIODeadline.now().uptimeNanoseconds
                state.lastSent = state.lastHeard
                return true
            }
            guard isCurrent else { return connection.close() }
            startHeartbeat(for: connection, codec: codec, generation: generation)
            inbox.post(.connected(generation: generation, role: connection.role))
        case .received(let payload):
            state.withLock { $0.lastHeard = NIODeadline.now().uptimeNanoseconds }
            let message: JoinerBoundMessage
            do {
                message = try codec.decode(payload)
            } catch {
                configuration.logger.error("the host sent a malformed message: \(error)")
                return drop(connection, generation: generation, reason: "the host sent a malformed message")
            }
            if case .sync(.welcome) = message { state.withLock { $0.failures = 0 } }
            inbox.post(.received(generation: generation, message))
        case .closed(let error):
            let (isCurrent, ourReason, heartbeat) = state.withLock { state in
                let current = state.generation == generation && !state.closed
                if state.generation == generation { state.connection = nil }
                return (current, state.closeReason, state.heartbeat)
            }
            let reason = ourReason ?? error?.description ?? "the host closed the connection"
            if isCurrent { heartbeat?.cancel() }
            inbox.post(.disconnected(generation: generation, reason: reason))
            if isCurrent { scheduleReconnect(reason: reason) }
        }
    }

    /// Closes `connection` for `reason` (reported when its `closed` event arrives).
    private func drop(_ connection: PeerConnection, generation: UInt64, reason: String) {
        state.withLock { if $0.generation == generation { $0.closeReason = reason } }
        connection.close()
    }

    /// Pings the host after `heartbeatInterval` without sending, and drops the connection after `silenceTimeout`
    /// without hearing from it.
    private func startHeartbeat(for connection: PeerConnection, codec: JoinerConnectionCodec, generation: UInt64) {
        let interval = configuration.heartbeatInterval.timeAmount
        let timeout = configuration.silenceTimeout.uptimeNanoseconds
        let heartbeatNanoseconds = configuration.heartbeatInterval.uptimeNanoseconds
        let task = configuration.loop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { [self] task in
            let (current, lastHeard, lastSent) = state.withLock {
                ($0.generation == generation && !$0.closed, $0.lastHeard, $0.lastSent)
            }
            guard current else { return task.cancel() }
            let now = NIODeadline.now().uptimeNanoseconds
            let silence = now &- lastHeard
            if silence >= timeout {
                configuration.logger.warning("no word from the host for \(silence / 1_000_000) ms; reconnecting")
                drop(connection, generation: generation, reason: "the host stopped answering")
            } else if now &- lastSent >= heartbeatNanoseconds {
                state.withLock { if $0.generation == generation { $0.lastSent = now } }
                try? codec.send(.ping, on: connection)
            }
        }
        state.withLock { state in
            if state.generation == generation { state.heartbeat = task } else { task.cancel() }
        }
    }
}
