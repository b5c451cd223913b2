import SyncEngine

/// Sync and session messages ↔ frame payloads: the "Messages" section of Docs/protocol.md.
///
/// A payload is one message: a one-byte **tag**, then the message's fields in order, nothing after. Integers are
/// `u8`, big-endian `u64` (identities, epochs, hashes) or minimal unsigned LEB128 `varint`s (counts, lengths,
/// positions, revisions); strings are a `varint` byte count and UTF-8; changes are a base length and DMP delta
/// text. Every length, position and count of text is in **Unicode scalars**; string lengths are in bytes.
///
/// Decoding never traps: a malformed payload (unknown tag, truncated field, invalid UTF-8, a count or length
/// beyond the payload, a delta that does not fit its base length, trailing bytes) throws a `MessageDecodingError`
/// naming the field and its byte offset.
///
/// Law (tested on seeded random messages): `decode(encode(m)) == m` for every message `m` whose numbers fit the
/// wire (revisions, positions and sequences below 2^63, names of at most 256 bytes).
public enum MessageCodec {
    /// The tags of messages to the host.
    enum HostBoundTag: UInt8 {
        case hello = 0x01, submit = 0x02, cursor = 0x03, requestSnapshot = 0x04, submitMerge = 0x05
        case save = 0x10, ping = 0x11, historyRequest = 0x12
    }

    /// The tags of messages to a joiner.
    enum JoinerBoundTag: UInt8 {
        case welcome = 0x41, ack = 0x42, broadcast = 0x43, snapshot = 0x44, cursor = 0x45
        case participantJoined = 0x46, participantLeft = 0x47, mergeResult = 0x48
        case saved = 0x50, saveFailed = 0x51, hostLeaving = 0x52, pong = 0x53, historyReply = 0x54
    }

    /// The payload of a message to the host.
    public static func encode(_ message: HostBoundMessage) -> [UInt8] {
        var writer = ByteWriter()
        writer.hostBound(message)
        return writer.bytes
    }

    /// The payload of a message to a joiner.
    public static func encode(_ message: JoinerBoundMessage) -> [UInt8] {
        var writer = ByteWriter()
        writer.joinerBound(message)
        return writer.bytes
    }

    /// The message to the host in `payload`.
    ///
    /// - Throws: `MessageDecodingError` naming the field and offset at fault.
    public static func decodeHostBound(_ payload: [UInt8]) throws(MessageDecodingError) -> HostBoundMessage {
        var reader = ByteReader(payload)
        let message = try reader.hostBound()
        try reader.expectEnd("message")
        return message
    }

    /// The message to a joiner in `payload`.
    ///
    /// - Throws: `MessageDecodingError` naming the field and offset at fault.
    public static func decodeJoinerBound(_ payload: [UInt8]) throws(MessageDecodingError) -> JoinerBoundMessage {
        var reader = ByteReader(payload)
        let message = try reader.joinerBound()
        try reader.expectEnd("message")
        return message
    }
}

extension ByteReader {
    /// The tag at the start of a message, or an error naming the direction.
    mutating func tag<Tag: RawRepresentable<UInt8>>(_ type: Tag.Type, direction: String) throws(MessageDecodingError)
        -> Tag
    {
        let start = offset
        let raw = try u8("tag")
        guard let tag = Tag(rawValue: raw) else {
            let hex = String(raw, radix: 16, uppercase: true)
            throw failure("tag", at: start, "unknown tag 0x\(raw < 16 ? "0" : "")\(hex) for a \(direction) message")
        }
        return tag
    }
}
