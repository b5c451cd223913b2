import EditorCore
import SyncEngine

/// One host and N editors joined by in-memory links, each a FIFO queue per direction, driven step by step.
///
/// A test (or `RandomSession`) decides what happens next: a user edits, an editor ticks, one message is delivered
/// on one link, a connection drops (the messages on its links are lost) or comes back. Deterministic: no clocks,
/// no threads; the same calls give the same run.
public struct SimulatedNetwork: Sendable {
    /// The host document.
    public private(set) var host: HostDocument
    /// The editors, by index.
    public var editors: [SimulatedEditor]
    /// Messages on their way from each editor to the host, oldest first.
    public private(set) var toHost: [[ClientMessage]]
    /// Messages on their way from the host to each editor, oldest first.
    public private(set) var toEditor: [[HostMessage]]
    /// Whether each editor has a connection (possibly still joining).
    public private(set) var isConnected: [Bool]
    /// The participant number of each editor's current connection, once the host has admitted it.
    public private(set) var participantOfEditor: [ParticipantID?]
    /// Every protocol violation the host reported (a correct run has none).
    public private(set) var violations: [SyncError] = []
    /// Every event the host reported.
    public private(set) var hostEvents: [HostEvent] = []
    /// Every revision committed, in order (what a journal would have written).
    public private(set) var commits: [LogEntry] = []
    /// Every distinct submission the editors sent (resends not repeated), in order.
    public private(set) var submissions: [Submission] = []
    /// Whether to record `trace` (off by default: it costs time).
    public var isTracing = false
    /// Whether an ack queued right behind another ack to the same editor replaces it, as the host's shell does when
    /// it holds acknowledgements back (`Acknowledgement` is cumulative).
    public var coalescesAcks = false
    /// What happened, one line per step, when `isTracing`.
    public private(set) var trace: [String] = []

    /// A network whose host holds `text`, with `editorCount` editors, all offline.
    public init(
        text: String, editorCount: Int, configuration: HostDocument.Configuration = .init(), epoch: UInt64 = 1
    ) {
        host = HostDocument(text: text, epoch: epoch, configuration: configuration)
        editors = (0..<editorCount).map {
            SimulatedEditor(clientID: ClientID(UInt64(1000 + $0)), name: "editor\($0)")
        }
        toHost = Array(repeating: [], count: editorCount)
        toEditor = Array(repeating: [], count: editorCount)
        isConnected = Array(repeating: false, count: editorCount)
        participantOfEditor = Array(repeating: nil, count: editorCount)
    }

    /// Opens a connection for editor `index` (its hello goes on the link).
    public mutating func connect(_ index: Int) {
        guard !isConnected[index] else { return }
        if isTracing { trace.append("connect \(index)") }
        isConnected[index] = true
        let effects = editors[index].client.connected()
        toHost[index] += editors[index].perform(effects)
    }

    /// Drops editor `index`'s connection: messages on its links are lost, the host and the client are told.
    public mutating func disconnect(_ index: Int) {
        guard isConnected[index] else { return }
        if isTracing {
            trace.append("disconnect \(index) (lost \(toHost[index].count) up, \(toEditor[index].count) down)")
        }
        isConnected[index] = false
        toHost[index].removeAll()
        toEditor[index].removeAll()
        if let participant = participantOfEditor[index] {
            participantOfEditor[index] = nil
            perform(host.leave(participant))
        }
        editors[index].client.disconnected()
    }

    /// The user of editor `index` replaces `range` with `text`.
    public mutating func edit(_ index: Int, replacing range: Range<Int>, with text: String) {
        if isTracing {
            trace.append(
                "edit \(index): \(range) -> \(text.debugDescription) on "
                    + editors[index].buffer.string.debugDescription
            )
        }
        editors[index].edit(replacing: range, with: text)
    }

    /// The user of editor `index` makes `change` (exact against its buffer).
    public mutating func apply(_ index: Int, change: ChangeSet) {
        if isTracing { trace.append("apply \(index): \(change)") }
        editors[index].edit(change)
    }

