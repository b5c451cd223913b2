import EditorCore

/// The authoritative document on the host: text, revision number and the log of accepted changes.
///
/// The ot.js `Server` in Swift. Values in, effects out: `join`, `receive` and `leave` return the messages to send
/// and the revisions to journal as `HostEffect`s and never touch a socket or a clock.
///
/// **Exact rebase.** A submission based on revision `r` is rebased (`ChangeSet.transform`) over every change
/// accepted after `r`, in order, with the tie rule of `TieRule`, then applied and appended as the next revision:
///
///     r ──A(r+1)──▶ r+1 ──A(r+2)──▶ … ──▶ head
///     │                                    │
///     C                                    C'  = C rebased over A(r+1), A(r+2), …
///     ▼                                    ▼
///                                        head+1
///
/// The author gets an `ack`, everyone else a `broadcast` of `C'` (exact against `head`).
///
/// **Idempotent.** A change whose identity was already accepted is acknowledged again and never applied twice.
///
/// **Invariants:** `text` is the text at `revision`; the log's entries are the changes of revisions
/// `log.oldestRevision + 1 ... revision`; every client's sequence numbers were accepted in increasing order.
///
/// Limitations: the log keeps `configuration.logWindow` revisions; a change based on an older revision is not
/// applied and its author receives a snapshot to merge onto (see `ClientDocument`). Durable history is the
/// journal's job (it consumes `HostEffect.commit`).
public struct HostDocument: Sendable {
    /// Tuning knobs of a host document.
    public struct Configuration: Hashable, Sendable {
        /// How many recent revisions the log keeps for exact rebasing (at least 1).
        public var logWindow: Int
        /// The average number of scalars hashed per revision for `Broadcast.hash`: a revision carries a hash when
        /// `revision % (1 + length / hashBudget) == 0`, so documents under `hashBudget` scalars get one on every
        /// revision, a 100 K document on every 25th and a 1 MB document on every 245th or so. Hashing is a pass
        /// over the whole text on the host and on every client, the largest cost per keystroke before this budget
        /// (Docs/benchmarks.md); a divergence (a bug) is still found within that many revisions, and then resynced.
        public var hashBudget: Int
        /// How many colours the editors' palette has (see `Participant.colorIndex`).
        public var paletteSize: Int
        /// The most selections one cursor update may carry; more is a protocol violation.
        public var maxSelections: Int

        /// A configuration; the defaults suit an interactive session.
        public init(logWindow: Int = 10_000, hashBudget: Int = 4_096, paletteSize: Int = 8, maxSelections: Int = 1024)
        {
            self.logWindow = logWindow
            self.hashBudget = hashBudget
            self.paletteSize = paletteSize
            self.maxSelections = maxSelections
        }
    }

    /// What the host remembers about a client across its connections.
    struct ClientRecord: Sendable {
        /// The client's identity.
        var clientID: ClientID
        /// Its participant number (and tie rank), kept across reconnects.
        var participant: ParticipantID
        /// The name from its latest hello.
        var name: String
        /// Its colour.
        var colorIndex: Int
        /// The highest sequence number accepted from it (0: none).
        var lastAcceptedSequence: UInt64 = 0
        /// The revision that sequence became (or the head when a merge changed nothing).
        var lastAcceptedRevision: Int = 0
        /// Sequences below this that were not accepted are void (see `Hello.nextSequence`).
        var voidBelow: UInt64 = 0
        /// The failed hunks of its last merge submission, repeated if that merge is resent.
        var lastMergeFailures: [FailedHunk] = []
        /// How to carry positions that include its last accepted change to that change's revision.
        var bridge: Bridge?
    }

    /// How to carry a text that includes a client's changes in flight to the revision its latest accepted change
    /// became.
    ///
    /// While a client has changes in flight, it sees "the host text at its synced revision `j`, with its own
    /// changes accepted after `j` applied" (its `sent` text). `steps[i]` carries that view at `j = baseRevision + i`
    /// to the view at `j + 1`: revision `j + 1`'s change rebased after the client's changes accepted later, or an
    /// identity when revision `j + 1` is the client's own. Composed, the steps from `j` on lead to the text at
    /// `revision`. Followers (`Submission.followsPrevious`) and cursor updates that include changes in flight
    /// (`CursorUpdate.afterChange`) are carried through them.
    ///
    /// Invariant: `steps.count == revision - baseRevision - 1`; step `i` applies to a text of
    /// `steps[i].baseLength` scalars, and the last one leads to the text at `revision`.
    struct Bridge: Sendable {
        /// The client's latest accepted change.
        var id: ChangeID
        /// The revision that change was submitted against (the client's synced revision then; later submissions
        /// of the client are based on this revision or a later one).
        var baseRevision: Int
        /// The revision it became.
        var revision: Int
        /// The views' steps, see above.
        var steps: [ChangeSet]

