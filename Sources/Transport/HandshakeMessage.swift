/// The handshake messages, each carried as the payload of one plaintext frame, and their byte layouts.
///
/// All integers are big-endian. The first byte is the message type. Hellos may carry trailing bytes after the
/// fields defined here (reserved for later versions: ignored, but part of the transcript); proofs must have
/// exactly their length. Layouts are in Docs/protocol.md.
public enum HandshakeMessage: Sendable, Equatable {
    /// Joiner → host, first: the versions the joiner speaks and its nonce.
    case joinerHello(versions: ClosedRange<UInt16>, nonce: HandshakeNonce)
    /// Host → joiner: the chosen version and the host's nonce.
    case hostHello(version: UInt16, nonce: HandshakeNonce)
    /// Joiner → host: HMAC proof that the joiner knows a session secret.
    case joinerProof([UInt8])
    /// Host → joiner: the joiner's role and the HMAC proof that the host knows the same secret.
    case hostProof(role: PeerRole, proof: [UInt8])
    /// Host → joiner, instead of a hello or a host proof: why the joiner is refused. The host closes afterwards.
    case refusal(Refusal)

    /// The 6-byte protocol magic, ASCII "COEDIT".
    public static let magic: [UInt8] = Array("COEDIT".utf8)
    /// Bytes in an HMAC-SHA256 proof.
    public static let proofLength = 32
    /// The longest refusal text sent (UTF-8 bytes); longer text is cut at a scalar boundary.
    public static let maximumRefusalTextLength = 512

    /// Message type bytes.
    enum Kind: UInt8 {
        case joinerHello = 0x01
        case hostHello = 0x02
        case joinerProof = 0x03
        case hostProof = 0x04
        case refusal = 0x05
    }

    /// The frame payload for this message.
    public func encoded() -> [UInt8] {
        switch self {
        case .joinerHello(let versions, let nonce):
            return [Kind.joinerHello.rawValue] + Self.magic + Self.bytes(of: versions.lowerBound)
                + Self.bytes(of: versions.upperBound) + nonce.bytes
        case .hostHello(let version, let nonce):
            return [Kind.hostHello.rawValue] + Self.magic + Self.bytes(of: version) + nonce.bytes
        case .joinerProof(let proof):
            return [Kind.joinerProof.rawValue] + proof
        case .hostProof(let role, let proof):
            return [Kind.hostProof.rawValue, role.rawValue] + proof
        case .refusal(let refusal):
            return [Kind.refusal.rawValue, refusal.code.rawValue] + Self.bytes(of: refusal.hostVersions.lowerBound)
                + Self.bytes(of: refusal.hostVersions.upperBound) + Self.truncatedUTF8(refusal.message)
        }
    }

    /// Parses one handshake frame payload.
    ///
    /// - Throws: `TransportError.notACoeditPeer` for an unknown type byte or a wrong magic in a hello,
    ///   `TransportError.malformedHandshake` (saying which field) for wrong lengths or invalid fields.
    public static func parse(_ payload: [UInt8]) throws(TransportError) -> HandshakeMessage {
        var reader = ByteReader(payload)
        guard let typeByte = reader.readByte(), let kind = Kind(rawValue: typeByte) else {
            throw .notACoeditPeer
        }
        switch kind {
        case .joinerHello:
            try reader.expectMagic()
            let low = try reader.readUInt16(field: "joiner hello minimum version")
            let high = try reader.readUInt16(field: "joiner hello maximum version")
            guard low <= high else {
                throw .malformedHandshake("joiner hello version range \(low)...\(high) is empty")
            }
            let nonce = try reader.readNonce(field: "joiner hello nonce")
            return .joinerHello(versions: low...high, nonce: nonce)
        case .hostHello:
            try reader.expectMagic()
            let version = try reader.readUInt16(field: "host hello version")
            let nonce = try reader.readNonce(field: "host hello nonce")
            return .hostHello(version: version, nonce: nonce)
        case .joinerProof:
            let proof = try reader.readRest(exactly: proofLength, field: "joiner proof")
            return .joinerProof(proof)
        case .hostProof:
            guard let roleByte = reader.readByte() else { throw .malformedHandshake("host proof has no role byte") }
            guard let role = PeerRole(rawValue: roleByte) else {
                throw .malformedHandshake("host proof role byte \(roleByte) is not 0 or 1")
            }
            let proof = try reader.readRest(exactly: proofLength, field: "host proof")
            return .hostProof(role: role, proof: proof)
        case .refusal:
            guard let codeByte = reader.readByte() else { throw .malformedHandshake("refusal has no reason code") }
            let low = try reader.readUInt16(field: "refusal minimum version")
            let high = try reader.readUInt16(field: "refusal maximum version")
            guard low <= high else { throw .malformedHandshake("refusal version range \(low)...\(high) is empty") }
            let text = String(decoding: reader.rest(), as: UTF8.self)
            return .refusal(Refusal(code: RefusalCode(rawValue: codeByte), hostVersions: low...high, message: text))
        }
    }

