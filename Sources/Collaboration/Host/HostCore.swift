import Logging
import NIOCore
import SyncEngine
import Transport

/// The host's mutable state, confined to the session's serial event loop: the `HostDocument`, the links, the
/// presence throttle. Every method runs on that loop (`HostSession` hops there); nothing here blocks except the
/// save handler and the revision store, which the host chose to run there.
final class HostCore {
    /// The authoritative document.
    var document: HostDocument
    /// Every open link, by id.
    var links: [HostLink.ID: HostLink] = [:]
    /// The link each joined participant speaks through.
    private var linkOfParticipant: [ParticipantID: HostLink.ID] = [:]
    /// Where accepted revisions are recorded before they are announced.
    private let store: any RevisionStore
    /// Writes the document to the host's disk (nil: saving is not offered).
    private let saveHandler: SaveHandler?
    let logger: Logger
    /// The executor's gate (timers this core schedules enter the document through it).
    let gate: ExecutorGate
    private var throttle: PresenceThrottle
    /// Whether a presence flush is scheduled.
    private var flushScheduled = false
    /// Whether a release of held acknowledgements is scheduled.
    var ackReleaseScheduled = false
    /// The last message encoded, the encoder state it was encoded in, its bytes and the state after (a broadcast
    /// goes to many peers whose encoders are mostly in the same state: encode it once).
    private var encodeCache:
        (message: JoinerBoundMessage, before: JoinerBoundEncoder, bytes: [UInt8], after: JoinerBoundEncoder)?
    /// The "disk" author of outside edits of the shared file (see `mergeOutsideEdit`).
    var outsideAuthor = OutsideEditAuthor()
    /// Answers history requests from the store when it can read its history (the journal).
    private var history: HistoryService

    init(
        document: HostDocument, store: any RevisionStore, saveHandler: SaveHandler?, presenceInterval: Duration,
        logger: Logger, gate: ExecutorGate
    ) {
        self.document = document
        self.store = store
        self.saveHandler = saveHandler
        self.logger = logger
        self.gate = gate
        history = HistoryService(provider: store as? any HistoryProvider)
        throttle = PresenceThrottle(interval: presenceInterval.uptimeNanoseconds)
    }

    // MARK: Links

    /// A new link: it must say hello before anything else.
    func open(_ id: HostLink.ID, outlet: HostLink.Outlet, role: PeerRole) {
        links[id] = HostLink(
            outlet: outlet, role: role, participant: nil, lastHeard: NIODeadline.now().uptimeNanoseconds)
        if case .local(let inbox, let generation) = outlet {
            inbox.post(.connected(generation: generation, role: role))
        }
    }

    /// A link closed (by the peer, the network, or us): its participant leaves unless it reconnected meanwhile.
    func closed(_ id: HostLink.ID, reason: String?) {
        guard let link = links.removeValue(forKey: id) else { return }
        history.forget(id)
        if case .local(let inbox, let generation) = link.outlet {
            inbox.post(.disconnected(generation: generation, reason: reason))
        }
        guard let participant = link.participant, linkOfParticipant[participant] == id else { return }
        linkOfParticipant[participant] = nil
        throttle.forget(participant)
        perform(document.leave(participant))
    }

    /// A payload arrived on remote link `id`: decoded by the link's own decoder (`rev`/`seq` references and the
    /// client its hello named: Docs/protocol.md §6.1), then handled.
    func received(_ payload: [UInt8], on id: HostLink.ID) {
        guard var decoder = links[id]?.decoder else { return }  // closed meanwhile: drop
        let result = Result { () throws(MessageDecodingError) in try decoder.decode(payload) }
        links[id]?.decoder = decoder
        received(result, on: id)
    }

    /// A message arrived on link `id` (or a payload that failed to decode).
    func received(_ result: Result<HostBoundMessage, MessageDecodingError>, on id: HostLink.ID) {
        guard var link = links[id] else { return }  // closed meanwhile: drop
        link.lastHeard = NIODeadline.now().uptimeNanoseconds
        links[id] = link
        switch result {
        case .failure(let error):
            violation(on: id, error.description)
        case .success(let message):
            handle(message, link: link, id: id)
        }
    }