        /// The length of the client's view at revision `base` (`baseRevision ..< revision`).
        func viewLength(at base: Int, log: RevisionLog) -> Int {
            let index = base - baseRevision
            return index < steps.count ? steps[index].baseLength : log.length(at: revision)
        }
    }

    /// This document's epoch (see `Welcome.epoch`), drawn by the shell and kept by the journal.
    public let epoch: UInt64
    /// The tuning knobs.
    public let configuration: Configuration
    /// The text at `revision`.
    public private(set) var text: TextBuffer
    /// The recent accepted changes.
    public private(set) var log: RevisionLog
    /// Clients ever seen, by identity.
    var clients: [ClientID: ClientRecord] = [:]
    /// The client behind each participant number.
    var clientOfParticipant: [ParticipantID: ClientID] = [:]
    /// Participants with a live connection, ordered by id.
    var connected: [ParticipantID] = []
    /// Each connected participant's last reported selections, carried to the head revision.
    var cursors: [ParticipantID: [Selection]] = [:]
    /// The next participant number to give.
    var nextParticipant: UInt32 = 0

    /// A host document holding `text` as `revision` (0 for a freshly opened file).
    public init(text: String, epoch: UInt64, revision: Int = 0, configuration: Configuration = Configuration()) {
        self.epoch = epoch
        self.configuration = configuration
        self.text = TextBuffer(text)
        log = RevisionLog(revision: revision, length: self.text.scalarCount, window: configuration.logWindow)
    }

    /// A host document resumed from a journal: `text` is revision `revision`, and `entries` are the latest accepted
    /// changes, oldest first, the last one being `revision` (as many as the log window should hold).
    ///
    /// Clients that made those changes are remembered with their old participant numbers and accepted sequences,
    /// so a client resuming after a host restart is deduplicated and keeps its tie rank. New participants are
    /// numbered after the highest author seen.
    ///
    /// - Throws: `SyncError.inconsistentHistory` unless the entries are numbered consecutively up to `revision`
    ///   and chain (each change's base length is the previous one's target length, the last target length is
    ///   `text`'s length).
    public init(
        restoring text: String, revision: Int, entries: [LogEntry], epoch: UInt64,
        configuration: Configuration = Configuration()
    ) throws(SyncError) {
        let start = revision - entries.count
        let startLength = entries.first?.change.baseLength ?? TextBuffer(text).scalarCount
        self.init(text: "", epoch: epoch, revision: start, configuration: configuration)
        self.text = TextBuffer(text)
        log = RevisionLog(revision: start, length: startLength, window: configuration.logWindow)
        for entry in entries {
            guard entry.revision == log.newestRevision + 1 else {
                throw .inconsistentHistory("entry \(entry.revision) follows revision \(log.newestRevision)")
            }
            guard entry.change.baseLength == log.length(at: log.newestRevision) else {
                throw .inconsistentHistory("entry \(entry.revision) does not fit the text before it")
            }
            log.append(entry)
            nextParticipant = max(nextParticipant, entry.author.rawValue + 1)
            guard let id = entry.id else { continue }
            var record =
                clients[id.client]
                ?? ClientRecord(clientID: id.client, participant: entry.author, name: "", colorIndex: 0)
            record.lastAcceptedSequence = id.sequence
            record.lastAcceptedRevision = entry.revision
            clients[id.client] = record
            clientOfParticipant[entry.author] = id.client
        }
        guard self.text.scalarCount == log.length(at: revision) else {
            throw .inconsistentHistory(
                "the text has \(self.text.scalarCount) scalars, revision \(revision) has "
                    + "\(log.length(at: revision))")
        }
    }

    /// The head revision: the number of the last accepted change.
    public var revision: Int { log.newestRevision }

    /// The connected participants, ordered by id.
    public var participants: [Participant] { connected.compactMap(participant) }

    /// The connected participant numbered `id`, or `nil`.
    public func participant(_ id: ParticipantID) -> Participant? {
        guard connected.contains(id), let client = clientOfParticipant[id], let record = clients[client] else {
            return nil
        }
        return Participant(id: id, name: record.name, colorIndex: record.colorIndex)
    }

