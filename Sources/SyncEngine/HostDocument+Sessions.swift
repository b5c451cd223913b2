/// Joining, resuming and leaving.
extension HostDocument {
    /// Admits the sender of `hello` on a new connection and returns its participant number.
    ///
    /// A client seen before (same `ClientID`) gets its number back, and its colour if still free; a connection
    /// it still had is superseded (the transport closes the old one). Then:
    /// - **resume**, when `hello.resumePoint` is of this epoch and still in the log: `welcome(.resume)`, then
    ///   every revision after the resume point in order (an `ack` in place of the client's own pending change, a
    ///   `broadcast` for each other), the last one carrying the head hash; then the pending change is accepted
    ///   like a submission if it was not already. Exactly as if the connection had never dropped.
    /// - **snapshot** otherwise: `welcome(.snapshot)` with the head text; a pending change is not applied here
    ///   (`Snapshot.acceptedSequence` tells the client whether it already was; if not, the client merges it).
    /// The others hear `participantJoined` (unless the participant was still connected), and the newcomer gets a
    /// `cursor` relay for each other participant that has reported one.
    ///
    /// - Throws: `SyncError` when the pending change is foreign, not based on the resume point, or does not fit
    ///   it; the document is then unchanged.
    public mutating func join(_ hello: Hello) throws(SyncError) -> (participant: ParticipantID, effects: [HostEffect]) {
        let resumable = hello.resumePoint.flatMap { point in
            point.epoch == epoch && log.knows(point.revision) ? point.revision : nil
        }
        if let pending = hello.pending {
            guard pending.id.client == hello.clientID else { throw .foreignChange(pending.id, sender: hello.clientID) }
            if let resumable {
                guard pending.baseRevision == resumable else {
                    throw .pendingBaseMismatch(
                        pending.id, baseRevision: pending.baseRevision, resumeRevision: resumable)
                }
                try checkLength(of: pending)
            }
        }
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

    /// Replays the revisions after `revision` to a resuming participant, then handles its pending change.
    private mutating func resume(
        _ participant: ParticipantID, from revision: Int, pending: Submission?, clientID: ClientID
    ) -> [HostEffect] {
        var effects: [HostEffect] = []
        var pendingAccepted = false
        let replay = log.entries(after: revision)
        let headHash = replay.isEmpty ? nil : TextHash(wordsOf: text)
        for entry in replay {
            let hash = entry.revision == self.revision ? headHash : nil
            if let id = entry.id, id == pending?.id {
                pendingAccepted = true
                effects.append(
                    .send(.ack(Acknowledgement(id: id, revision: entry.revision, hash: hash)), to: participant))
            } else {
                let broadcast = Broadcast(
                    revision: entry.revision, author: entry.author, change: entry.change, hash: hash)
                effects.append(.send(.broadcast(broadcast), to: participant))
            }
        }
        guard let pending, !pendingAccepted else { return effects }
        if pending.id.sequence <= clients[clientID]!.lastAcceptedSequence {
            effects.append(.event(.pendingAlreadyAccepted(pending.id)))
            return effects
        }
        return effects + accept(pending, from: clientID)
    }
}
