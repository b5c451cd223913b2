/// The joiner's side of the handshake as a pure state machine (values in, effects out; no I/O, no clock).
///
/// ```
/// start: send joiner hello
/// awaitingHello --host hello (version in range)--> send joiner proof --> awaitingProof
/// awaitingProof --host proof verifies--> finished (complete, with the role the host granted)
/// any state --refusal / bad message / bad host proof / expire--> finished (fail)
/// (expire before the host's hello: noHandshakeFromHost; after it: handshakeTimedOut)
/// ```
/// The host's proof proves the host knows the same secret, so a joiner never sends edits to an impostor.
public struct JoinerHandshake: HandshakeMachine {
    private enum State {
        case notStarted
        case awaitingHello(hello: [UInt8])
        case awaitingProof(keys: SessionKeySchedule, transcript: [UInt8], proof: [UInt8], version: UInt16)
        case finished
    }

    private let secret: SessionSecret
    private let supportedVersions: ClosedRange<UInt16>
    private let nonce: HandshakeNonce
    private var state = State.notStarted

    /// A joiner handshake proving knowledge of `secret`.
    ///
    /// - Parameter nonce: this connection's fresh joiner nonce (`HandshakeNonce.random()`, or fixed in tests).
    public init(
        secret: SessionSecret,
        supportedVersions: ClosedRange<UInt16> = ProtocolVersion.supported,
        nonce: HandshakeNonce
    ) {
        self.secret = secret
        self.supportedVersions = supportedVersions
        self.nonce = nonce
    }

    public var isFinished: Bool {
        if case .finished = state { return true }
        return false
    }

    public var isAwaitingProof: Bool { false }

    public mutating func start() -> [HandshakeEffect] {
        guard case .notStarted = state else { return [] }
        let hello = HandshakeMessage.joinerHello(versions: supportedVersions, nonce: nonce).encoded()
        state = .awaitingHello(hello: hello)
        return [.send(hello)]
    }

    public mutating func receive(_ payload: [UInt8]) -> [HandshakeEffect] {
        let message: HandshakeMessage
        switch state {
        case .finished:
            return []
        case .notStarted:
            return fail(.unexpectedMessage("the host spoke before the joiner's hello"))
        case .awaitingHello, .awaitingProof:
            do {
                message = try HandshakeMessage.parse(payload)
            } catch {
                return fail(error)
            }
        }
        if case .refusal(let refusal) = message {
            return fail(error(for: refusal))
        }
        switch (state, message) {
        case (.awaitingHello(let hello), .hostHello(let version, let hostNonce)):
            guard supportedVersions.contains(version) else {
                return fail(.incompatibleVersion(local: supportedVersions, remote: version...version))
            }
            let keys = SessionKeySchedule(secret: secret, joinerNonce: nonce, hostNonce: hostNonce)
            let transcript = FrameFormat.framed(hello) + FrameFormat.framed(payload)
            let proof = keys.joinerProof(transcript: transcript)
            state = .awaitingProof(keys: keys, transcript: transcript, proof: proof, version: version)
            return [.send(HandshakeMessage.joinerProof(proof).encoded())]
        case (.awaitingProof(let keys, let transcript, let proof, let version), .hostProof(let role, let hostProof)):
            guard keys.isValidHostProof(hostProof, transcript: transcript, role: role, joinerProof: proof) else {
                return fail(.hostNotAuthenticated)
            }
            state = .finished
            return [.complete(keys.session(role: role, version: version, isHost: false))]
        case (.awaitingHello, _):
            return fail(.unexpectedMessage("expected the host's hello"))
        default:
            return fail(.unexpectedMessage("expected the host's proof"))
        }
    }

    public static var firstInboundTypes: [UInt8] {
        [HandshakeMessage.Kind.hostHello.rawValue, HandshakeMessage.Kind.refusal.rawValue]
    }

    /// `closedWithoutAnswer` while the host has not said anything (an older coedit closes on a version 3 hello).
    public var closedError: TransportError {
        if case .awaitingHello = state { return .closedWithoutAnswer }
        return .closedDuringHandshake
    }

    /// A host answering in the framing of versions 1–2 speaks only those: incompatible.
    public mutating func receiveLegacy(_ payload: [UInt8]) -> [HandshakeEffect] {
        if isFinished { return [] }
        return fail(.incompatibleVersion(local: supportedVersions, remote: LegacyFraming.peerVersions(in: payload)))
    }

    /// The timeout: `noHandshakeFromHost` while the host has not said hello (nothing that answers the protocol
    /// came back), `handshakeTimedOut` once it has.
    public mutating func expire() -> [HandshakeEffect] {
        switch state {
        case .finished: return []
        case .notStarted, .awaitingHello: return fail(.noHandshakeFromHost)
        case .awaitingProof: return fail(.handshakeTimedOut)
        }
    }

    private mutating func fail(_ error: TransportError) -> [HandshakeEffect] {
        state = .finished
        return [.fail(error)]
    }

    /// The joiner-side error for a host's refusal.
    private func error(for refusal: Refusal) -> TransportError {
        switch refusal.code {
        case .wrongSecret: return .wrongSecret
        case .incompatibleVersion: return .incompatibleVersion(local: supportedVersions, remote: refusal.hostVersions)
        default: return .refused(message: refusal.message)
        }
    }
}
