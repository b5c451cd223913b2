import EditorCore

/// Connecting, resuming, snapshots and resyncs.
extension ClientDocument {
    /// A connection to the host is up (first time or again): returns the hello to send.
    ///
    /// The hello carries our resume point (unless we never joined, or our synced text is suspect) and the changes
    /// in flight, with their original identities, so the host resumes us exactly and applies each change once.
    public mutating func connected() -> [ClientEffect] {
        let resumePoint = needsSnapshot ? nil : synced.map { ResumePoint(epoch: $0.epoch, revision: $0.revision) }
        let hello = Hello(
            clientID: clientID, name: name, resumePoint: resumePoint,
            pending: resumePoint == nil ? [] : inFlightChanges.map(\.submission), nextSequence: nextSequence)
        phase = .joining
        return [.send(.hello(hello))]
    }

    /// The connection dropped. Everything local is kept: the synced text, the changes in flight (resent by the next
    /// `connected()`), and whatever the user types meanwhile (it stays in the buffer).
    public mutating func disconnected() {
        phase = .offline
    }

    /// Goes to `resyncing` and asks for a snapshot, reporting why.
    mutating func requestSnapshot(_ reason: ClientEvent) -> [ClientEffect] {
        phase = .resyncing
        needsSnapshot = true
        return [.event(reason), .send(.requestSnapshot)]
    }

    /// The answer to our hello.
    mutating func receive(_ welcome: Welcome, buffer: TextBuffer) -> [ClientEffect] {
        guard phase == .joining else { return [.event(.ignored("welcome while \(phase)"))] }
        me = welcome.you
        participants = Dictionary(uniqueKeysWithValues: welcome.participants.map { ($0.id, $0) })
        var effects: [ClientEffect] = [.welcomed(you: welcome.you, participants: welcome.participants)]
        switch welcome.start {
        case .resume(let revision):
            guard let synced, synced.epoch == welcome.epoch, synced.revision == revision else {
                return effects + requestSnapshot(.revisionGap(expected: synced?.revision ?? -1, received: revision))
            }
            phase = .live
            effects.append(.event(.resumed(revision: revision)))
            // The host handles the changes in flight after the replay; unsent work follows them now.
            return effects + submitIfChanged(buffer)
        case .snapshot(let snapshot):
            return effects + adopt(snapshot, epoch: welcome.epoch, buffer: buffer)
        }
    }

    /// A snapshot outside a welcome: after our request, or because our change's base was too old.
    mutating func receive(_ snapshot: Snapshot, buffer: TextBuffer) -> [ClientEffect] {
        guard phase == .live || phase == .resyncing, let synced else {
            return [.event(.ignored("snapshot of revision \(snapshot.revision) while \(phase)"))]
        }
        return adopt(snapshot, epoch: synced.epoch, buffer: buffer)
    }

    /// Starts over from `snapshot`, keeping local work: the buffer's edits since the last text the host is known
    /// to have (the `sent` text of the latest change in flight the snapshot includes, else `synced`) are merged
    /// onto the snapshot with `BestEffortMerge`; hunks that fail are reported as a `conflict`. On a first join the buffer simply
    /// becomes the host text (the shell backs up a different local file before connecting).
    mutating func adopt(_ snapshot: Snapshot, epoch: UInt64, buffer: TextBuffer) -> [ClientEffect] {
        let included = inFlightChanges.last { snapshot.acceptedSequence >= $0.submission.id.sequence }
        let base = included?.sent ?? synced?.text
        let hostText = TextBuffer(snapshot.text)
        var target = hostText
        var effects: [ClientEffect] = []
        if let base, base != buffer {
            let merge = BestEffortMerge.merge(base: base.string, edited: buffer.string, onto: snapshot.text)
            target = TextBuffer(merge.text)
            if !merge.failedHunks.isEmpty { effects.append(.conflict(merge.failedHunks)) }
        }
        let bufferChange = TextDiff.change(from: buffer, to: target)
        if !bufferChange.isIdentity { effects.insert(.applyToBuffer(bufferChange, result: target), at: 0) }
        synced = Synced(epoch: epoch, revision: snapshot.revision, text: hostText)
        inFlightChanges = []
        unsent = UnsentEdits(observed: target, change: TextDiff.change(from: hostText, to: target))
        phase = .live
        needsSnapshot = false
        nextSequence = max(nextSequence, snapshot.acceptedSequence + 1)
        effects.append(.event(.startedFromSnapshot(revision: snapshot.revision, reason: snapshot.reason)))
        return effects + submitIfChanged(target)
    }
}
