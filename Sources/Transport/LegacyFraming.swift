/// The framing of protocol versions 1 and 2 (a 4-byte big-endian payload length), kept only to tell such a peer,
/// in a frame it can read, that it must be updated (Docs/protocol.md §4.3).
///
/// A version 3 handshake never starts with an empty frame, so a first frame whose first byte is `0x00` is the high
/// byte of a 4-byte length (handshake frames are far below 2^24 bytes): the host reads that peer's joiner hello in
/// this framing and answers with a refusal "incompatible protocol version", framed the same way. A version 1–2 host
/// cannot read a version 3 joiner's hello at all (its 4-byte length reads as hundreds of megabytes) and closes the
/// connection without a word.
public enum LegacyFraming {
    /// Bytes in a version 1–2 length header.
    public static let headerLength = 4
    /// The versions that used this framing.
    public static let versions: ClosedRange<UInt16> = 1...2

    /// The 4-byte big-endian length header for a payload of `length` bytes.
    ///
    /// - Precondition: `0 <= length <= UInt32.max`.
    public static func lengthPrefix(_ length: Int) -> [UInt8] {
        precondition(length >= 0 && length <= Int(UInt32.max), "frame length out of range")
        let value = UInt32(length)
        return [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    /// `payload` with its 4-byte length header.
    public static func framed(_ payload: [UInt8]) -> [UInt8] {
        lengthPrefix(payload.count) + payload
    }

    /// The length in the 4-byte header at the front of `bytes`, or nil when fewer than 4 bytes are there.
    static func length<Bytes: Collection<UInt8>>(in bytes: Bytes) -> Int? {
        guard bytes.count >= headerLength else { return nil }
        return bytes.prefix(headerLength).reduce(0) { $0 << 8 | Int($1) }
    }

    /// The versions a version 1–2 peer says it speaks in `payload` (a joiner hello or a refusal), clamped to
    /// `versions`; `versions` itself when the payload says nothing readable.
    static func peerVersions(in payload: [UInt8]) -> ClosedRange<UInt16> {
        let announced: ClosedRange<UInt16>? =
            switch try? HandshakeMessage.parse(payload) {
            case .joinerHello(let versions, _): versions
            case .refusal(let refusal): refusal.hostVersions
            default: nil
            }
        guard let announced, announced.overlaps(versions) else { return versions }
        return announced.clamped(to: versions)
    }
}
