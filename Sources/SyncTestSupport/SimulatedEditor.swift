import EditorCore
import SyncEngine

/// An editor in a simulation: a `ClientDocument`, the buffer it syncs, and what the editor would draw.
///
/// It performs the client's effects the way the real editor must: takes each `applyToBuffer` result as its buffer
/// and carries its own selection and the remote selections through the change.
public struct SimulatedEditor: Sendable {
    /// The sync state machine.
    public var client: ClientDocument
    /// The editor's text.
    public var buffer: TextBuffer
    /// The user's selection in `buffer`.
    public var selection = Selection(cursor: 0)
    /// Other participants' selections in `buffer`, as last relayed and carried through later changes.
    public var remoteSelections: [ParticipantID: [Selection]] = [:]
    /// Hunks of local work that could not be merged (kept, as the real editor keeps them in a conflict file).
    public var conflicts: [FailedHunk] = []
    /// The client's log-worthy events, in order.
    public var events: [ClientEvent] = []
    /// Every change applied to the buffer on the client's behalf, in order (for undo tests).
    public var appliedRemoteChanges: [ChangeSet] = []

    /// An editor with an empty buffer, not yet connected.
    public init(clientID: ClientID, name: String) {
        client = ClientDocument(clientID: clientID, name: name)
        buffer = TextBuffer()
    }

    /// Performs the client's effects; returns the messages to send to the host, in order.
    public mutating func perform(_ effects: [ClientEffect]) -> [ClientMessage] {
        var outgoing: [ClientMessage] = []
        for effect in effects {
            switch effect {
            case .send(let message):
                outgoing.append(message)
            case .applyToBuffer(let change, let result):
                guard change.baseLength == buffer.scalarCount, change.targetLength == result.scalarCount else {
                    events.append(.ignored("SIMULATION: applyToBuffer does not fit the buffer"))
                    continue
                }
                buffer = result
                appliedRemoteChanges.append(change)
                selection = selection.mapped(through: change)
                for (participant, selections) in remoteSelections {
                    remoteSelections[participant] = selections.map { $0.mapped(through: change) }
                }
            case .remoteSelections(let participant, let selections):
                remoteSelections[participant] = selections
            case .welcomed(_, let participants):
                let present = Set(participants.map(\.id))
                remoteSelections = remoteSelections.filter { present.contains($0.key) }
            case .participantJoined:
                break
            case .participantLeft(let participant):
                remoteSelections[participant.id] = nil
            case .conflict(let hunks):
                conflicts += hunks
            case .event(let event):
                events.append(event)
            }
        }
        return outgoing
    }

    /// The user replaces `range` of the buffer (scalars) with `text`, and the cursor goes after it.
    public mutating func edit(replacing range: Range<Int>, with text: String) {
        edit(ChangeSet.replacing(range, with: text, baseLength: buffer.scalarCount))
        selection = Selection(cursor: range.lowerBound + text.unicodeScalars.count)
    }

    /// The user makes `change` (exact against the buffer); selections are carried through it.
    ///
    /// - Precondition: `change.baseLength == buffer.scalarCount`.
    public mutating func edit(_ change: ChangeSet) {
        do {
            try change.apply(to: &buffer)
        } catch {
            preconditionFailure("a user edit must fit the buffer: \(error)")
        }
        selection = selection.mapped(through: change)
        remoteSelections = remoteSelections.mapValues { $0.map { $0.mapped(through: change) } }
    }
}
