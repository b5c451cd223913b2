/// A message the host refuses as a protocol violation (the sender is buggy or hostile), or restored history that
/// does not fit together.
///
/// `HostDocument` throws these and leaves its state unchanged; the transport logs the error and closes the
/// offending connection while everyone else keeps editing. (A change based on a revision that is merely too old
/// is not a violation: the host answers with a snapshot, see `Snapshot.Reason.baseTooOld`.)
public enum SyncError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A message from a participant that has not joined (or has left).
    case unknownParticipant(ParticipantID)
    /// A second hello on a connection that already joined.
    case unexpectedHello(ParticipantID)
    /// A change whose identity names another client than the sender.
    case foreignChange(ChangeID, sender: ClientID)
    /// A change numbered at or below one the host already accepted from that client, other than the last one.
    case staleSequence(ChangeID, lastAccepted: UInt64)
    /// A change (or cursor update) based on a revision the host has not reached.
    case revisionFromFuture(revision: Int, head: Int)
    /// A change whose `baseLength` is not the text length at its base revision.
    case lengthMismatch(ChangeID, baseRevision: Int, expected: Int, actual: Int)
    /// A hello whose pending change is not based on its resume point.
    case pendingBaseMismatch(ChangeID, baseRevision: Int, resumeRevision: Int)
    /// A hello whose pending changes are not a chain: the first follows nothing, each later one follows the one
    /// before it, with consecutive sequence numbers.
    case pendingNotChained(ChangeID)
    /// A change that follows its predecessor, based on a revision outside the span that predecessor covers (from
    /// the predecessor's own base revision to just before the revision it became).
    case followerOutsideBridge(ChangeID, baseRevision: Int, previousBase: Int, previousRevision: Int)
    /// A cursor position outside the text it refers to.
    case positionOutOfRange(position: Int, length: Int)
    /// A cursor update with more selections than `Configuration.maxSelections`.
    case tooManySelections(Int, limit: Int)
    /// Restored history (text and log entries from a journal) that does not fit together.
    case inconsistentHistory(String)

    public var description: String {
        switch self {
        case .unknownParticipant(let id):
            "message from participant \(id), who has not joined"
        case .unexpectedHello(let id):
            "second hello from participant \(id)"
        case .foreignChange(let change, let sender):
            "change \(change) names another client than its sender \(sender)"
        case .staleSequence(let change, let last):
            "change \(change) is numbered below the last accepted sequence \(last)"
        case .revisionFromFuture(let revision, let head):
            "revision \(revision) is from the future (head is \(head))"
        case .lengthMismatch(let change, let base, let expected, let actual):
            "change \(change) has base length \(actual) but the text at revision \(base) has \(expected) scalars"
        case .pendingBaseMismatch(let change, let base, let resume):
            "pending change \(change) is based on revision \(base), not on the resume point \(resume)"
        case .pendingNotChained(let change):
            "pending change \(change) does not follow the pending change before it"
        case .followerOutsideBridge(let change, let base, let previousBase, let previousRevision):
            "change \(change) follows its predecessor but is based on revision \(base), outside "
                + "\(previousBase)..<\(previousRevision)"
        case .positionOutOfRange(let position, let length):
            "cursor position \(position) is outside a text of \(length) scalars"
        case .tooManySelections(let count, let limit):
            "cursor update with \(count) selections (at most \(limit))"
        case .inconsistentHistory(let reason):
            "restored history is inconsistent: \(reason)"
        }
    }
}
