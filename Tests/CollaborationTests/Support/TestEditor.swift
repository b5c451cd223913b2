import Collaboration
import EditorCore
import Foundation
import SyncEngine

/// An editor as the run loop would drive it: a `CollaborationClient`, a buffer, a cursor, remote cursors.
///
/// `pump()` does what one run-loop iteration does: handle the client's events (applying remote changes to the
/// buffer and carrying every position through them), then tick and report the selection.
final class TestEditor {
    let label: String
    let client: CollaborationClient
    var buffer: TextBuffer
    var selection = Selection(cursor: 0)
    var remoteSelections: [ParticipantID: [Selection]] = [:]
    var events: [CollaborationEvent] = []
    var conflicts: [FailedHunk] = []
    var saves: [SaveNotice] = []
    /// When set, the session types inserts only: no change this editor sends or receives may delete anything, and
    /// the first that does is recorded in `anomalies` with the state around it (a lost insert starts that way).
    var expectsInsertsOnly = false
    /// What broke `expectsInsertsOnly`, with context.
    var anomalies: [String] = []

    init(label: String, client: CollaborationClient, text: String = "") {
        self.label = label
        self.client = client
        buffer = TextBuffer(text)
    }

    /// One run-loop iteration.
    func pump() {
        let before = buffer
        let inFlightBefore = client.document.inFlight?.submission.id
        let processed = client.process(buffer: buffer)
        for event in processed {
            events.append(event)
            switch event {
            case .applyRemote(let change, let result):
                precondition(result.scalarCount == change.targetLength && buffer.scalarCount == change.baseLength)
                if expectsInsertsOnly, change.deletes {
                    anomalies.append(
                        "\(label) applied a deleting remote change \(change) to \(buffer.string.debugDescription); "
                            + "events this pump: \(processed)")
                }
                buffer = result
                selection = selection.mapped(through: change)
                remoteSelections = remoteSelections.mapValues { $0.map { $0.mapped(through: change) } }
            case .remoteSelections(let participant, let selections):
                remoteSelections[participant] = selections
            case .participantLeft(let participant):
                remoteSelections[participant.id] = nil
            case .conflict(let hunks):
                conflicts += hunks
            case .saved(let notice):
                saves.append(notice)
            default:
                break
            }
        }
        client.tick(buffer: buffer)
        client.reportSelections([selection], buffer: buffer)
        if expectsInsertsOnly, let inFlight = client.document.inFlight, inFlight.submission.id != inFlightBefore,
            inFlight.submission.change.deletes
        {
            anomalies.append(
                "\(label) submitted a deleting change \(inFlight.submission) from synced "
                    + "\(client.document.synced?.text.string.debugDescription ?? "nil") to "
                    + "\(buffer.string.debugDescription) (buffer before the pump: \(before.string.debugDescription)); "
                    + "events this pump: \(processed); recent events: \(events.suffix(30))")
        }
    }

    /// Types `text` at scalar `offset` (clamped to the buffer); the cursor goes after it.
    func insert(_ text: String, at offset: Int) {
        let position = min(max(offset, 0), buffer.scalarCount)
        let change = ChangeSet.replacing(position..<position, with: text, baseLength: buffer.scalarCount)
        try! change.apply(to: &buffer)
        selection = Selection(cursor: position + text.unicodeScalars.count)
        remoteSelections = remoteSelections.mapValues { $0.map { $0.mapped(through: change) } }
        client.observe(buffer: buffer)  // as the editor does after each input
    }

    /// Deletes `length` scalars at `offset` (clamped to the buffer).
    func delete(at offset: Int, length: Int) {
        let start = min(max(offset, 0), buffer.scalarCount)
        let end = min(start + max(length, 0), buffer.scalarCount)
        let change = ChangeSet.replacing(start..<end, with: "", baseLength: buffer.scalarCount)
        try! change.apply(to: &buffer)
        selection = Selection(cursor: start)
        remoteSelections = remoteSelections.mapValues { $0.map { $0.mapped(through: change) } }
        client.observe(buffer: buffer)
    }

    /// Whether the editor is live and every edit of it is acknowledged.
    var isSettled: Bool {
        client.status == .live && !client.hasUnacknowledgedEdits(buffer: buffer)
    }

    /// The log lines the client produced.
    var logLines: [String] {
        events.compactMap { if case .log(let line) = $0 { line } else { nil } }
    }

    /// The statuses the client went through.
    var statuses: [ConnectionStatus] {
        events.compactMap { if case .statusChanged(let status) = $0 { status } else { nil } }
    }
}

extension ChangeSet {
    /// Whether the change removes any text.
    var deletes: Bool { operations.contains { if case .delete = $0 { true } else { false } } }
}

/// Pumps `editors` until `condition` holds (every 5 ms, at most `seconds`); returns whether it did.
///
/// The bound counts 5 ms naps, not wall-clock time: when the machine or the cooperative pool is saturated and the
/// naps stretch, the other tasks still get as many chances to make `condition` true.
@discardableResult
func pump(_ editors: [TestEditor], seconds: Double = 10, until condition: () async -> Bool) async -> Bool {
    for _ in 0..<max(1, Int(seconds * 200)) {
        editors.forEach { $0.pump() }
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    editors.forEach { $0.pump() }
    return await condition()
}

/// Pumps until every editor is settled and shows the host's text; returns the host text.
func settle(_ editors: [TestEditor], host: HostSession, seconds: Double = 10) async -> (Bool, String) {
    var hostText = ""
    let settled = await pump(editors, seconds: seconds) {
        hostText = (try? await host.state())?.text ?? ""
        return editors.allSatisfy { $0.isSettled && $0.buffer.string == hostText }
    }
    return (settled, hostText)
}
