import NIOCore
import Synchronization

/// What happens on one authenticated connection, delivered to the application's `PeerEventHandler`.
///
/// Per connection the order is: `connected` once, then any number of `received`, then `closed` once.
public enum PeerEvent: Sendable {
    /// The peer is authenticated; the connection is ready for `send`.
    case connected
    /// One payload, exactly as the peer passed it to `send`.
    case received([UInt8])
    /// The connection is closed: nil after an orderly close (by either side), else why it was dropped.
    case closed(TransportError?)
}

/// Receives the events of authenticated connections.
///
/// Threading: called on the connection's event-loop thread, serially for any one connection (different
/// connections may call concurrently from different threads). It must not block: hand the event to your own
/// thread, e.g. through an `EventInbox`.
public typealias PeerEventHandler = @Sendable (PeerConnection, PeerEvent) -> Void

/// One authenticated, encrypted connection between the host and a joiner, seen from either end.
///
/// Thread-safe: `send` and `close` may be called from any thread. Payloads are opaque bytes; each `send` arrives
/// as one `received` event on the other side, in order.
public final class PeerConnection: Sendable, Hashable, CustomStringConvertible {
    /// A connection's identity, unique within this process.
    public struct ID: Hashable, Sendable, CustomStringConvertible {
        /// The raw number (assigned in increasing order).
        public let value: UInt64
        public var description: String { "#\(value)" }
    }

    /// This connection's identity.
    public let id: ID
    /// The joiner's role (decided by the host from the secret the joiner proved).
    public let role: PeerRole
    /// The other end's address as `IP:PORT` (`[IPv6]:PORT`).
    public let remoteAddress: String
    /// The negotiated protocol version.
    public let protocolVersion: UInt16
    /// The largest payload `send` accepts (bytes).
    public let maximumPayloadLength: Int
    /// The underlying NIO channel (for tests and for the handlers; the application uses `send` and `close`).
    let channel: Channel
    /// Payloads sent from other threads that the event loop has not taken yet (one hop to the loop per burst).
    private let outbox = Mutex<[[UInt8]]>([])

    init(role: PeerRole, remoteAddress: String, protocolVersion: UInt16, maximumPayloadLength: Int, channel: Channel) {
        self.id = ID(value: nextConnectionID.withLock { value in
            value += 1
            return value
        })
        self.role = role
        self.remoteAddress = remoteAddress
        self.protocolVersion = protocolVersion
        self.maximumPayloadLength = maximumPayloadLength
        self.channel = channel
    }

    /// Queues `payload` to be sealed and sent. Returns at once (never blocks).
    ///
    /// The payloads sent during one tick of the connection's event loop (or, from another thread, sent before the
    /// loop takes them: one hop to the loop for the whole burst) leave together at the end of that tick, in one
    /// sealed frame when they fit (`FrameBundle`); the peer still receives each one as its own `received` event, in
    /// order.
    /// A send after the connection closed is dropped silently: the `closed` event has told (or will tell) the
    /// application. A peer that stops reading is dropped once `SessionOptions.sendQueueLimit` bytes are queued.
    /// - Throws: `TransportError.payloadTooLarge` when `payload` exceeds `maximumPayloadLength`.
    public func send(_ payload: [UInt8]) throws(TransportError) {
        guard payload.count <= maximumPayloadLength else {
            throw .payloadTooLarge(length: payload.count, limit: maximumPayloadLength)
        }
        if channel.eventLoop.inEventLoop {
            // What other threads sent before this payload goes first (their sends happened before).
            takeOutbox()
            return channel.write(channel.allocator.buffer(bytes: payload), promise: nil)
        }
        let isFirst = outbox.withLock { queued in
            queued.append(payload)
            return queued.count == 1
        }
        if isFirst { channel.eventLoop.execute { [self] in takeOutbox() } }
    }

    /// Writes the payloads other threads queued, in order (on the event loop).
    private func takeOutbox() {
        let queued = outbox.withLock { queued in
            defer { queued = [] }
            return queued
        }
        for payload in queued { channel.write(channel.allocator.buffer(bytes: payload), promise: nil) }
    }

    /// On the connection's event loop, seals and writes the payloads sent so far in this loop turn now, rather than
    /// at the end of the turn (`SealedFrameCodec` bundles a turn's payloads into one frame). Elsewhere it does
    /// nothing: payloads sent from other threads are written by a task of their own, sealed when it ends.
    public func flush() {
        guard channel.eventLoop.inEventLoop else { return }
        takeOutbox()
        channel.flush()
    }

    /// Closes the connection; the handler then receives `closed(nil)` (unless an error closed it first).
    public func close() {
        channel.close(promise: nil)
    }

    /// Whether the connection is still open.
    public var isActive: Bool { channel.isActive }

    /// Completes when the connection has closed.
    public var closeFuture: EventLoopFuture<Void> { channel.closeFuture }

    public var description: String { "peer \(id) \(remoteAddress) (\(role))" }

    public static func == (lhs: PeerConnection, rhs: PeerConnection) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

/// The last connection number handed out.
private let nextConnectionID = Mutex<UInt64>(0)

extension SocketAddress {
    /// `IP:PORT`, `[IPv6]:PORT`, or the description for other kinds of address.
    var displayString: String {
        guard let ip = ipAddress, let port else { return description }
        if case .v6 = self { return "[\(ip)]:\(port)" }
        return "\(ip):\(port)"
    }
}