    /// Closes every remote link silent for `timeout` nanoseconds (a joiner that is alive pings at least every
    /// heartbeat interval, so silence means its machine or network is gone).
    func closeSilentLinks(timeout: UInt64) {
        let now = NIODeadline.now().uptimeNanoseconds
        for (id, link) in links {
            guard case .remote = link.outlet, now &- link.lastHeard >= timeout else { continue }
            logger.warning("closing \(link.label): silent for \(timeout / 1_000_000) ms")
            close(id, reason: "silent for too long")
        }
    }

    /// Sends `hostLeaving` to every link and closes them all.
    func shutDown() {
        for id in Array(links.keys) {
            send(.hostLeaving, to: id)
            close(id, reason: "the host left")
        }
    }

    // MARK: Messages

    private func handle(_ message: HostBoundMessage, link: HostLink, id: HostLink.ID) {
        if case .ping = message { return send(.pong, to: id) }
        guard let participant = link.participant else {
            guard case .sync(.hello(let hello)) = message else {
                return violation(on: id, "the first message must be a hello")
            }
            return join(hello, link: link, id: id)
        }
        switch message {
        case .sync(.submit), .sync(.submitMerge), .save:
            if link.role == .readOnly { return violation(on: id, "a read-only guest may not edit or save") }
        default:
            break
        }
        switch message {
        case .save:
            save(for: participant, id: id)
        case .sync(.cursor(let update)):
            do {
                _ = try document.receive(.cursor(update), from: participant)  // relays go out throttled instead
                relayCursorThrottled(participant)
            } catch {
                violation(on: id, error.description)
            }
        case .sync(let message):
            do {
                perform(try document.receive(message, from: participant))
            } catch {
                violation(on: id, error.description)
            }
        case .historyRequest(let revision):
            send(.historyReply(history.reply(to: revision, for: id, now: .now())), to: id)
        case .ping:
            break
        }
    }

    /// Admits a hello's sender.
    private func join(_ hello: Hello, link: HostLink, id: HostLink.ID) {
        if link.role == .readOnly, !hello.pending.isEmpty {
            return violation(on: id, "a read-only guest may not edit (its hello carries a change)")
        }
        var hello = hello
        hello.name = OutsideEditAuthor.personName(for: DisplayName.sanitized(hello.name))
        do {
            let (participant, effects) = try document.join(hello)
            if let previous = linkOfParticipant[participant], previous != id {
                // The same client on a new connection: the old one is superseded, without a leave.
                links[previous]?.participant = nil
                close(previous, reason: "superseded by a new connection of the same editor")
            }
            links[id]?.participant = participant
            linkOfParticipant[participant] = id
            perform(effects)
        } catch {
            violation(on: id, error.description)
        }
    }

    /// Saves the head text for `participant` and tells everyone, or tells the requester why not.
    private func save(for participant: ParticipantID, id: HostLink.ID) {
        guard let saveHandler else { return send(.saveFailed("this host does not save files"), to: id) }
        let name = document.participant(participant)?.name ?? "\(participant)"
        let notice = SaveNotice(participant: participant, name: name, revision: document.revision)
        do {
            try saveHandler(document.text.string, notice)
        } catch {
            logger.error("saving revision \(notice.revision) for \(name) failed: \(error)")
            return send(.saveFailed("the host could not save: \(error)"), to: id)
        }
        logger.info("saved revision \(notice.revision) for \(name)")
        for participant in document.participants.map(\.id) {
            if let link = linkOfParticipant[participant] { send(.saved(notice), to: link) }
        }
    }

    /// Tells every remote participant that the host saved (its own Ctrl-S, written by the host's shell).
    func announceSaved(_ notice: SaveNotice) {
        for (id, link) in links where link.participant != nil {
            if case .remote = link.outlet { send(.saved(notice), to: id) }
        }
    }

    // MARK: Effects