    private static func bytes(of value: UInt16) -> [UInt8] {
        [UInt8(value >> 8), UInt8(value & 0xFF)]
    }

    /// The UTF-8 bytes of `text`, cut to at most `maximumRefusalTextLength` at a scalar boundary.
    private static func truncatedUTF8(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        for scalar in text.unicodeScalars {
            let encoded = Array(String(scalar).utf8)
            if bytes.count + encoded.count > maximumRefusalTextLength { break }
            bytes += encoded
        }
        return bytes
    }
}

/// Why a host refused a joiner, with the host's supported versions and a human-readable message.
public struct Refusal: Sendable, Equatable {
    /// The machine-readable reason.
    public var code: RefusalCode
    /// The versions the host speaks (so a joiner can report a version mismatch precisely).
    public var hostVersions: ClosedRange<UInt16>
    /// Text for the joiner to show (UTF-8 on the wire, at most 512 bytes).
    public var message: String

    /// A refusal with the given fields.
    public init(code: RefusalCode, hostVersions: ClosedRange<UInt16>, message: String) {
        self.code = code
        self.hostVersions = hostVersions
        self.message = message
    }
}

/// Refusal reason codes (one byte on the wire). Unknown codes are kept, and their message shown.
public struct RefusalCode: RawRepresentable, Sendable, Equatable, Hashable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The joiner's proof matched no session secret.
    public static let wrongSecret = RefusalCode(rawValue: 1)
    /// No protocol version in common.
    public static let incompatibleVersion = RefusalCode(rawValue: 2)
    /// The joiner sent something that is not a valid handshake message at that point.
    public static let protocolError = RefusalCode(rawValue: 3)
    /// Too many failed attempts from the joiner's address; try again later.
    public static let tooManyAttempts = RefusalCode(rawValue: 4)
}

/// A cursor over handshake bytes that throws instead of trapping when a field is missing.
private struct ByteReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func readByte() -> UInt8? {
        guard offset < bytes.count else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func read(_ count: Int, field: String) throws(TransportError) -> [UInt8] {
        guard bytes.count - offset >= count else {
            throw .malformedHandshake("\(field) needs \(count) bytes at offset \(offset), \(bytes.count - offset) left")
        }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func expectMagic() throws(TransportError) {
        guard bytes.count - offset >= HandshakeMessage.magic.count,
            Array(bytes[offset..<offset + HandshakeMessage.magic.count]) == HandshakeMessage.magic
        else { throw .notACoeditPeer }
        offset += HandshakeMessage.magic.count
    }

    mutating func readUInt16(field: String) throws(TransportError) -> UInt16 {
        let pair = try read(2, field: field)
        return UInt16(pair[0]) << 8 | UInt16(pair[1])
    }

    mutating func readNonce(field: String) throws(TransportError) -> HandshakeNonce {
        HandshakeNonce(bytes: try read(HandshakeNonce.length, field: field))!
    }

    /// The remaining bytes, which must be exactly `count`.
    mutating func readRest(exactly count: Int, field: String) throws(TransportError) -> [UInt8] {
        guard bytes.count - offset == count else {
            throw .malformedHandshake("\(field) must be \(count) bytes, got \(bytes.count - offset)")
        }
        return rest()
    }

    mutating func rest() -> [UInt8] {
        defer { offset = bytes.count }
        return Array(bytes[offset...])
    }
}
