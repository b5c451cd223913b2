import EditorCore

/// Merge submissions: edits given as two texts, merged best effort onto the head.
extension HostDocument {
    /// Merges `submission` (base text → text) onto the head with `BestEffortMerge` and announces the result.
    ///
    /// The merged change becomes the next revision (unless nothing applied), broadcast to **every** connected
    /// participant, its author included (so a revision-tracking author can follow exactly); the author then gets a
    /// `mergeResult` with the revision and every hunk that failed. A resent merge identity gets the same result
    /// again, without merging twice. Host-side authors (the "disk" author of an outside file change) join as
    /// participants of their own with a `Hello` and submit this way; the shell reads their results from the effects.
    ///
    /// - Throws: `SyncError.foreignChange` or `.staleSequence` for a bad identity.
    mutating func merge(_ submission: MergeSubmission, from clientID: ClientID) throws(SyncError) -> [HostEffect] {
        let id = submission.id
        let record = clients[clientID]!
        guard id.client == clientID else { throw .foreignChange(id, sender: clientID) }
        if id.sequence <= record.lastAcceptedSequence {
            guard id.sequence == record.lastAcceptedSequence, id.sequence > 0 else {
                throw .staleSequence(id, lastAccepted: record.lastAcceptedSequence)
            }
            let result = MergeResult(
                id: id, revision: record.lastAcceptedRevision, failedHunks: record.lastMergeFailures)
            return [
                .event(.duplicateChange(id, revision: record.lastAcceptedRevision)),
                .send(.mergeResult(result), to: record.participant),
            ]
        }
        let merged = BestEffortMerge.merge(base: submission.baseText, edited: submission.text, onto: text.string)
        let change = TextDiff.change(from: text, to: TextBuffer(merged.text))
        var effects: [HostEffect] = []
        var revision: Int?
        if change.isIdentity {
            clients[clientID]!.lastAcceptedSequence = id.sequence
            clients[clientID]!.lastAcceptedRevision = self.revision
        } else {
            let entry = commit(change, author: record.participant, id: id)
            revision = entry.revision
            effects.append(.commit(entry))
            effects += broadcast(entry, hash: hashForBroadcast(), skipping: nil)
        }
        clients[clientID]!.lastMergeFailures = merged.failedHunks
        if !merged.failedHunks.isEmpty {
            effects.append(.event(.mergeConflict(id, failedHunks: merged.failedHunks.count)))
        }
        let result = MergeResult(id: id, revision: revision, failedHunks: merged.failedHunks)
        effects.append(.send(.mergeResult(result), to: record.participant))
        return effects
    }
}