    /// Performs the document's effects in order: a commit is stored before the messages of its revision go out.
    func perform(_ effects: [HostEffect]) {
        for effect in effects {
            switch effect {
            case .commit(let entry):
                do {
                    try store.append(entry, committedTo: document)
                } catch {
                    logger.critical("could not record revision \(entry.revision): \(error)")
                }
            case .send(.ack(let ack), let participant):
                if let link = linkOfParticipant[participant] { hold(ack, for: link) }
            case .send(let message, let participant):
                if let link = linkOfParticipant[participant] { send(.sync(message), to: link) }
            case .event(let event):
                if case .joined(let participant, _) = event { store.participantJoined(participant) }
                logger.info("\(event.description)")
            }
        }
    }

    /// Sends `message` on link `id` (dropped if the link is gone), after the acknowledgement held for it, if any.
    private func send(_ message: JoinerBoundMessage, to id: HostLink.ID) {
        releaseAck(on: id)
        transmit(message, to: id)
    }

    /// Sends `message` on link `id` now (dropped if the link is gone).
    func transmit(_ message: JoinerBoundMessage, to id: HostLink.ID) {
        guard let link = links[id] else { return }
        switch link.outlet {
        case .local(let inbox, let generation):
            inbox.post(.received(generation: generation, message))
        case .remote(let connection):
            let bytes: [UInt8]
            var encoder = link.encoder
            if let cache = encodeCache, cache.before == encoder, cache.message == message {
                (bytes, encoder) = (cache.bytes, cache.after)
            } else {
                let before = encoder
                bytes = encoder.encode(message)
                encodeCache = (message, before, bytes, encoder)
            }
            links[id]?.encoder = encoder
            do {
                try connection.send(bytes)
            } catch {
                logger.error("cannot send to \(link.label): \(error)")
                close(id, reason: error.description)
            }
        }
    }

    /// Logs a protocol violation and closes the offending link; everyone else carries on.
    private func violation(on id: HostLink.ID, _ reason: String) {
        let label = links[id]?.label ?? "\(id)"
        logger.warning("closing \(label): protocol violation: \(reason)")
        close(id, reason: "protocol violation: \(reason)")
    }

    /// Closes link `id`; the participant leaves (through `closed`).
    private func close(_ id: HostLink.ID, reason: String) {
        guard let link = links[id] else { return }
        switch link.outlet {
        case .remote(let connection):
            connection.close()  // its `closed` event arrives later; handle the leave now
            closed(id, reason: reason)
        case .local:
            closed(id, reason: reason)
        }
    }

    // MARK: Presence

    /// Relays `participant`'s cursor now or at the end of its throttle interval.
    private func relayCursorThrottled(_ participant: ParticipantID) {
        if throttle.note(participant, now: NIODeadline.now().uptimeNanoseconds) {
            relayCursor(of: participant)
        } else {
            scheduleFlush()
        }
    }

    /// Sends `participant`'s selections at the head to everyone else.
    private func relayCursor(of participant: ParticipantID) {
        guard let selections = document.selectionsAtHead[participant] else { return }
        let relay = CursorRelay(participant: participant, revision: document.revision, selections: selections)
        for other in document.participants.map(\.id) where other != participant {
            if let link = linkOfParticipant[other] { send(.sync(.cursor(relay)), to: link) }
        }
    }

    /// Schedules the next presence flush at the throttle's earliest deadline.
    private func scheduleFlush() {
        guard !flushScheduled, let deadline = throttle.nextDeadline else { return }
        flushScheduled = true
        let (core, gate) = (NIOLoopBound(self, eventLoop: gate.loop), gate)
        gate.loop.scheduleTask(deadline: NIODeadline.uptimeNanoseconds(deadline)) {
            gate.runHere { core.value.flushPresence() }
        }
    }

    /// Relays every cursor whose interval ended.
    private func flushPresence() {
        flushScheduled = false
        for participant in throttle.due(now: NIODeadline.now().uptimeNanoseconds) {
            relayCursor(of: participant)
        }
        scheduleFlush()
    }
}

/// Writes the shared document to the host's disk: the head text and who asked. Runs on the host session's
/// executor; throwing sends the error's description to the requester as `saveFailed`.
public typealias SaveHandler = @Sendable (_ text: String, _ notice: SaveNotice) throws -> Void
