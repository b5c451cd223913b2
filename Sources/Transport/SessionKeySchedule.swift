@preconcurrency import Crypto

/// Every key of one connection, derived from the session secret and both handshake nonces, and the two proofs.
///
/// ```
/// salt      = joiner nonce ‖ host nonce                                  (64 bytes)
/// authKey   = HKDF-SHA256(ikm: UTF-8(secret), salt, info: "coedit/1 auth", 32 bytes)
/// j2hKey    = HKDF-SHA256(ikm: UTF-8(secret), salt, info: "coedit/1 joiner to host", 32 bytes)
/// h2jKey    = HKDF-SHA256(ikm: UTF-8(secret), salt, info: "coedit/1 host to joiner", 32 bytes)
/// transcript  = joiner hello frame ‖ host hello frame                    (length prefixes included)
/// joinerProof = HMAC-SHA256(authKey, "coedit/1 joiner proof" ‖ transcript)
/// hostProof   = HMAC-SHA256(authKey, "coedit/1 host proof" ‖ transcript ‖ role byte ‖ joinerProof)
/// ```
/// Distinct labels keep a proof from being reflected as the other side's, and keep the two traffic directions
/// under different keys. Proof checks use swift-crypto's `HMAC.isValidAuthenticationCode`, which compares in
/// constant time.
public struct SessionKeySchedule: Sendable {
    /// HKDF `info` and HMAC labels (ASCII, no terminator).
    public enum Label {
        public static let authentication = "coedit/1 auth"
        public static let joinerToHost = "coedit/1 joiner to host"
        public static let hostToJoiner = "coedit/1 host to joiner"
        public static let joinerProof = "coedit/1 joiner proof"
        public static let hostProof = "coedit/1 host proof"
    }

    /// The HMAC key for both proofs.
    public let authenticationKey: SymmetricKey
    /// The ChaCha20-Poly1305 key for frames the joiner sends.
    public let joinerToHostKey: SymmetricKey
    /// The ChaCha20-Poly1305 key for frames the host sends.
    public let hostToJoinerKey: SymmetricKey

    /// Derives the keys for `secret` and the two nonces.
    public init(secret: SessionSecret, joinerNonce: HandshakeNonce, hostNonce: HandshakeNonce) {
        let material = SymmetricKey(data: secret.keyMaterial)
        let salt = joinerNonce.bytes + hostNonce.bytes
        func derive(_ label: String) -> SymmetricKey {
            HKDF<SHA256>.deriveKey(inputKeyMaterial: material, salt: salt, info: Array(label.utf8), outputByteCount: 32)
        }
        authenticationKey = derive(Label.authentication)
        joinerToHostKey = derive(Label.joinerToHost)
        hostToJoinerKey = derive(Label.hostToJoiner)
    }

    /// The joiner's proof over `transcript` (the two hello frames as sent, length prefixes included).
    public func joinerProof(transcript: [UInt8]) -> [UInt8] {
        mac(joinerProofInput(transcript: transcript))
    }

    /// The host's proof, which also binds the role it grants and the joiner proof it accepted.
    public func hostProof(transcript: [UInt8], role: PeerRole, joinerProof: [UInt8]) -> [UInt8] {
        mac(hostProofInput(transcript: transcript, role: role, joinerProof: joinerProof))
    }

    /// Whether `proof` is the joiner proof for `transcript` (constant-time comparison).
    public func isValidJoinerProof(_ proof: [UInt8], transcript: [UInt8]) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(proof, authenticating: joinerProofInput(transcript: transcript),
                                               using: authenticationKey)
    }

    /// Whether `proof` is the host proof for these inputs (constant-time comparison).
    public func isValidHostProof(_ proof: [UInt8], transcript: [UInt8], role: PeerRole, joinerProof: [UInt8]) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(
            proof, authenticating: hostProofInput(transcript: transcript, role: role, joinerProof: joinerProof),
            using: authenticationKey)
    }

    /// The session keys as seen by one side: hosts send with `hostToJoinerKey`, joiners with `joinerToHostKey`.
    func session(role: PeerRole, version: UInt16, isHost: Bool) -> EstablishedSession {
        EstablishedSession(
            role: role, version: version,
            sendKey: isHost ? hostToJoinerKey : joinerToHostKey,
            receiveKey: isHost ? joinerToHostKey : hostToJoinerKey)
    }

    private func joinerProofInput(transcript: [UInt8]) -> [UInt8] {
        Array(Label.joinerProof.utf8) + transcript
    }

    private func hostProofInput(transcript: [UInt8], role: PeerRole, joinerProof: [UInt8]) -> [UInt8] {
        Array(Label.hostProof.utf8) + transcript + [role.rawValue] + joinerProof
    }

    private func mac(_ input: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: input, using: authenticationKey))
    }
}

extension SymmetricKey {
    /// The raw key bytes (for test vectors and interoperability checks).
    public var rawBytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }
}
