import EditorCore

/// One editor's side of a session: the ot.js `Client` as an explicit state machine, in snapshot form, with a
/// pipeline of changes in flight.
///
/// Three texts:
///
///     synced ──changes in flight──▶ sent ──(unsent edits: composed from small diffs)──▶ buffer
///
/// - `synced` is the host text at `revision` (what every ack and broadcast is applied to, exactly);
/// - `sent` is `synced` with the changes in flight applied, oldest first, awaiting their acks;
/// - the buffer is what the user sees. The editor owns it and passes it in; the client never keeps a copy.
///
/// The editor never reports keystrokes: at each `tick(buffer:)` (the shell calls it at most once per sync interval,
/// and only when the buffer changed) the client diffs the buffer against the one it saw last, folds that into the
/// unsent change (`UnsentEdits`: diffs of close snapshots keep each edit's boundaries), and submits the unsent
/// change. It does not wait for the changes in flight to be acknowledged: each submission is made on `sent` and
/// says so (`Submission.followsPrevious`), and the host carries it through its predecessors
/// (`HostDocument.Bridge`). At most `maximumInFlight` changes are in flight; later edits wait for an ack.
/// Acknowledgements are cumulative (`Acknowledgement`): one ack may retire several changes.
///
/// A broadcast `A` (someone else's change) is applied to `synced` exactly; each change in flight `C₁ … Cₙ`, then
/// the unsent edits `U`, is rebased over `A` as rebased over the ones before it, and the editor's buffer receives
/// the last form of `A`, once (the editor maps its positions through it):
///
///     synced ──C₁──▶ ··· ──Cₙ──▶ sent ──U──▶ buffer
///       │                         │            │
///       A₀ = A                    Aₙ           Aₙ₊₁      (Cᵢ′, Aᵢ) = transform(Cᵢ, Aᵢ₋₁); (U′, Aₙ₊₁) likewise
///       ▼                         ▼            ▼
///     synced′ ─C₁′─▶ ··· ─Cₙ′─▶ sent′ ──U′─▶ buffer′
///
/// Phases: `offline` → `connected()` → `joining` → welcome → `live`; a hash mismatch or revision gap →
/// `resyncing` (snapshot requested) → `live`; `disconnected()` → `offline` from anywhere, keeping all local work.
/// Nothing traps on a bad message: it is ignored or triggers a resync, with an event.
public struct ClientDocument: Sendable {
    /// Where the client is in its connection's life.
    public enum Phase: Hashable, Sendable {
        /// No connection. Edits accumulate in the buffer.
        case offline
        /// Hello sent, waiting for the welcome.
        case joining
        /// Exchanging changes.
        case live
        /// A snapshot was requested after a mismatch; everything but the snapshot is ignored until it comes.
        case resyncing
    }

    /// The host text this client has applied: revision `revision` of the document of epoch `epoch`.
    public struct Synced: Sendable {
        /// The host document's epoch.
        public var epoch: UInt64
        /// The revision of `text`.
        public var revision: Int
        /// The host text at `revision`.
        public var text: TextBuffer
    }

    /// A change in flight: the submission as it would be resent (rebased over every broadcast since it was sent,
    /// so its `baseRevision` is always the synced revision) and the text it leads to.
    public struct InFlight: Sendable {
        /// The submission; its `change` is exact against `synced` with the earlier changes in flight applied, and it
        /// follows its predecessor (`followsPrevious`) unless it is the oldest change in flight.
        public var submission: Submission
        /// `synced` with the changes in flight up to this one applied.
        public var sent: TextBuffer
    }

    /// The most changes in flight at once; the next edits wait for an acknowledgement.
    public static let maximumInFlight = 64

    /// This client's identity.
    public let clientID: ClientID
    /// The name sent in each hello.
    public var name: String
    /// The connection phase.
    public internal(set) var phase: Phase = .offline
    /// The synced host text, `nil` before the first welcome.
    public internal(set) var synced: Synced?
    /// The changes awaiting their acknowledgements, oldest first (at most `maximumInFlight`).
    public internal(set) var inFlightChanges: [InFlight] = []
    /// Us, as the host numbered us (`nil` before the first welcome).
    public internal(set) var me: Participant?
    /// Everyone connected (us included), by number.
    public internal(set) var participants: [ParticipantID: Participant] = [:]
    /// The sequence number of our next submission.
    var nextSequence: UInt64 = 1
    /// Whether `synced` must not be trusted for resuming (a mismatch was seen and no snapshot came yet).
    var needsSnapshot = false
    /// The edits not sent yet (nil before the first welcome): exact from `sent` (the latest change in flight's, or
    /// `synced.text`) to the buffer as last observed.
    var unsent: UnsentEdits?

    /// A client that has not connected yet.
    public init(clientID: ClientID, name: String) {
        self.clientID = clientID
        self.name = name
    }

    /// The synced revision, or `nil` before the first welcome.
    public var revision: Int? { synced?.revision }

    /// The latest change in flight, if any.
    public var inFlight: InFlight? { inFlightChanges.last }

    /// The text the changes in flight lead to (`synced.text` when none is), or `nil` before the first welcome.
    public var sent: TextBuffer? { inFlightChanges.last?.sent ?? synced?.text }

    /// Observes the buffer (see `UnsentEdits`) and submits the unsent change, if live, the pipeline has room, and
    /// there is one. Returns `[.send(.submit(...))]` or nothing.
    public mutating func tick(buffer: TextBuffer) -> [ClientEffect] {
        observe(buffer)  // in every phase: offline typing is tracked edit by edit too
        guard phase == .live else { return [] }
        return submitIfChanged(buffer)
    }

