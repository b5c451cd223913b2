import EditorCore

/// What a client asks its editor and transport to do, in order.
///
/// Positions in an effect are in the editor's buffer as it is after the effects before it in the same list.
public enum ClientEffect: Hashable, Sendable {
    /// Send `message` to the host.
    case send(ClientMessage)
    /// The buffer becomes `result`, which is the buffer with `change` applied (its `baseLength` is the buffer's
    /// length): take `result` instead of applying `change` again, and carry every position the editor keeps (own
    /// cursor and selections, remote cursors, scroll anchor, marks) through `change` with
    /// `Selection.mapped(through:)`: a cursor exactly where text is inserted stays before it.
    ///
    /// The client applied the change once, to make `result`: when nothing is in flight or unsent, `result` is the
    /// synced text itself, so the editor's buffer and the synced text stay one storage (their later diffs read
    /// only what changed since).
    case applyToBuffer(ChangeSet, result: TextBuffer)
    /// A remote participant's selections, in buffer positions (replacing any earlier ones of that participant).
    case remoteSelections(ParticipantID, [Selection])
    /// The host welcomed us: who we are and who is here.
    case welcomed(you: Participant, participants: [Participant])
    /// Someone joined (or came back).
    case participantJoined(Participant)
    /// Someone left: stop drawing their cursor.
    case participantLeft(Participant)
    /// Local edits that could not be merged onto the host's text: keep them (e.g. in a conflict file) and tell the
    /// user. Never dropped.
    case conflict([FailedHunk])
    /// Something worth a log line.
    case event(ClientEvent)
}

/// A log-worthy happening at a client.
public enum ClientEvent: Hashable, Sendable, CustomStringConvertible {
    /// The text after `revision` did not hash as the host said: a bug somewhere. A snapshot was requested.
    case hashMismatch(revision: Int, expected: TextHash, actual: TextHash)
    /// A revision arrived out of order (expected the one after our synced revision). A snapshot was requested.
    case revisionGap(expected: Int, received: Int)
    /// A broadcast or our rebased work did not fit the synced text (a bug). A snapshot was requested.
    case invalidChange(revision: Int, reason: String)
    /// A message that does not fit the current phase was ignored (e.g. an ack for a change not in flight).
    case ignored(String)
    /// We started from a snapshot at `revision` (first join, resume point unknown, or after a resync).
    case startedFromSnapshot(revision: Int, reason: Snapshot.Reason)
    /// We resumed exactly at `revision` after a reconnect.
    case resumed(revision: Int)

    public var description: String {
        switch self {
        case .hashMismatch(let revision, let expected, let actual):
            "hash mismatch at revision \(revision): host \(expected), here \(actual); requesting a snapshot"
        case .revisionGap(let expected, let received):
            "expected revision \(expected), received \(received); requesting a snapshot"
        case .invalidChange(let revision, let reason):
            "change at revision \(revision) does not fit: \(reason); requesting a snapshot"
        case .ignored(let what):
            "ignored: \(what)"
        case .startedFromSnapshot(let revision, let reason):
            "started from a snapshot at revision \(revision) (\(reason))"
        case .resumed(let revision):
            "resumed at revision \(revision)"
        }
    }
}
