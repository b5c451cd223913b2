/// The host's side of the handshake as a pure state machine (values in, effects out; no I/O, no clock).
///
/// ```
/// awaitingHello --joiner hello--> awaitingProof --valid proof--> finished (complete: role by matching secret)
///       |                               |
///       +-- bad magic / no common version / wrong message / wrong proof / expire --> finished (fail)
/// ```
/// The joiner's role is decided by which secret its proof matches: the editor secret gives `.editor`, the
/// read-only secret `.readOnly`. Both proofs are always checked, each in constant time.
public struct HostHandshake: HandshakeMachine {
    private enum State {
        case awaitingHello
        case awaitingProof(Pending)
        case finished
    }

    /// What the host knows between its hello and the joiner's proof.
    private struct Pending {
        var transcript: [UInt8]
        var version: UInt16
        var editorKeys: SessionKeySchedule
        var readOnlyKeys: SessionKeySchedule?
    }

    private let editorSecret: SessionSecret
    private let readOnlySecret: SessionSecret?
    private let supportedVersions: ClosedRange<UInt16>
    private let nonce: HandshakeNonce
    private var state = State.awaitingHello

    /// A host handshake accepting `editorSecret` (role `.editor`) and, when given, `readOnlySecret` (`.readOnly`).
    ///
    /// - Parameter nonce: this connection's fresh host nonce (`HandshakeNonce.random()`, or fixed in tests).
    public init(
        editorSecret: SessionSecret,
        readOnlySecret: SessionSecret? = nil,
        supportedVersions: ClosedRange<UInt16> = ProtocolVersion.supported,
        nonce: HandshakeNonce
    ) {
        self.editorSecret = editorSecret
        self.readOnlySecret = readOnlySecret
        self.supportedVersions = supportedVersions
        self.nonce = nonce
    }

    public var isFinished: Bool {
        if case .finished = state { return true }
        return false
    }

    public var isAwaitingProof: Bool {
        if case .awaitingProof = state { return true }
        return false
    }

    public static var firstInboundTypes: [UInt8] { [HandshakeMessage.Kind.joinerHello.rawValue] }

    public var closedError: TransportError { .closedDuringHandshake }

    public mutating func start() -> [HandshakeEffect] { [] }

    public mutating func receive(_ payload: [UInt8]) -> [HandshakeEffect] {
        switch state {
        case .finished:
            return []
        case .awaitingHello:
            return receiveHello(payload)
        case .awaitingProof(let pending):
            return receiveProof(payload, pending: pending)
        }
    }

    /// Refuses a version 1–2 joiner with code 2 (incompatible version); the driver frames the refusal its way.
    public mutating func receiveLegacy(_ payload: [UInt8]) -> [HandshakeEffect] {
        guard case .awaitingHello = state else { return [] }
        let error = TransportError.incompatibleVersion(
            local: supportedVersions, remote: LegacyFraming.peerVersions(in: payload))
        return refuse(.incompatibleVersion, error.description, error: error)
    }

    public mutating func expire() -> [HandshakeEffect] {
        if isFinished { return [] }
        state = .finished
        return [.fail(.handshakeTimedOut)]
    }

    private mutating func receiveHello(_ payload: [UInt8]) -> [HandshakeEffect] {
        let message: HandshakeMessage
        do {
            message = try HandshakeMessage.parse(payload)
        } catch {
            return refuse(.protocolError, error.description, error: error)
        }
        guard case .joinerHello(let joinerVersions, let joinerNonce) = message else {
            return refuse(.protocolError, "expected a joiner hello", error: .unexpectedMessage("expected a joiner hello"))
        }
        guard let version = Self.negotiate(supportedVersions, joinerVersions) else {
            let error = TransportError.incompatibleVersion(local: supportedVersions, remote: joinerVersions)
            return refuse(.incompatibleVersion, error.description, error: error)
        }
        let hello = HandshakeMessage.hostHello(version: version, nonce: nonce).encoded()
        let transcript = FrameFormat.framed(payload) + FrameFormat.framed(hello)
        state = .awaitingProof(Pending(
            transcript: transcript,
            version: version,
            editorKeys: SessionKeySchedule(secret: editorSecret, joinerNonce: joinerNonce, hostNonce: nonce),
            readOnlyKeys: readOnlySecret.map {
                SessionKeySchedule(secret: $0, joinerNonce: joinerNonce, hostNonce: nonce)
            }))
        return [.send(hello)]
    }

    private mutating func receiveProof(_ payload: [UInt8], pending: Pending) -> [HandshakeEffect] {
        let message: HandshakeMessage
        do {
            message = try HandshakeMessage.parse(payload)
        } catch {
            return refuse(.protocolError, error.description, error: error)
        }
        guard case .joinerProof(let proof) = message else {
            return refuse(.protocolError, "expected a joiner proof", error: .unexpectedMessage("expected a joiner proof"))
        }
        // Check both secrets, always, so the time taken does not depend on which one (if any) matched.
        let isEditor = pending.editorKeys.isValidJoinerProof(proof, transcript: pending.transcript)
        let isReadOnly = pending.readOnlyKeys?.isValidJoinerProof(proof, transcript: pending.transcript) ?? false
        let matched: (PeerRole, SessionKeySchedule)
        if isEditor {
            matched = (.editor, pending.editorKeys)
        } else if isReadOnly, let keys = pending.readOnlyKeys {
            matched = (.readOnly, keys)
        } else {
            return refuse(.wrongSecret, TransportError.wrongSecret.description, error: .wrongSecret)
        }
        let (role, keys) = matched
        let hostProof = keys.hostProof(transcript: pending.transcript, role: role, joinerProof: proof)
        state = .finished
        return [
            .send(HandshakeMessage.hostProof(role: role, proof: hostProof).encoded()),
            .complete(keys.session(role: role, version: pending.version, isHost: true)),
        ]
    }

    private mutating func refuse(_ code: RefusalCode, _ message: String, error: TransportError) -> [HandshakeEffect] {
        state = .finished
        let refusal = Refusal(code: code, hostVersions: supportedVersions, message: message)
        return [.send(HandshakeMessage.refusal(refusal).encoded()), .fail(error)]
    }

    /// The highest version in both ranges, or nil when they do not overlap.
    static func negotiate(_ a: ClosedRange<UInt16>, _ b: ClosedRange<UInt16>) -> UInt16? {
        let low = max(a.lowerBound, b.lowerBound)
        let high = min(a.upperBound, b.upperBound)
        return low <= high ? high : nil
    }
}
