import EditorCore

/// Cursors and selections: carried to the head revision and relayed.
extension HostDocument {
    /// The selections of each connected participant that reported some, at the head revision.
    public var selectionsAtHead: [ParticipantID: [Selection]] { cursors }

    /// Places a cursor update at the head revision, stores it, and relays it to the others.
    ///
    /// Positions at revision `r` are carried through the log entries after `r`. Positions that include the
    /// sender's changes in flight (`afterChange` names the latest) are first carried through the sender's `Bridge`
    /// to the revision that change became. Every position maps with `Selection.mapped(through:)` (a cursor stays before text inserted at
    /// it). An update that can no longer be placed (its revision left the log; its change was not accepted) is
    /// dropped with an event: the next one will do.
    ///
    /// - Throws: `SyncError.revisionFromFuture`, or `.positionOutOfRange` for a position outside its text.
    mutating func updateCursor(_ update: CursorUpdate, from clientID: ClientID) throws(SyncError) -> [HostEffect] {
        let record = clients[clientID]!
        let participant = record.participant
        if update.revision > revision { throw .revisionFromFuture(revision: update.revision, head: revision) }
        if update.selections.count > configuration.maxSelections {
            throw .tooManySelections(update.selections.count, limit: configuration.maxSelections)
        }
        let dropped: [HostEffect] = [.event(.cursorDropped(participant, revision: update.revision))]
        guard log.knows(update.revision) else { return dropped }
        var selections = update.selections
        var from = update.revision
        if let after = update.afterChange {
            guard let bridge = record.bridge, bridge.id == after, log.knows(bridge.revision),
                update.revision >= bridge.baseRevision, update.revision < bridge.revision
            else { return dropped }
            let steps = bridge.steps[(update.revision - bridge.baseRevision)...]
            try checkRange(selections, length: bridge.viewLength(at: update.revision, log: log))
            for step in steps { selections = selections.map { $0.mapped(through: step) } }
            from = bridge.revision
        } else {
            try checkRange(selections, length: log.length(at: from))
        }
        for entry in log.entries(after: from) {
            selections = selections.map { $0.mapped(through: entry.change) }
        }
        cursors[participant] = selections
        let relay = HostMessage.cursor(
            CursorRelay(participant: participant, revision: revision, selections: selections))
        return connected.filter { $0 != participant }.map { .send(relay, to: $0) }
    }

    /// Checks that every position is inside a text of `length` scalars.
    private func checkRange(_ selections: [Selection], length: Int) throws(SyncError) {
        for selection in selections {
            for position in [selection.anchor, selection.head] where position < 0 || position > length {
                throw .positionOutOfRange(position: position, length: length)
            }
        }
    }
}