    /// Editor `index`'s sync tick.
    public mutating func tick(_ index: Int) {
        let effects = editors[index].client.tick(buffer: editors[index].buffer)
        if isTracing && !effects.isEmpty { trace.append("tick \(index): \(effects)") }
        send(editors[index].perform(effects), from: index)
    }

    /// Editor `index` reports its user's selection.
    public mutating func reportSelection(_ index: Int) {
        let editor = editors[index]
        let effects = editors[index].client.selectionsChanged([editor.selection], buffer: editor.buffer)
        send(editors[index].perform(effects), from: index)
    }

    /// Delivers the oldest message from editor `index` to the host; `false` if there was none.
    @discardableResult
    public mutating func deliverToHost(from index: Int) -> Bool {
        guard !toHost[index].isEmpty else { return false }
        let message = toHost[index].removeFirst()
        if isTracing { trace.append("host <- \(index): \(message)") }
        do {
            if case .hello(let hello) = message {
                let (participant, effects) = try host.join(hello)
                participantOfEditor[index] = participant
                perform(effects)
            } else if let participant = participantOfEditor[index] {
                perform(try host.receive(message, from: participant))
            }
        } catch {
            violations.append(error)
        }
        return true
    }

    /// Delivers the oldest message from the host to editor `index`; `false` if there was none.
    ///
    /// With `corruptingHash`, a hash the message carries arrives wrong (a simulated bug: the editor must resync).
    @discardableResult
    public mutating func deliverToEditor(_ index: Int, corruptingHash: Bool = false) -> Bool {
        guard !toEditor[index].isEmpty else { return false }
        var message = toEditor[index].removeFirst()
        if corruptingHash {
            switch message {
            case .broadcast(var broadcast) where broadcast.hash != nil:
                broadcast.hash = TextHash(rawValue: ~broadcast.hash!.rawValue)
                message = .broadcast(broadcast)
            case .ack(var ack) where ack.hash != nil:
                ack.hash = TextHash(rawValue: ~ack.hash!.rawValue)
                message = .ack(ack)
            default:
                break
            }
        }
        if isTracing { trace.append("\(index) <- host: \(message)") }
        let effects = editors[index].client.receive(message, buffer: editors[index].buffer)
        send(editors[index].perform(effects), from: index)
        return true
    }

    /// Whether no message is on any link.
    public var linksAreEmpty: Bool {
        toHost.allSatisfy(\.isEmpty) && toEditor.allSatisfy(\.isEmpty)
    }

    /// Whether every editor is connected, live, has nothing in flight and no unsent edit.
    public var isSettled: Bool {
        linksAreEmpty
            && editors.indices.allSatisfy { index in
                let client = editors[index].client
                return isConnected[index] && client.phase == .live && client.inFlightChanges.isEmpty
                    && client.synced?.text == editors[index].buffer
            }
    }

    /// Connects everyone and delivers and ticks until settled, in a fixed order; `false` if it did not settle
    /// within `maxRounds` rounds.
    @discardableResult
    public mutating func settle(maxRounds: Int = 10_000) -> Bool {
        for index in editors.indices { connect(index) }
        for _ in 0..<maxRounds {
            if isSettled { return true }
            for index in editors.indices {
                while deliverToHost(from: index) {}
            }
            for index in editors.indices {
                while deliverToEditor(index) {}
                tick(index)
            }
        }
        return isSettled
    }

    /// Queues messages from editor `index` to the host (dropped if it is offline).
    private mutating func send(_ messages: [ClientMessage], from index: Int) {
        guard isConnected[index] else { return }
        for case .submit(let submission) in messages { submissions.append(submission) }
        toHost[index] += messages
    }

    /// Performs the host's effects.
    private mutating func perform(_ effects: [HostEffect]) {
        for effect in effects {
            switch effect {
            case .send(let message, let participant):
                guard let index = participantOfEditor.firstIndex(of: participant) else { break }
                if coalescesAcks, case .ack = message, case .ack? = toEditor[index].last {
                    toEditor[index][toEditor[index].count - 1] = message
                } else {
                    toEditor[index].append(message)
                }
            case .commit(let entry):
                commits.append(entry)
            case .event(let event):
                hostEvents.append(event)
            }
        }
    }
}
