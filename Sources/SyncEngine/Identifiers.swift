/// A client's identity for one run of its editor: a random 64-bit number the shell draws when the editor starts.
///
/// It is stable across reconnects of that run, so the host recognises a returning client, gives it back its
/// `ParticipantID` and colour, and deduplicates a change it resends. It is never reused across runs.
public struct ClientID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The number itself.
    public var rawValue: UInt64

    /// The client identity `rawValue`.
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// The client identity `rawValue`.
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }

    public static func < (lhs: ClientID, rhs: ClientID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Sixteen hex digits.
    public var description: String {
        let digits = String(rawValue, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// A participant of a session as numbered by the host: 0 for the first to join, then 1, 2, ... in join order.
///
/// The number is also the participant's **rank** for the tie rule (`TieRule`): at the same position, the lower
/// number's insert lands first. A client that reconnects keeps its number (the host remembers it by `ClientID`).
public struct ParticipantID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The number itself.
    public var rawValue: UInt32

    /// The participant numbered `rawValue`.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// The participant numbered `rawValue`.
    public init(_ rawValue: UInt32) { self.rawValue = rawValue }

    public static func < (lhs: ParticipantID, rhs: ParticipantID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// `#` and the number, e.g. `#3`.
    public var description: String { "#\(rawValue)" }
}

/// The identity of one submitted change: its client and that client's sequence number (1, 2, 3, ...).
///
/// A client numbers its submissions in increasing order (gaps allowed) and never reuses a number. The host
/// accepts each identity at most once: it remembers, per client, the highest sequence it accepted, and answers a
/// resend of that change with a second acknowledgement instead of applying it twice.
public struct ChangeID: Hashable, Sendable, CustomStringConvertible {
    /// The client that made the change.
    public var client: ClientID
    /// The client's sequence number for it, from 1.
    public var sequence: UInt64

    /// The change numbered `sequence` by `client`.
    public init(client: ClientID, sequence: UInt64) {
        self.client = client
        self.sequence = sequence
    }

    /// `client/sequence`, e.g. `00000000000000ff/12`.
    public var description: String { "\(client)/\(sequence)" }
}
