import Transport

/// What the network side (a `JoinerSession`, or the host's in-process link) tells a `CollaborationClient`.
///
/// Posted from any thread into the client's `EventInbox`; the client handles them on its own thread. Every
/// connection gets a new, increasing `generation`; a client acts only on events of its current connection, so a
/// message that was in flight on a connection that has since been replaced is never applied.
public enum LinkEvent: Sendable {
    /// A connection to the host is up and authenticated with `role`.
    case connected(generation: UInt64, role: PeerRole)
    /// A message from the host on connection `generation`.
    case received(generation: UInt64, JoinerBoundMessage)
    /// Connection `generation` is gone (`reason` nil after an orderly close).
    case disconnected(generation: UInt64, reason: String?)
    /// The link will try to reconnect after `delay` (the `attempt`-th try since the connection was lost).
    case retrying(attempt: Int, delay: Duration, reason: String)
}

/// The way up from a `CollaborationClient` to the host: a `JoinerSession` (TCP) or the host's in-process link.
///
/// Thread-safe; `send` never blocks.
public protocol UpstreamLink: AnyObject, Sendable {
    /// Sends `message` on connection `generation`, or drops it when that connection is no longer the current one.
    func send(_ message: HostBoundMessage, on generation: UInt64)
    /// Ends the link for good: closes the connection and stops reconnecting.
    func close()
    /// Writes what the calling thread sent in its current event-loop turn now, instead of at the end of the turn
    /// (where the transport bundles a turn's messages into one frame): for a run loop about to do slower work,
    /// such as drawing, before its turn ends. Nothing to do for a link whose sends are not bundled.
    func flush()
}