    /// Handles a message from a connected participant (anything but a hello, which goes to `join`).
    ///
    /// - Throws: `SyncError` for a protocol violation; the document is then unchanged.
    public mutating func receive(
        _ message: ClientMessage, from participant: ParticipantID
    ) throws(SyncError) -> [HostEffect] {
        guard connected.contains(participant), let clientID = clientOfParticipant[participant] else {
            throw .unknownParticipant(participant)
        }
        switch message {
        case .hello:
            throw .unexpectedHello(participant)
        case .submit(let submission):
            return try submit(submission, from: clientID)
        case .cursor(let update):
            return try updateCursor(update, from: clientID)
        case .requestSnapshot:
            let snapshot = makeSnapshot(for: clientID, reason: .requested)
            return [.send(.snapshot(snapshot), to: participant)]
        case .submitMerge(let submission):
            return try merge(submission, from: clientID)
        }
    }

    /// Validates and applies a submission, or answers it without applying it (duplicate, base too old).
    mutating func submit(_ submission: Submission, from clientID: ClientID) throws(SyncError) -> [HostEffect] {
        let id = submission.id
        guard let record = clients[clientID] else { throw .foreignChange(id, sender: clientID) }
        if let duplicate = try duplicateAnswer(to: id, record: record) { return duplicate }
        if id.sequence < record.voidBelow { return [.event(.voidChange(id))] }
        return try place(submission, record: record)
    }

    /// Checks a new submission's base and length (a follower's against its bridge) and accepts it, or refuses it
    /// with a snapshot when it cannot be placed exactly.
    mutating func place(_ submission: Submission, record: ClientRecord) throws(SyncError) -> [HostEffect] {
        let (id, base) = (submission.id, submission.baseRevision)
        if base > revision { throw .revisionFromFuture(revision: base, head: revision) }
        if submission.followsPrevious, record.lastAcceptedSequence + 1 != id.sequence {
            return [.event(.voidChange(id))]  // its predecessor was refused or void: so is it
        }
        if !log.knows(base) { return refuse(submission, from: record) }
        if submission.followsPrevious {
            guard let bridge = record.bridge, bridge.id.sequence + 1 == id.sequence else {
                return refuse(submission, from: record)  // the host restarted since the predecessor was accepted
            }
            guard base >= bridge.baseRevision, base < bridge.revision else {
                throw .followerOutsideBridge(
                    id, baseRevision: base, previousBase: bridge.baseRevision, previousRevision: bridge.revision)
            }
            try checkLength(of: submission, expected: bridge.viewLength(at: base, log: log))
        } else {
            try checkLength(of: submission, expected: log.length(at: base))
        }
        return accept(submission, from: record.clientID)
    }

    /// Answers a submission the host cannot place exactly (its base left the log, or the changes it follows can no
    /// longer be bridged) with a snapshot; the client merges its work onto it.
    private func refuse(_ submission: Submission, from record: ClientRecord) -> [HostEffect] {
        let snapshot = makeSnapshot(for: record.clientID, reason: .baseTooOld(submission.id))
        return [
            .event(.baseTooOld(submission.id, baseRevision: submission.baseRevision, oldestKnown: log.oldestRevision)),
            .send(.snapshot(snapshot), to: record.participant),
        ]
    }

    /// The answer to an already accepted change identity, `nil` for a new one.
    ///
    /// - Throws: `SyncError.foreignChange` for another client's identity, `.staleSequence` for an identity below
    ///   the last accepted one (which a correct client never resends).
    func duplicateAnswer(to id: ChangeID, record: ClientRecord) throws(SyncError) -> [HostEffect]? {
        guard id.client == record.clientID else { throw .foreignChange(id, sender: record.clientID) }
        if id.sequence > record.lastAcceptedSequence { return nil }
        guard id.sequence == record.lastAcceptedSequence, id.sequence > 0 else {
            throw .staleSequence(id, lastAccepted: record.lastAcceptedSequence)
        }
        let revision = record.lastAcceptedRevision
        return [
            .event(.duplicateChange(id, revision: revision)),
            .send(.ack(Acknowledgement(id: id, revision: revision, hash: nil)), to: record.participant),
        ]
    }

