/// Every way a coedit connection can fail, each with a one-line message a person can act on.
///
/// The transport never traps on what a peer sends: malformed, oversized, truncated, tampered or replayed input
/// becomes one of these errors, the offending connection is closed, and the message says what went wrong.
/// `description` is the text to show the user or write to the log; it never contains a secret.
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    // MARK: Addresses, listening and connecting

    /// An address that is not `HOST:PORT` (or `[IPv6]:PORT`), or a port outside 1...65535.
    case invalidAddress(String, reason: String)
    /// The host name did not resolve to any address.
    case unknownHost(String)
    /// Nothing listens at the address (TCP connection refused).
    case connectionRefused(String)
    /// The TCP connection was not established within the connect timeout.
    case connectTimedOut(String)
    /// Any other failure to establish the TCP connection (network unreachable, ...).
    case connectFailed(String, reason: String)
    /// The port was given explicitly and another program already listens on it.
    case portInUse(Int)
    /// No port was given and every candidate port was taken.
    case noFreePort(ClosedRange<Int>)
    /// Listening failed for another reason (address not on this machine, permission denied, ...).
    case listenFailed(String, reason: String)
    /// A session secret that cannot be used (empty, or the read-only secret equal to the editor secret).
    case invalidSecret(String)

    // MARK: Handshake

    /// The joiner's proof matched neither the editor nor the read-only secret.
    case wrongSecret
    /// The two sides share no protocol version.
    case incompatibleVersion(local: ClosedRange<UInt16>, remote: ClosedRange<UInt16>)
    /// The host's proof did not verify: whatever answered does not know the session secret.
    case hostNotAuthenticated
    /// The first bytes were not a coedit handshake (wrong magic): some other program is on that port.
    case notACoeditPeer
    /// A handshake message with a wrong length or an invalid field.
    case malformedHandshake(String)
    /// A handshake message arrived in a state that does not expect it.
    case unexpectedMessage(String)
    /// The peer did not complete the handshake within the handshake timeout.
    case handshakeTimedOut
    /// The joiner heard no handshake from the host within the handshake timeout: something accepted the TCP
    /// connection but never answered (another kind of server, or a stalled one).
    case noHandshakeFromHost
    /// The peer closed the connection before the handshake completed.
    case closedDuringHandshake
    /// The host closed the connection before answering the joiner's hello at all: most likely an older coedit
    /// (versions 1–2 cannot read a version 3 hello and close without a word), or another kind of server.
    case closedWithoutAnswer
    /// The host refused the joiner for a reason other than the ones above; `message` is the host's text.
    case refused(message: String)

    // MARK: Frames

    /// A length prefix above the receiver's limit (bytes, payload only).
    case frameTooLarge(length: Int, limit: Int)
    /// The connection ended in the middle of a frame: `received` of `expected` bytes (header included).
    case truncatedFrame(received: Int, expected: Int)
    /// A frame's length header is not a valid varint (too long, above 2^32 − 1, or not minimal).
    case malformedFrameHeader(String)
    /// A sealed frame's plaintext is a bundle (`FrameBundle`) that does not parse: frame `counter`, what was wrong.
    case malformedBundle(counter: UInt64, reason: String)
    /// The application tried to send a payload above the largest one a frame can carry.
    case payloadTooLarge(length: Int, limit: Int)
    /// A sealed frame did not open: it was tampered with, replayed, reordered, truncated or sealed under another key.
    case frameAuthenticationFailed(counter: UInt64)
    /// 2^64 - 1 frames were sent in one direction; the connection must be re-established (never in practice).
    case counterExhausted

    // MARK: Flow control and teardown

    /// The peer did not read: more than `limit` bytes were waiting to be sent to it.
    case sendQueueOverflow(limit: Int)
    /// The peer sent frames faster than the inbound rate limit allows.
    case inboundRateExceeded
    /// The connection was lost (reset by the peer, broken pipe, ...).
    case connectionLost(String)

    public var description: String {
        switch self {
        case .invalidAddress(let address, let reason):
            return "invalid address \"\(address)\": \(reason)"
        case .unknownHost(let host):
            return "unknown host \"\(host)\""
        case .connectionRefused(let address):
            return "connection refused by \(address) (is a coedit session running there?)"
        case .connectTimedOut(let address):
            return "timed out connecting to \(address)"
        case .connectFailed(let address, let reason):
            return "cannot connect to \(address): \(reason)"
        case .portInUse(let port):
            return "port \(port) is already in use"
        case .noFreePort(let ports):
            return "no free port in \(ports.lowerBound)...\(ports.upperBound)"
        case .listenFailed(let address, let reason):
            return "cannot listen on \(address): \(reason)"
        case .invalidSecret(let reason):
            return "invalid session secret: \(reason)"
        case .wrongSecret:
            return "wrong session secret"
        case .incompatibleVersion(let local, let remote):
            return "incompatible protocol version: this side speaks \(Self.format(local)), "
                + "the other side \(Self.format(remote)); update the older coedit"
        case .hostNotAuthenticated:
            return "the host could not prove that it knows the session secret (not the real host?)"
        case .notACoeditPeer:
            return "the peer does not speak the coedit protocol"
        case .malformedHandshake(let detail):
            return "malformed handshake message: \(detail)"
        case .unexpectedMessage(let detail):
            return "unexpected handshake message: \(detail)"
        case .handshakeTimedOut:
            return "the handshake timed out"
        case .noHandshakeFromHost:
            return "timed out waiting for the host's handshake (is it a coedit host?)"
        case .closedDuringHandshake:
            return "the connection closed during the handshake"
        case .closedWithoutAnswer:
            return "the host closed the connection without answering (an older coedit that speaks another protocol "
                + "version? update the older coedit)"
        case .refused(let message):
            return "refused by the host: \(message)"
        case .frameTooLarge(let length, let limit):
            return "frame of \(length) bytes exceeds the limit of \(limit) bytes"
        case .truncatedFrame(let received, let expected):
            return "connection closed in the middle of a frame (\(received) of \(expected) bytes)"
        case .malformedFrameHeader(let detail):
            return "malformed frame header: \(detail)"
        case .malformedBundle(let counter, let reason):
            return "frame \(counter) carries a malformed bundle of messages: \(reason)"
        case .payloadTooLarge(let length, let limit):
            return "payload of \(length) bytes exceeds the limit of \(limit) bytes"
        case .frameAuthenticationFailed(let counter):
            return "frame \(counter) failed authentication (tampered, replayed, reordered or truncated)"
        case .counterExhausted:
            return "frame counter exhausted; reconnect"
        case .sendQueueOverflow(let limit):
            return "peer is not reading: more than \(limit) bytes waiting to be sent"
        case .inboundRateExceeded:
            return "peer sent messages faster than the rate limit"
        case .connectionLost(let reason):
            return "connection lost: \(reason)"
        }
    }

    private static func format(_ versions: ClosedRange<UInt16>) -> String {
        versions.lowerBound == versions.upperBound
            ? "version \(versions.lowerBound)" : "versions \(versions.lowerBound)–\(versions.upperBound)"
    }
}
