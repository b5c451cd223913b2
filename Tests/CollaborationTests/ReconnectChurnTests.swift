import EditorCore
import Foundation
import SyncEngine
import TestSupport
import Testing
import Transport

@testable import Collaboration

/// Typing through constant reconnects: the host drops every joiner that is silent for a few tens of milliseconds
/// (joiners ping only every 10 s), so connections die and resume mid-typing, with changes in flight, resent and
/// voided. Every insert must still be in the final text exactly once.
@Suite("Reconnect churn", .serialized)
struct ReconnectChurnTests {
    @Test("editors typing while the host keeps dropping joiners converge; every insert is kept exactly once")
    func churn() async throws {
        let seed = TestBudget.baseSeed()
        for round in 0..<TestBudget.iterations(3) {
            try await churnRound(seed: seed &+ UInt64(round))
        }
    }

    private func churnRound(seed: UInt64) async throws {
        let log = LogLines()
        let initial = "Intro: café 漢字 👩‍💻\nline two\n"
        var random = SeededGenerator(seed: seed)
        let silence = Duration.milliseconds(Int.random(in: 15...60, using: &random))
        let store = InMemoryRevisionStore()
        let host = try await Loopback.startHost(text: initial, log: log, store: store, silenceTimeout: silence)
        let configuration = Loopback.joinerConfiguration(log: log)
        let own = TestEditor(label: "host", client: try host.makeLocalClient(name: "höst"), text: initial)
        var editors = [own]
        for name in ["ann", "bör", "陈"] {
            editors.append(try await Loopback.join(port: host.port, name: name, configuration: configuration))
        }
        #expect(await pump(editors) { editors.allSatisfy { $0.client.status == .live } }, "seed \(seed)")
        editors.forEach { $0.expectsInsertsOnly = true }
        var markers: [String] = []
        for round in 0..<60 {
            for (index, editor) in editors.enumerated() where Bool.random(using: &random) {
                let marker = "⟦\(index).\(round)⟧"
                markers.append(marker)
                let lineStarts = [0] + editor.buffer.string.unicodeScalars.enumerated().filter { $0.element == "\n" }
                    .map { $0.offset + 1 }
                let filler = RandomText.string(maxFragments: 3, using: &random)
                editor.insert(marker + filler + "\n", at: lineStarts.randomElement(using: &random)!)
            }
            editors.forEach { $0.pump() }
            // Now and then a long gap, as when the test's task waits for a thread: events pile up and are handled
            // in one batch (several connections' worth of them).
            let gap = Int.random(in: 0..<10, using: &random) == 0 ? Int.random(in: 100...400, using: &random) : Int.random(in: 0...30, using: &random)
            try await Task.sleep(for: .milliseconds(gap))
        }
        // Let the joiners stay connected from here on: ping often enough.
        let (settled, text) = await settleThroughChurn(editors, host: host)
        let words = ["snapshot", "superseded", "arrived again", "voided", "dropped", "conflict", "mismatch", "gap", "ignored"]
        let unusual = (log.all + editors.flatMap { editor in editor.logLines.map { "\(editor.label): \($0)" } })
            .filter { line in words.contains { line.contains($0) } }
        #expect(settled, "seed \(seed)")
        for editor in editors { #expect(editor.buffer.string == text, "seed \(seed) \(editor.label)") }
        for editor in editors { #expect(editor.conflicts.isEmpty, "seed \(seed) \(editor.label): \(editor.conflicts)") }
        // Only inserts are typed, so no revision may delete anything: the first that does is where text was lost.
        let deleting = store.entries.filter(\.change.deletes)
        #expect(deleting.isEmpty, "seed \(seed): revisions that delete: \(deleting.prefix(3))")
        for editor in editors { #expect(editor.anomalies.isEmpty, "seed \(seed): \(editor.anomalies.prefix(2))") }
        let reconnects = log.all.filter { $0.contains("silent for") }.count
        // Every typed line is whole and there once. (This found the lost-edit-boundary bug: several inserts typed
        // while a change was in flight or offline went out as one diff, which could spread an old line's characters
        // over the new lines, and a concurrent insert then landed inside one of them; see `UnsentEdits`.)
        for marker in markers {
            #expect(
                text.components(separatedBy: marker).count == 2,
                "seed \(seed): \(marker) not exactly once (\(reconnects) drops); unusual: \(unusual.prefix(20))")
        }
        print("churn seed \(seed): \(markers.count) markers, \(reconnects) drops")
        editors.forEach { $0.client.close() }
        await host.stop()
    }

    /// Pumps until settled; the host keeps dropping silent joiners, so this also rides out reconnects.
    private func settleThroughChurn(_ editors: [TestEditor], host: HostSession) async -> (Bool, String) {
        var hostText = ""
        let settled = await pump(editors, seconds: 30) {
            hostText = (try? await host.state())?.text ?? ""
            return editors.allSatisfy { $0.isSettled && $0.buffer.string == hostText }
        }
        return (settled, hostText)
    }
}