    /// Handles a message from the host. `buffer` is the editor's buffer as it is now.
    public mutating func receive(_ message: HostMessage, buffer: TextBuffer) -> [ClientEffect] {
        switch message {
        case .welcome(let welcome): return receive(welcome, buffer: buffer)
        case .ack(let ack): return receive(ack, buffer: buffer)
        case .broadcast(let broadcast): return receive(broadcast, buffer: buffer)
        case .snapshot(let snapshot): return receive(snapshot, buffer: buffer)
        case .cursor(let relay): return receive(relay, buffer: buffer)
        case .participantJoined(let participant): return join(participant)
        case .participantLeft(let id): return leave(id)
        case .mergeResult(let result): return [.event(.ignored("merge result \(result.id) (we never merge)"))]
        }
    }

    /// Submits the unsent change (`sent` → `buffer`) when it is not the identity and the pipeline has room.
    mutating func submitIfChanged(_ buffer: TextBuffer) -> [ClientEffect] {
        guard let synced, inFlightChanges.count < Self.maximumInFlight,
            let change = unsentChange(observing: buffer), !change.isIdentity
        else { return [] }
        let submission = Submission(
            id: ChangeID(client: clientID, sequence: nextSequence), baseRevision: synced.revision,
            followsPrevious: !inFlightChanges.isEmpty, change: change)
        nextSequence += 1
        inFlightChanges.append(InFlight(submission: submission, sent: buffer))
        unsent = UnsentEdits(nothingAfter: buffer)
        return [.send(.submit(submission))]
    }

    /// Our changes up to `ack.id` were accepted, as the revisions up to `ack.revision`: they become the synced
    /// text; unsent edits go out if the pipeline was full.
    private mutating func receive(_ ack: Acknowledgement, buffer: TextBuffer) -> [ClientEffect] {
        guard phase == .live, let synced,
            let index = inFlightChanges.firstIndex(where: { $0.submission.id == ack.id })
        else {
            return [.event(.ignored("ack of \(ack.id) (revision \(ack.revision)) with nothing matching in flight"))]
        }
        let retired = index + 1
        guard ack.revision == synced.revision + retired else {
            return requestSnapshot(.revisionGap(expected: synced.revision + retired, received: ack.revision))
        }
        let sent = inFlightChanges[index].sent
        if let expected = ack.hash {
            let actual = TextHash(wordsOf: sent)
            if actual != expected {
                return requestSnapshot(.hashMismatch(revision: ack.revision, expected: expected, actual: actual))
            }
        }
        self.synced = Synced(epoch: synced.epoch, revision: ack.revision, text: sent)
        inFlightChanges.removeFirst(retired)
        for position in inFlightChanges.indices { inFlightChanges[position].submission.baseRevision = ack.revision }
        if let first = inFlightChanges.first?.submission, first.followsPrevious {
            inFlightChanges[0].submission.followsPrevious = false  // as it would be resent: its predecessor is synced
        }
        return submitIfChanged(buffer)
    }

    /// Someone else's change: apply it to `synced`, rebase our work over it, and hand the editor its share.
    private mutating func receive(_ broadcast: Broadcast, buffer: TextBuffer) -> [ClientEffect] {
        guard phase == .live, let synced, let me, let unsentChange = unsentChange(observing: buffer) else {
            return [.event(.ignored("broadcast of revision \(broadcast.revision) while \(phase)"))]
        }
        guard broadcast.revision == synced.revision + 1 else {
            return requestSnapshot(.revisionGap(expected: synced.revision + 1, received: broadcast.revision))
        }
        var text = synced.text
        do {
            try broadcast.change.apply(to: &text)
        } catch {
            return requestSnapshot(.invalidChange(revision: broadcast.revision, reason: "\(error)"))
        }
        if let expected = broadcast.hash {
            let actual = TextHash(wordsOf: text)
            if actual != expected {
                return requestSnapshot(.hashMismatch(revision: broadcast.revision, expected: expected, actual: actual))
            }
        }
        let author = broadcast.author
        var remote = broadcast.change
        var rebasedInFlight = inFlightChanges
        var bufferChange: ChangeSet
        var rebasedUnsent: ChangeSet
        var result: TextBuffer  // the buffer after `bufferChange`, made with one application at most
        do {
            for index in rebasedInFlight.indices {
                var inFlight = rebasedInFlight[index]
                let (local, over) = try TieRule.rebase(inFlight.submission.change, by: me.id, over: remote, by: author)
                try over.apply(to: &inFlight.sent)
                inFlight.submission.change = local
                inFlight.submission.baseRevision = broadcast.revision
                rebasedInFlight[index] = inFlight
                remote = over
            }
            if unsentChange.isIdentity {
                bufferChange = remote
                result = rebasedInFlight.last?.sent ?? text  // the buffer is `sent` (or `synced`) exactly
                rebasedUnsent = .identity(length: result.scalarCount)
            } else {
                (rebasedUnsent, bufferChange) = try TieRule.rebase(unsentChange, by: me.id, over: remote, by: author)
                result = buffer
                try bufferChange.apply(to: &result)
            }
        } catch {
            return requestSnapshot(.invalidChange(revision: broadcast.revision, reason: "\(error)"))
        }
        self.synced = Synced(epoch: synced.epoch, revision: broadcast.revision, text: text)
        self.inFlightChanges = rebasedInFlight
        self.unsent = UnsentEdits(observed: result, change: rebasedUnsent)
        return bufferChange.isIdentity ? [] : [.applyToBuffer(bufferChange, result: result)]
    }
}
