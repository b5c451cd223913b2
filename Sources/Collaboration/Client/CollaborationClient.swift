import EditorCore
import NIOCore
import SyncEngine
import Transport

/// One editor's side of a shared document, for a single-threaded run loop that must never block on the network.
///
/// It wraps a `ClientDocument` and an `UpstreamLink` (a `JoinerSession` over TCP, or the host's in-process link
/// from `HostSession.makeLocalClient`). The link posts `LinkEvent`s into `inbox`, which tells the run loop: by
/// scheduling a turn on the loop given to `wakeTurns(on:)` (an event-loop run loop, as `coedit`'s, which also runs a
/// joiner's connection), or else by waking `wakePipe` (a run loop that polls `wakeFileDescriptor`). Each turn:
///
/// ```swift
/// for event in client.process(buffer: editor.buffer) { apply(event) }  // .applyRemote → Editor.applyRemote
/// // at most once per sync interval, only when the buffer or the selection changed:
/// client.tick(buffer: editor.buffer)
/// client.reportSelections(editor.selections, buffer: editor.buffer)
/// ```
///
/// Threading: confined to the run loop's thread; only `inbox` and `wakePipe` are touched by other threads.
/// `process` and `tick` never block: a send on the connection's own loop is written at once, others are queued.
public final class CollaborationClient {
    /// The sync state machine (read it for `revision`, `phase`, `participants`).
    public private(set) var document: ClientDocument
    /// Where the link posts its events (thread-safe).
    public let inbox: EventInbox<LinkEvent>
    /// The self-pipe the inbox wakes (unless `wakeTurns(on:)` gave it a loop).
    public var wakePipe: WakePipe { waker.pipe }
    /// Who is told about new events: the pipe, or the handler.
    private let waker: InboxWaker
    /// The link to the host, once attached.
    private var link: (any UpstreamLink)?
    /// The current connection's generation, nil while offline.
    private var generation: UInt64?
    /// The connection status, as last reported.
    public private(set) var status: ConnectionStatus = .offline(reason: nil)
    /// Whether the host admitted us as a read-only guest: we never submit changes.
    public private(set) var isReadOnly = false
    /// A save request waiting until every edit made before it has been submitted.
    private var savePending = false
    /// The selections last reported, to report only changes.
    private var reportedSelections: [Selection]?

    /// A client for `name` with identity `clientID` (random by default: a new identity per run of the editor).
    ///
    /// - Throws: `WakePipe.Failure` when no pipe can be created.
    public init(clientID: ClientID = ClientID(UInt64.random(in: 1...UInt64.max)), name: String) throws(WakePipe.Failure) {
        document = ClientDocument(clientID: clientID, name: name)
        let waker = InboxWaker(pipe: try WakePipe())
        self.waker = waker
        inbox = EventInbox(wake: { waker.wake() })
    }

    deinit {
        link?.close()
    }

    /// The file descriptor to poll for `POLLIN` beside stdin: readable when `process` has work.
    public var wakeFileDescriptor: Int32 { wakePipe.fileDescriptor }

    /// Has the network schedule `turn` on `loop` each time it posts events, instead of waking the pipe: for a run
    /// loop that is itself an event loop (`coedit`'s). Wakes that come before the scheduled turn runs share it. `turn`
    /// is also scheduled once at once, in case events were posted before. nil `loop`: back to the pipe.
    public func wakeTurns(on loop: (any EventLoop)?, _ turn: @escaping @Sendable () -> Void = {}) {
        guard let loop else { return waker.setHandler(nil) }
        let scheduled = ScheduledFlag()
        waker.setHandler {
            guard scheduled.set() else { return }
            loop.execute {
                scheduled.clear()
                turn()
            }
        }
    }

    /// Connects this client to its link (once, before any event is processed).
    public func attach(_ link: any UpstreamLink) {
        precondition(self.link == nil, "a CollaborationClient is attached to one link")
        self.link = link
    }

    /// Us, as the host numbered us (nil before the first welcome).
    public var me: Participant? { document.me }

    /// Everyone connected (us included), by number.
    public var participants: [Participant] { document.participants.values.sorted { $0.id < $1.id } }

    /// Handles everything the network posted since the last call; returns what the editor must do, in order.
    ///
    /// `buffer` is the editor's buffer now; each `applyRemote` in the result is a change of the buffer as left by
    /// the events before it, with the buffer it leads to (the editor takes that buffer: nothing is applied twice).
    public func process(buffer: TextBuffer) -> [CollaborationEvent] {
        wakePipe.drain()
        var current = buffer
        var events: [CollaborationEvent] = []
        for event in inbox.drain() {
            handle(event, buffer: &current, events: &events)
        }
        sendPendingSave(buffer: current)
        return events
    }

    /// Submits the buffer's changes if nothing is in flight (call at most once per sync interval, and only when
    /// the buffer changed). Does nothing for a read-only guest or while offline.
    public func tick(buffer: TextBuffer) {
        guard !isReadOnly else { return }
        send(document.tick(buffer: buffer))
        sendPendingSave(buffer: buffer)
    }

    /// Notes the buffer after a local edit (see `ClientDocument.observe`): call it after each input the editor
    /// handled, so that two edits made within one sync interval go out with their own boundaries.
    /// Returns the diff it made from the previously observed buffer (nil when it made none).
    @discardableResult
    public func observe(buffer: TextBuffer) -> LocalEdit? {
        document.observe(buffer)
    }

