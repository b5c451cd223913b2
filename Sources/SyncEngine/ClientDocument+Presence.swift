import EditorCore

/// Presence: our selections out, others' selections and arrivals in.
extension ClientDocument {
    /// Reports our selections (positions in `buffer`) to the host, if live. The shell throttles calls.
    ///
    /// Positions are carried back through the unsent edits (a position inside text not yet sent goes to where
    /// that text will appear) and sent relative to the synced revision plus the changes in flight.
    public mutating func selectionsChanged(_ selections: [Selection], buffer: TextBuffer) -> [ClientEffect] {
        guard phase == .live, let synced, let sent, let unsent = unsentChange(observing: buffer) else { return [] }
        var positions = selections
        if !unsent.isIdentity {
            let back = unsent.inverted(against: sent)
            positions = positions.map { $0.mapped(through: back) }
        }
        let update = CursorUpdate(
            revision: synced.revision, afterChange: inFlight?.submission.id, selections: positions)
        return [.send(.cursor(update))]
    }

    /// Another participant's selections at our synced revision: carried through our changes in flight and unsent
    /// work.
    mutating func receive(_ relay: CursorRelay, buffer: TextBuffer) -> [ClientEffect] {
        guard phase == .live, let synced, relay.revision == synced.revision, let unsent = unsentChange(observing: buffer)
        else {
            return [.event(.ignored("cursor relay at revision \(relay.revision) while \(phase) at \(revision ?? -1)"))]
        }
        let length = synced.text.scalarCount
        guard relay.selections.allSatisfy({ 0...length ~= $0.anchor && 0...length ~= $0.head }) else {
            return [.event(.ignored("cursor relay of \(relay.participant) outside the text"))]
        }
        var selections = relay.selections
        for inFlight in inFlightChanges {
            selections = selections.map { $0.mapped(through: inFlight.submission.change) }
        }
        if !unsent.isIdentity {
            selections = selections.map { $0.mapped(through: unsent) }
        }
        return [.remoteSelections(relay.participant, selections)]
    }

    /// Someone joined.
    mutating func join(_ participant: Participant) -> [ClientEffect] {
        participants[participant.id] = participant
        return [.participantJoined(participant)]
    }

    /// Someone left.
    mutating func leave(_ id: ParticipantID) -> [ClientEffect] {
        guard let participant = participants.removeValue(forKey: id) else { return [] }
        return [.participantLeft(participant)]
    }
}
