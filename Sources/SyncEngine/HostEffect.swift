/// What the host asks its shell to do, in order.
///
/// Perform the effects in the order given: a `commit` comes before the acknowledgement and broadcasts of the
/// same revision, so a journal that writes on `commit` has made the revision durable before anyone hears of it.
public enum HostEffect: Hashable, Sendable {
    /// Send `message` to participant `to` (on its current connection; drop it if it has none).
    case send(HostMessage, to: ParticipantID)
    /// A new revision was accepted: journal it (change, author, and the hash of the resulting text if wanted).
    case commit(LogEntry)
    /// Something worth a log line that is not a protocol violation.
    case event(HostEvent)
}

/// A log-worthy happening at the host (violations are thrown as `SyncError` instead).
public enum HostEvent: Hashable, Sendable, CustomStringConvertible {
    /// A change already accepted arrived again; it was acknowledged again, not applied.
    case duplicateChange(ChangeID, revision: Int)
    /// A change was based on a revision older than the log; the author was sent a snapshot to merge onto.
    case baseTooOld(ChangeID, baseRevision: Int, oldestKnown: Int)
    /// A resumed client's pending change was already accepted before its resume point (a client bug); ignored.
    case pendingAlreadyAccepted(ChangeID)
    /// A change voided by a later hello (`Hello.nextSequence`) arrived from a superseded connection; dropped.
    case voidChange(ChangeID)
    /// A cursor update could not be placed (its revision left the log, or its change was not accepted): dropped.
    case cursorDropped(ParticipantID, revision: Int)
    /// A merge submission left hunks unapplied; they were reported to its author.
    case mergeConflict(ChangeID, failedHunks: Int)
    /// A participant joined (`resumed` when it continued exactly where it left off).
    case joined(Participant, resumed: Bool)
    /// A participant left.
    case left(ParticipantID)

    public var description: String {
        switch self {
        case .duplicateChange(let id, let revision):
            "change \(id) arrived again; re-acknowledged as revision \(revision)"
        case .baseTooOld(let id, let base, let oldest):
            "change \(id) is based on revision \(base), older than the log (\(oldest)); snapshot sent"
        case .pendingAlreadyAccepted(let id):
            "resumed client resent change \(id), accepted before its resume point; ignored"
        case .voidChange(let id):
            "change \(id) arrived from a superseded connection after a later hello; dropped"
        case .cursorDropped(let participant, let revision):
            "cursor update of \(participant) at revision \(revision) could not be placed; dropped"
        case .mergeConflict(let id, let count):
            "merge \(id) left \(count) hunk(s) unapplied; reported to its author"
        case .joined(let participant, let resumed):
            "\(participant.name) (\(participant.id)) joined\(resumed ? ", resuming" : "")"
        case .left(let id):
            "participant \(id) left"
        }
    }
}
