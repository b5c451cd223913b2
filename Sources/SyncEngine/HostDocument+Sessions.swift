/// Joining, resuming and leaving.
extension HostDocument {
    /// Admits the sender of `hello` on a new connection and returns its participant number.
    ///
    /// A client seen before (same `ClientID`) gets its number back, and its colour if still free; a connection
    /// it still had is superseded (the transport closes the old one). Then:
    /// - **resume**, when `hello.resumePoint` is of this epoch and still in the log: `welcome(.resume)`, then
    ///   every revision after the resume point in order (an `ack` in place of each of the client's own changes, a
    ///   `broadcast` for each other), the last one carrying the head hash; then the pending changes not accepted
    ///   yet are handled like submissions, in order. Exactly as if the connection had never dropped.
    /// - **snapshot** otherwise: `welcome(.snapshot)` with the head text; pending changes are not applied here
    ///   (`Snapshot.acceptedSequence` tells the client which already were; the client merges the others).
    /// The others hear `participantJoined` (unless the participant was still connected), and the newcomer gets a
    /// `cursor` relay for each other participant that has reported one.
    ///
    /// - Throws: `SyncError` when a pending change is foreign, not based on the resume point, or the pending
    ///   changes are not a chain, or the first does not fit the text at the resume point; the document is then
    ///   unchanged.
    public mutating func join(_ hello: Hello) throws(SyncError) -> (participant: ParticipantID, effects: [HostEffect]) {
        let resumable = hello.resumePoint.flatMap { point in
            point.epoch == epoch && log.knows(point.revision) ? point.revision : nil
        }
        try checkPending(hello, resumable: resumable)
        let (participant, wasConnected) = admit(hello)
        let me = self.participant(participant)!
        var effects: [HostEffect] = [.event(.joined(me, resumed: resumable != nil))]
        if let resumable {
            effects.append(.send(.welcome(welcome(for: me, start: .resume(revision: resumable))), to: participant))
            effects += resume(participant, from: resumable, pending: hello.pending, clientID: hello.clientID)
        } else {
            let snapshot = makeSnapshot(for: hello.clientID, reason: .joined)
            effects.append(.send(.welcome(welcome(for: me, start: .snapshot(snapshot))), to: participant))
        }
        if !wasConnected {
            effects += connected.filter { $0 != participant }.map { .send(.participantJoined(me), to: $0) }
        }
        for other in connected where other != participant {
            guard let selections = cursors[other] else { continue }
            let relay = CursorRelay(participant: other, revision: revision, selections: selections)
            effects.append(.send(.cursor(relay), to: participant))
        }
        return (participant, effects)
    }

    /// Checks the hello's pending changes: the client's own, a chain (the first follows nothing, each later one
    /// follows the one before it, sequences consecutive), and, when resuming, based on the resume point, the first
    /// fitting the text there.
    private func checkPending(_ hello: Hello, resumable: Int?) throws(SyncError) {
        for (index, pending) in hello.pending.enumerated() {
            guard pending.id.client == hello.clientID else { throw .foreignChange(pending.id, sender: hello.clientID) }
            let chained =
                index == 0
                ? !pending.followsPrevious
                : pending.followsPrevious && pending.id.sequence == hello.pending[index - 1].id.sequence + 1
            guard chained else { throw .pendingNotChained(pending.id) }
            if let resumable, pending.baseRevision != resumable {
                throw .pendingBaseMismatch(pending.id, baseRevision: pending.baseRevision, resumeRevision: resumable)
            }
        }
        if let resumable, let first = hello.pending.first {
            try checkLength(of: first, expected: log.length(at: resumable))
        }
    }

    /// Forgets `participant`'s connection and cursor and tells the others. Its record (number, colour, accepted
    /// sequence) is kept for a reconnect.
    public mutating func leave(_ participant: ParticipantID) -> [HostEffect] {
        guard let index = connected.firstIndex(of: participant) else { return [] }
        connected.remove(at: index)
        cursors[participant] = nil
        return [.event(.left(participant))] + connected.map { .send(.participantLeft(participant), to: $0) }
    }

    /// Registers the hello's client (new or returning) as connected; returns its number and whether it already
    /// was connected.
    private mutating func admit(_ hello: Hello) -> (ParticipantID, Bool) {
        var record: ClientRecord
        if let known = clients[hello.clientID] {
            record = known
        } else {
            let id = ParticipantID(nextParticipant)
            nextParticipant += 1
            record = ClientRecord(clientID: hello.clientID, participant: id, name: hello.name, colorIndex: 0)
            record.lastAcceptedRevision = revision
            clientOfParticipant[id] = hello.clientID
        }
        let participant = record.participant
        let wasConnected = connected.contains(participant)
        let taken = Set(
            connected.filter { $0 != participant }.compactMap { clientOfParticipant[$0].flatMap { clients[$0] } }
                .map(\.colorIndex))
        record.colorIndex = ColorAssignment.color(
            for: participant, previous: clients[hello.clientID]?.colorIndex, taken: taken,
            paletteSize: configuration.paletteSize)
        record.name = hello.name
        record.voidBelow = max(record.voidBelow, hello.nextSequence)
        clients[hello.clientID] = record
        if !wasConnected {
            connected.insert(participant, at: connected.firstIndex { $0 > participant } ?? connected.endIndex)
        }
        return (participant, wasConnected)
    }

    /// The welcome for `me`.
    private func welcome(for me: Participant, start: Welcome.Start) -> Welcome {
        Welcome(epoch: epoch, you: me, participants: participants, start: start)
    }

    /// Replays the revisions after `revision` to a resuming participant, then handles its pending changes.
    ///
    /// A pending change that fails a check only a follower's bridge can tell (a protocol violation) is dropped
    /// with the ones after it, as `voidChange` events: the hello was already answered.
    private mutating func resume(
        _ participant: ParticipantID, from revision: Int, pending: [Submission], clientID: ClientID
    ) -> [HostEffect] {
        var effects: [HostEffect] = []
        let replay = log.entries(after: revision)
        let headHash = replay.isEmpty ? nil : TextHash(wordsOf: text)
        for entry in replay {
            let hash = entry.revision == self.revision ? headHash : nil
            if let id = entry.id, id.client == clientID {
                effects.append(
                    .send(.ack(Acknowledgement(id: id, revision: entry.revision, hash: hash)), to: participant))
            } else {
                let broadcast = Broadcast(
                    revision: entry.revision, author: entry.author, change: entry.change, hash: hash)
                effects.append(.send(.broadcast(broadcast), to: participant))
            }
        }
        for (index, submission) in pending.enumerated() {
            if submission.id.sequence <= clients[clientID]!.lastAcceptedSequence {
                effects.append(.event(.pendingAlreadyAccepted(submission.id)))
                continue
            }
            do {
                effects += try place(submission, record: clients[clientID]!)
            } catch {
                return effects + pending[index...].map { .event(.voidChange($0.id)) }
            }
        }
        return effects
    }
}
