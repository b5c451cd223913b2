import SyncEngine

/// Sync and session messages ↔ frame payloads, protocol version 4: the "Messages" section of Docs/protocol.md.
///
/// A payload is one message: a one-byte **tag**, then the message's fields in order, nothing after. Integers are
/// `u8`, big-endian `u64` (identities, epochs, hashes), minimal unsigned LEB128 `varint`s (counts, lengths,
/// positions, participants), or `rev` / `seq` fields: revisions and sequence numbers written as zigzag differences
/// from the previous field of their kind on the same connection and direction (`DeltaReferences`). Strings are a
/// `varint` byte count and UTF-8; changes are binary operation lists (ChangeCoding.swift). Every length, position
/// and count of text is in **Unicode scalars**; string lengths and inserted texts' lengths are in bytes. A change
/// identity carries only its sequence number: its client is the one the connection's hello named.
///
/// Coding is therefore stateful per connection and direction: the encoders and decoders are values
/// (`HostBoundEncoder`, `HostBoundDecoder`, `JoinerBoundEncoder`, `JoinerBoundDecoder`) that the connection's
/// owners keep, one per direction per end, fresh for every connection. Frames are sealed with implicit counters,
/// so nothing is lost or reordered between an encoder and its decoder.
///
/// Decoding never traps: a malformed payload (unknown tag, truncated field, invalid UTF-8, a count or length
/// beyond the payload, a change that does not fit its base length, a revision or sequence outside `0..<2^62`,
/// trailing bytes) throws a `MessageDecodingError` naming the field and its byte offset, and leaves the decoder's
/// state as it was.
///
/// Law (tested on seeded random message sequences): a decoder fed what an encoder produced, in order, returns the
/// encoder's messages, for messages whose numbers fit the wire (revisions and sequences below 2^62, other numbers
/// below 2^63, names of at most 256 bytes) and whose change identities are the connection's client's.
public enum MessageCodec {
    /// The tags of messages to the host.
    enum HostBoundTag: UInt8 {
        case hello = 0x01, submit = 0x02, cursor = 0x03, requestSnapshot = 0x04, submitMerge = 0x05
        /// A submission that follows its predecessor (`Submission.followsPrevious`): same fields as `submit`.
        case submitFollowing = 0x06
        case save = 0x10, ping = 0x11, historyRequest = 0x12
    }

    /// The tags of messages to a joiner. An ack or a broadcast that carries a text hash has a tag of its own
    /// (`0x4A`, `0x4B`: the plain tag + 8), so that the common case spends no byte on a "no hash" flag.
    enum JoinerBoundTag: UInt8 {
        case welcome = 0x41, ack = 0x42, broadcast = 0x43, snapshot = 0x44, cursor = 0x45
        case participantJoined = 0x46, participantLeft = 0x47, mergeResult = 0x48
        case ackWithHash = 0x4A, broadcastWithHash = 0x4B
        case saved = 0x50, saveFailed = 0x51, hostLeaving = 0x52, pong = 0x53, historyReply = 0x54
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