    /// Reports our selections (buffer positions) if they changed since the last report and we are live.
    public func reportSelections(_ selections: [Selection], buffer: TextBuffer) {
        guard document.phase == .live, selections != reportedSelections else { return }
        let effects = document.selectionsChanged(selections, buffer: buffer)
        if !effects.isEmpty { reportedSelections = selections }
        send(effects)
    }

    /// Asks the host to save the shared document once every edit in `buffer` has reached it (Ctrl-S).
    ///
    /// Returns `saveFailed` at once for a read-only guest or while offline (the editor may save a local copy).
    public func requestSave(buffer: TextBuffer) -> [CollaborationEvent] {
        if isReadOnly { return [.saveFailed("read-only guests cannot save the shared document")] }
        guard generation != nil else { return [.saveFailed("not connected to the host")] }
        savePending = true
        tick(buffer: buffer)
        return []
    }

    /// Asks the host for the acknowledgements it holds back, when changes are in flight: the host answers a `ping`
    /// with a `pong`, and sends a held ack before anything else (Docs/protocol.md §6.5). For a caller about to wait
    /// for its edits to be acknowledged, e.g. when quitting.
    public func requestAcknowledgements() {
        guard let generation, let link, document.phase == .live, !document.inFlightChanges.isEmpty else { return }
        link.send(.ping, on: generation)
    }

    /// Asks the host for revision `revision` of the history (nil: the newest); the answer arrives as a
    /// `historyReply` event. Returns false (sending nothing) while offline.
    public func requestHistory(revision: Int?) -> Bool {
        guard let generation, let link, document.phase == .live else { return false }
        link.send(.historyRequest(revision: revision), on: generation)
        return true
    }

    /// Whether the buffer holds edits the host has not acknowledged (in flight or not yet sent).
    public func hasUnacknowledgedEdits(buffer: TextBuffer) -> Bool {
        guard let synced = document.synced else { return !buffer.isEmpty }
        return document.inFlight != nil || synced.text != buffer
    }

    /// Writes what this thread sent in its current event-loop turn now rather than when the turn ends (see
    /// `UpstreamLink.flush`): the editor calls it after a tick, before drawing its frame.
    public func flush() {
        link?.flush()
    }

    /// Leaves the session: closes the link for good.
    public func close() {
        link?.close()
        generation = nil
        status = .closed
    }

    /// One link event.
    private func handle(_ event: LinkEvent, buffer: inout TextBuffer, events: inout [CollaborationEvent]) {
        switch event {
        case .connected(let generation, let role):
            self.generation = generation
            isReadOnly = role == .readOnly
            reportedSelections = nil
            setStatus(.joining, &events)
            perform(document.connected(), buffer: &buffer, events: &events)
        case .received(let generation, let message):
            guard generation == self.generation else { return }
            receive(message, buffer: &buffer, events: &events)
        case .disconnected(let generation, let reason):
            guard generation == self.generation else { return }
            self.generation = nil
            document.disconnected()
            setStatus(.offline(reason: reason), &events)
        case .retrying(let attempt, let delay, let reason):
            guard self.generation == nil, status != .closed else { return }
            events.append(.log("reconnecting (attempt \(attempt)) in \(delay.formattedSeconds): \(reason)"))
            setStatus(.retrying(attempt: attempt, delay: delay), &events)
        }
    }

    /// One message from the host.
    private func receive(_ message: JoinerBoundMessage, buffer: inout TextBuffer, events: inout [CollaborationEvent]) {
        switch message {
        case .sync(let message):
            perform(document.receive(message, buffer: buffer), buffer: &buffer, events: &events)
        case .saved(let notice):
            events.append(.saved(notice))
        case .saveFailed(let reason):
            events.append(.saveFailed(reason))
        case .hostLeaving:
            events.append(.hostLeaving)
        case .pong:
            break
        case .historyReply(let reply):
            events.append(.historyReply(reply))
        }
    }

    /// Performs the sync engine's effects: sends go to the link, the rest become events.
    private func perform(_ effects: [ClientEffect], buffer: inout TextBuffer, events: inout [CollaborationEvent]) {
        for effect in effects {
            switch effect {
            case .send(let message):
                send([.send(message)])
            case .applyToBuffer(let change, let result):
                buffer = result  // applied once, by the document; the editor adopts the same storage
                events.append(.applyRemote(change, result: result))
            case .remoteSelections(let participant, let selections):
                events.append(.remoteSelections(participant, selections))
            case .welcomed(let you, let participants):
                events.append(.welcomed(you: you, participants: participants, readOnly: isReadOnly))
                setStatus(.live, &events)
            case .participantJoined(let participant):
                events.append(.participantJoined(participant))
            case .participantLeft(let participant):
                events.append(.participantLeft(participant))
            case .conflict(let hunks):
                events.append(.conflict(hunks))
            case .event(let event):
                events.append(.log(event.description))
            }
        }
    }

    /// Sends the messages among `effects` on the current connection (a read-only guest never submits).
    private func send(_ effects: [ClientEffect]) {
        guard let generation, let link else { return }
        for case .send(let message) in effects {
            if isReadOnly, case .submit = message { continue }
            link.send(.sync(message), on: generation)
        }
    }

    /// Sends a pending save request once everything in `buffer` has been submitted (the host handles messages in
    /// order, so it saves after applying them).
    private func sendPendingSave(buffer: TextBuffer) {
        guard savePending, document.phase == .live, let generation, let link, document.sent == buffer else { return }
        savePending = false
        link.send(.save, on: generation)
    }

    /// Records and reports a status change.
    private func setStatus(_ status: ConnectionStatus, _ events: inout [CollaborationEvent]) {
        guard status != self.status else { return }
        self.status = status
        events.append(.statusChanged(status))
    }
}
