import SyncEngine

/// A message from a joiner (or the host's own editor) to the host: a sync message, or one of the session's own.
///
/// One message per sealed frame; the encoding is `MessageCodec`'s (Docs/protocol.md, "Messages").
public enum HostBoundMessage: Hashable, Sendable {
    /// A message of the sync engine (`ClientDocument` → `HostDocument`).
    case sync(ClientMessage)
    /// Save the shared document on the host's disk now (Ctrl-S by anyone). Refused for read-only guests.
    case save
    /// Are you there? The host answers `pong` (liveness check of an idle connection).
    case ping
    /// Send me this revision of the history (nil: the newest) for the history view; answered by `historyReply`.
    case historyRequest(revision: Int?)
}

/// A message from the host to one joiner (or to the host's own editor).
public enum JoinerBoundMessage: Hashable, Sendable {
    /// A message of the sync engine (`HostDocument` → `ClientDocument`).
    case sync(HostMessage)
    /// The host saved the shared document (sent to everyone).
    case saved(SaveNotice)
    /// Your save request failed on the host; the text says why.
    case saveFailed(String)
    /// The host is quitting: the connection closes next. Keep your text; the host may come back.
    case hostLeaving
    /// The answer to `ping`.
    case pong
    /// The answer to `historyRequest`.
    case historyReply(HistoryReply)
}

/// Who saved the shared document, and which revision was written.
public struct SaveNotice: Hashable, Sendable {
    /// The participant whose Ctrl-S it was.
    public var participant: ParticipantID
    /// That participant's display name (as the host knows it).
    public var name: String
    /// The host revision whose text was written.
    public var revision: Int

    /// A notice that `name` (`participant`) saved `revision`.
    public init(participant: ParticipantID, name: String, revision: Int) {
        self.participant = participant
        self.name = name
        self.revision = revision
    }
}
