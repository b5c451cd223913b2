@preconcurrency import Crypto

/// Protocol versions this build speaks.
public enum ProtocolVersion {
    /// The newest version this build speaks.
    public static let current: UInt16 = 4
    /// Every version this build speaks; the handshake settles on the highest one both sides support.
    public static let supported: ClosedRange<UInt16> = 4...4
}

/// What an authenticated joiner may do, decided by which secret its proof matched.
public enum PeerRole: UInt8, Sendable, CustomStringConvertible {
    /// Knows the editor secret: may edit.
    case editor = 0
    /// Knows the read-only guest secret: may watch (text, cursors) but not edit.
    case readOnly = 1

    public var description: String {
        switch self {
        case .editor: return "editor"
        case .readOnly: return "read-only"
        }
    }
}

/// A 32-byte handshake nonce, fresh and random for every connection on both sides.
public struct HandshakeNonce: Sendable, Equatable {
    /// Bytes in a nonce.
    public static let length = 32

    /// The nonce bytes (exactly `length` of them).
    public let bytes: [UInt8]

    /// A nonce with the given bytes, or nil unless there are exactly `length` of them.
    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.length else { return nil }
        self.bytes = bytes
    }

    /// A nonce drawn from `generator` (inject a seeded one in tests only).
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> HandshakeNonce {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(length)
        while bytes.count < length {
            var word = generator.next()
            for _ in 0..<8 {
                bytes.append(UInt8(truncatingIfNeeded: word))
                word >>= 8
            }
        }
        return HandshakeNonce(bytes: bytes)!
    }

    /// A nonce from the system's cryptographically secure generator (getrandom on Linux).
    public static func random() -> HandshakeNonce {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }
}

/// The outcome of a successful handshake: the peer's role, the version spoken and this side's traffic keys.
public struct EstablishedSession: Sendable {
    /// The joiner's role (on both sides).
    public let role: PeerRole
    /// The negotiated protocol version.
    public let version: UInt16
    /// The key this side seals its outbound frames with.
    public let sendKey: SymmetricKey
    /// The key this side opens inbound frames with.
    public let receiveKey: SymmetricKey
}

/// What a handshake state machine asks its driver to do, in order.
public enum HandshakeEffect: Sendable {
    /// Send this payload as one plaintext frame.
    case send([UInt8])
    /// The handshake succeeded; switch to sealed frames with these keys.
    case complete(EstablishedSession)
    /// The handshake failed; close the connection (after sending any `send` effect that came before).
    case fail(TransportError)
}

/// A side of the handshake as a pure state machine: bytes in, effects out, no I/O and no clock.
///
/// The driver calls `start()` once when the connection is up, `receive(_:)` for each inbound frame payload, and
/// `expire()` when its timeout fires. After a `complete` or `fail` effect the machine is finished and returns no
/// further effects.
public protocol HandshakeMachine {
    /// The effects of opening the handshake (the joiner's hello; nothing for the host).
    mutating func start() -> [HandshakeEffect]
    /// The effects of one inbound handshake frame payload.
    mutating func receive(_ payload: [UInt8]) -> [HandshakeEffect]
    /// The effects of a first inbound frame that came in the framing of versions 1–2 (`LegacyFraming`): the peer
    /// speaks only those versions, which this build does not; `payload` is what it said (for its version range).
    mutating func receiveLegacy(_ payload: [UInt8]) -> [HandshakeEffect]
    /// The effects of the handshake timeout: `fail(.handshakeTimedOut)` unless already finished.
    mutating func expire() -> [HandshakeEffect]
    /// Whether a `complete` or `fail` effect has been returned.
    var isFinished: Bool { get }
    /// The message types the peer's first frame may carry (the host expects a joiner hello; a joiner a host hello or
    /// a refusal).
    static var firstInboundTypes: [UInt8] { get }
    /// The error for the peer closing the connection now, before the handshake completed.
    var closedError: TransportError { get }
    /// Whether the next inbound frame is the joiner's proof (the host consults its failed-attempt limiter first).
    var isAwaitingProof: Bool { get }
}
