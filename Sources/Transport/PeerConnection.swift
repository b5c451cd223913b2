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

    /// Queues `payload` to be sealed and sent as one frame. Returns at once (never blocks).
    ///
    /// A send after the connection closed is dropped silently: the `closed` event has told (or will tell) the
    /// application. A peer that stops reading is dropped once `SessionOptions.sendQueueLimit` bytes are queued.
    /// - Throws: `TransportError.payloadTooLarge` when `payload` exceeds `maximumPayloadLength`.
    public func send(_ payload: [UInt8]) throws(TransportError) {
        guard payload.count <= maximumPayloadLength else {
            throw .payloadTooLarge(length: payload.count, limit: maximumPayloadLength)
        }
        channel.writeAndFlush(channel.allocator.buffer(bytes: payload), promise: nil)
    }

    /// Closes the connection; the handler then receives `closed(nil)` (unless an error closed it first).
    public func close() {
        channel.close(promise: nil)
    }

    /// The event loop whose thread delivers this connection's events.
    public var eventLoop: EventLoop { channel.eventLoop }

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
