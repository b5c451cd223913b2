import VarintCoding

/// The per-connection delta coding of revisions and sequence numbers (Docs/protocol.md §6.1, `rev` and `seq`).
///
/// A `rev` field holds the zigzag-encoded difference between its revision and the previous `rev` field of the same
/// direction of the same connection (0 before the first), as a `varint`; a `seq` field does the same for sequence
/// numbers, with a reference of its own. Frames are sealed with implicit counters, so they are never lost or
/// reordered, and both ends' references stay in step (as QUIC packet numbers and HPACK tables do). Revisions and
/// sequence numbers on the wire are below 2^62, so every difference is above −2^62 and below 2^62, and its zigzag
/// below 2^63: an ordinary `varint`.
///
/// Invariant: `0 ≤ revision, sequence < DeltaReferences.limit`.
struct DeltaReferences: Hashable, Sendable {
    /// The exclusive upper bound of revisions and sequence numbers on the wire: 2^62.
    static let limit = 1 << 62

    /// The value of the previous `rev` field (0 before the first).
    var revision = 0
    /// The value of the previous `seq` field (0 before the first).
    var sequence = 0

    /// `value` forced into `0..<limit`. Revisions count commits and sequence numbers a client's changes, so
    /// values outside are unreachable; clamping keeps an encoder from trapping on them.
    static func clamped(_ value: Int) -> Int { min(max(value, 0), limit - 1) }

    /// The zigzag code of `difference` (|difference| < 2^62, so the code is below 2^63).
    static func zigzag(_ difference: Int) -> Int { Int(ZigZag.encode(Int64(difference))) }

    /// The difference whose zigzag code is `code` (0 ≤ code < 2^63).
    static func unzigzag(_ code: Int) -> Int { Int(ZigZag.decode(UInt64(code))) }
}

extension ByteWriter {
    /// Appends a `rev`: `revision` (clamped to `0..<2^62`) as a difference from the previous one.
    mutating func rev(_ revision: Int) {
        references.revision = delta(revision, from: references.revision)
    }

    /// Appends a `seq`: `sequence` (clamped to `0..<2^62`) as a difference from the previous one.
    mutating func seq(_ sequence: UInt64) {
        references.sequence = delta(Int(clamping: sequence), from: references.sequence)
    }

    /// Appends `value` (clamped to `0..<2^62`) as the zigzag-coded difference from `reference`; returns the new
    /// reference.
    private mutating func delta(_ value: Int, from reference: Int) -> Int {
        let value = DeltaReferences.clamped(value)
        varint(DeltaReferences.zigzag(value - reference))
        return value
    }
}

extension ByteReader {
    /// A `rev`: the revision, which must land in `0..<2^62`.
    mutating func rev(_ field: @autoclosure () -> String) throws(MessageDecodingError) -> Int {
        references.revision = try delta(field(), from: references.revision, kind: "revision")
        return references.revision
    }

    /// A `seq`: the sequence number, which must land in `0..<2^62`.
    mutating func seq(_ field: @autoclosure () -> String) throws(MessageDecodingError) -> UInt64 {
        references.sequence = try delta(field(), from: references.sequence, kind: "sequence number")
        return UInt64(references.sequence)
    }

    /// `reference` plus the zigzag-coded difference that follows, checked to lie in `0..<2^62`.
    private mutating func delta(_ field: @autoclosure () -> String, from reference: Int, kind: String)
        throws(MessageDecodingError) -> Int
    {
        let start = offset
        let difference = DeltaReferences.unzigzag(try varint(field()))
        // reference < 2^62 and |difference| ≤ 2^62: the sum cannot overflow.
        let value = reference + difference
        guard value >= 0, value < DeltaReferences.limit else {
            throw failure(
                field, at: start,
                "\(kind) \(reference) \(difference < 0 ? "−" : "+") \(difference.magnitude) is outside 0..<2^62")
        }
        return value
    }
}
