import EditorCore

/// The one rule for concurrent inserts at the same position, used by the host and every client alike.
///
/// **The insert of the participant with the lower `ParticipantID` lands first** (to the left). Participant
/// numbers are given in join order, so the first to join (usually the host's own editor, 0) wins ties. The
/// friendsforever trace requires exactly this with its agents numbered as participants: agent 0 first.
///
/// Every rebase in the engine is `ChangeSet.transform(local, remote, tieBreak: tieBreak(local:remote:))`, where
/// `local` is the change being rebased (a submission at the host, the in-flight or unsent work at a client) and
/// `remote` the change it is rebased over (an accepted change). Because host and clients compute the same
/// transforms with the same rule, the client's text after its acknowledgement equals the host's.
public enum TieRule {
    /// The tie break for rebasing `local`'s change (made by `local`) over `remote`'s accepted change.
    ///
    /// Two changes of the same participant are never concurrent in the protocol; if it happens anyway (a merge
    /// submission), the accepted one goes first.
    public static func tieBreak(local: ParticipantID, remote: ParticipantID) -> TieBreak {
        local < remote ? .firstInsertsFirst : .secondInsertsFirst
    }

    /// Rebases `local` over `remote`: returns `local` exact after `remote` and `remote` exact after `local`.
    ///
    /// - Throws: `ChangeSetError.lengthMismatch` when the two do not share a base length.
    static func rebase(
        _ local: ChangeSet, by localAuthor: ParticipantID, over remote: ChangeSet, by remoteAuthor: ParticipantID
    ) throws(ChangeSetError) -> (local: ChangeSet, remote: ChangeSet) {
        let result = try ChangeSet.transform(
            local, remote, tieBreak: tieBreak(local: localAuthor, remote: remoteAuthor))
        return (result.a, result.b)
    }
}