    /// Checks that a submission fits the text it applies to, of `expected` scalars.
    func checkLength(of submission: Submission, expected: Int) throws(SyncError) {
        guard submission.change.baseLength == expected else {
            throw .lengthMismatch(
                submission.id, baseRevision: submission.baseRevision, expected: expected,
                actual: submission.change.baseLength)
        }
    }

    /// Rebases a validated submission onto the head, applies it and announces it.
    ///
    /// The change is rebased over every revision after its base; a follower meets the revisions up to its
    /// predecessor's through the client's `Bridge` (each as it looks after the client's changes; its own revisions
    /// are identities there), the later ones as they are. Each step, rebased after the change, becomes the new
    /// bridge.
    ///
    /// - Precondition: the base is known, the length fits, the identity is new, and a follower's bridge is its
    ///   predecessor's and spans its base (checked by the caller).
    mutating func accept(_ submission: Submission, from clientID: ClientID) -> [HostEffect] {
        let author = clients[clientID]!.participant
        let bridge = submission.followsPrevious ? clients[clientID]!.bridge : nil
        var change = submission.change
        var steps: [ChangeSet] = []
        steps.reserveCapacity(revision - submission.baseRevision)
        // Consecutive identity steps share one value (a pipelining client's own revisions are identities in its
        // view, up to a window of them per submission): one allocation instead of one each.
        var identityStep = ChangeSet.identity(length: 0)
        for entry in log.entries(after: submission.baseRevision) {
            // The revision as the client's view meets it; nil when it is the client's latest accepted change.
            var over: ChangeSet? = entry.change
            if let bridge, entry.revision <= bridge.revision {
                over = entry.revision == bridge.revision ? nil : bridge.steps[entry.revision - bridge.baseRevision - 1]
            }
            guard let over, !over.isIdentity else {
                if identityStep.baseLength != change.targetLength {
                    identityStep = .identity(length: change.targetLength)
                }
                steps.append(identityStep)
                continue
            }
            // Lengths were checked and every log entry (and bridge step) chains, so the transform cannot fail.
            guard let rebased = try? TieRule.rebase(change, by: author, over: over, by: entry.author) else {
                preconditionFailure("revision \(entry.revision) does not chain with a checked change")
            }
            change = rebased.local
            steps.append(rebased.remote)
        }
        let entry = commit(change, author: author, id: submission.id)
        clients[clientID]!.bridge = Bridge(
            id: submission.id, baseRevision: submission.baseRevision, revision: entry.revision, steps: steps)
        let hash = hashForBroadcast()
        var effects: [HostEffect] = [
            .commit(entry),
            .send(.ack(Acknowledgement(id: submission.id, revision: entry.revision, hash: hash)), to: author),
        ]
        effects += broadcast(entry, hash: hash, skipping: author)
        return effects
    }

    /// Applies an exact change as the next revision, records its author's sequence, and maps stored cursors.
    mutating func commit(_ change: ChangeSet, author: ParticipantID, id: ChangeID?) -> LogEntry {
        do {
            try change.apply(to: &text)
        } catch {
            preconditionFailure("a rebased change does not fit the head text: \(error)")
        }
        let entry = LogEntry(revision: revision + 1, author: author, id: id, change: change)
        log.append(entry)
        if let id, var record = clients[id.client] {
            record.lastAcceptedSequence = id.sequence
            record.lastAcceptedRevision = entry.revision
            record.bridge = nil
            clients[id.client] = record
        }
        for (participant, selections) in cursors {
            cursors[participant] = selections.map { $0.mapped(through: change) }
        }
        return entry
    }

    /// The hash to attach to the revision just committed, per `Configuration.hashBudget`.
    func hashForBroadcast() -> TextHash? {
        let stride = 1 + text.scalarCount / max(configuration.hashBudget, 1)
        return revision % stride == 0 ? TextHash(wordsOf: text) : nil
    }

    /// Sends `entry` to every connected participant except `skipping`.
    func broadcast(_ entry: LogEntry, hash: TextHash?, skipping: ParticipantID?) -> [HostEffect] {
        let message = HostMessage.broadcast(
            Broadcast(revision: entry.revision, author: entry.author, change: entry.change, hash: hash))
        return connected.filter { $0 != skipping }.map { .send(message, to: $0) }
    }

    /// The head text as a snapshot for `clientID`.
    func makeSnapshot(for clientID: ClientID, reason: Snapshot.Reason) -> Snapshot {
        Snapshot(
            revision: revision, text: text.string,
            acceptedSequence: clients[clientID]?.lastAcceptedSequence ?? 0, reason: reason)
    }
}
