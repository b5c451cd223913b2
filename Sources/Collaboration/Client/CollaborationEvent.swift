import EditorCore
import SyncEngine

/// What a `CollaborationClient` asks its editor to do or show, in order.
///
/// Positions in an event are in the editor's buffer as it is after the events before it in the same list.
public enum CollaborationEvent: Hashable, Sendable {
    /// A remote change of the buffer (its `baseLength` is the buffer's length): the buffer becomes `result`, the
    /// buffer with the change already applied (take it; do not apply the change again), and every kept position
    /// is carried through the change (`Selection.mapped(through:)`). With nothing unsent, `result` is the client's
    /// synced text itself, so the two stay one storage.
    case applyRemote(ChangeSet, result: TextBuffer)
    /// A participant's selections, in buffer positions (replacing their earlier ones).
    case remoteSelections(ParticipantID, [Selection])
    /// The host welcomed us: who we are, who is here, and whether we may edit.
    case welcomed(you: Participant, participants: [Participant], readOnly: Bool)
    /// Someone joined (or came back).
    case participantJoined(Participant)
    /// Someone left: forget their cursor.
    case participantLeft(Participant)
    /// Local edits that could not be merged onto the host's text (after a long disconnect): keep them in a
    /// conflict file (`ConflictReport`) and tell the user. Never drop them.
    case conflict([FailedHunk])
    /// The host saved the shared document ("saved by NAME").
    case saved(SaveNotice)
    /// A save request failed; the text says why.
    case saveFailed(String)
    /// The connection state changed (for the status line).
    case statusChanged(ConnectionStatus)
    /// The host announced that it is quitting (the connection closes next; we keep our text and retry).
    case hostLeaving
    /// Something worth a line in the log (not for the screen).
    case log(String)
    /// The host's answer to `requestHistory(revision:)`.
    case historyReply(HistoryReply)
}

/// A client's connection to its host, as the status line shows it.
public enum ConnectionStatus: Hashable, Sendable, CustomStringConvertible {
    /// A connection is up; the welcome has not arrived yet.
    case joining
    /// In sync with the host.
    case live
    /// No connection (the reason, when there was one). Edits are kept and sent after the reconnect.
    case offline(reason: String?)
    /// Offline; the next connection attempt is in `delay`.
    case retrying(attempt: Int, delay: Duration)
    /// The client was closed (`CollaborationClient.close()`).
    case closed

    public var description: String {
        switch self {
        case .joining: "joining"
        case .live: "live"
        case .offline(let reason): reason.map { "offline: \($0)" } ?? "offline"
        case .retrying(let attempt, let delay): "offline; retry \(attempt) in \(delay.formattedSeconds)"
        case .closed: "closed"
        }
    }
}

extension Duration {
    /// Seconds with one decimal, e.g. `2.5 s`.
    var formattedSeconds: String {
        let tenths = (components.seconds * 10) + components.attoseconds / 100_000_000_000_000_000
        return "\(tenths / 10).\(tenths % 10) s"
    }
}
