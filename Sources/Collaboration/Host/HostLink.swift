import SyncEngine
import Transport

/// One connection to the host's document, as `HostCore` keeps it: a TCP peer or the host's own editor.
struct HostLink {
    /// Identifies a link within one host session.
    enum ID: Hashable, Sendable, CustomStringConvertible {
        /// A joiner's authenticated TCP connection.
        case remote(PeerConnection.ID)
        /// An in-process client (the host's own editor), numbered by the session.
        case local(UInt64)

        var description: String {
            switch self {
            case .remote(let id): "peer \(id)"
            case .local(let number): "local editor \(number)"
            }
        }
    }

    /// Where messages to this link go.
    enum Outlet {
        /// Sealed frames on a TCP connection (messages are encoded with the link's `encoder`).
        case remote(PeerConnection)
        /// An in-process client's inbox (messages are passed as values, through the same host code path).
        case local(EventInbox<LinkEvent>, generation: UInt64)
    }

    /// Where messages go.
    let outlet: Outlet
    /// Editor or read-only guest.
    let role: PeerRole
    /// The participant this link speaks for, once its hello was accepted.
    var participant: ParticipantID?
    /// The state of the encoder of messages on this link (`rev`/`seq` references; unused by local links).
    var encoder = JoinerBoundEncoder()
    /// The state of the decoder of this link's payloads (remote links only; local links pass values).
    var decoder = HostBoundDecoder()
    /// When the link was last heard from (uptime nanoseconds): a remote link silent for too long is closed.
    var lastHeard: UInt64
    /// The latest acknowledgement held back for this remote link (see `HostCore.hold(_:for:)`).
    var heldAck: Acknowledgement?
    /// How many accepted changes `heldAck` covers.
    var heldAckCount = 0

    /// A human-readable label for log lines (never includes a secret).
    var label: String {
        switch outlet {
        case .remote(let connection): "\(connection)"
        case .local: "the host's own editor"
        }
    }
}

/// Display names as the host relays them: control characters (which could drive other people's terminals) become
/// U+FFFD, surrounding spaces go, the length is capped, and an empty name becomes "anonymous".
enum DisplayName {
    /// The most scalars of a relayed name.
    static let maximumScalars = 40

    /// The cleaned-up form of `name`.
    static func sanitized(_ name: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in name.unicodeScalars.prefix(maximumScalars) {
            let isControl = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                || scalar.properties.generalCategory == .format && scalar.value != 0x200D
            scalars.append(isControl ? "\u{FFFD}" : scalar)
        }
        let trimmed = String(scalars).trimmingSpaces
        return trimmed.isEmpty ? "anonymous" : trimmed
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
            let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })
        else { return "" }
        return String(scalars[first...last])
    }
}
