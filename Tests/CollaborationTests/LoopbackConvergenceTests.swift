import EditorCore
import Foundation
import Synchronization
import SyncEngine
import TestSupport
import Testing
import Transport

@testable import Collaboration

@Suite("Loopback sessions", .serialized)
struct LoopbackConvergenceTests {
    @Test("host editor + 3 joiners typing concurrently converge; every insert is kept exactly once")
    func fourEditorsConverge() async throws {
        let log = LogLines()
        let store = InMemoryRevisionStore()
        let initial = "Intro: café 漢字 👩‍💻\nline two\n"
        let host = try await Loopback.startHost(text: initial, log: log, store: store)
        let configuration = Loopback.joinerConfiguration(log: log)
        let own = TestEditor(label: "host", client: try host.makeLocalClient(name: "höst"), text: initial)
        var editors = [own]
        for name in ["ann", "bör", "陈"] {
            editors.append(try await Loopback.join(port: host.port, name: name, configuration: configuration))
        }
        let joined = await pump(editors) { editors.allSatisfy { $0.client.status == .live } }
        #expect(joined)
        #expect(editors.allSatisfy { $0.buffer.string == initial })
        #expect(Set(editors.compactMap { $0.client.me?.id }).count == 4)

        // Phase 1: inserts only, each a line carrying a unique marker, typed at the start of a line (so no insert
        // lands inside a marker).
        let seed = TestBudget.baseSeed()
        var random = SeededGenerator(seed: seed)
        var markers: [String] = []
        editors.forEach { $0.expectsInsertsOnly = true }
        for round in 0..<25 {
            for (index, editor) in editors.enumerated() where Bool.random(using: &random) {
                let marker = "⟦\(index).\(round)⟧"
                markers.append(marker)
                let filler = RandomText.string(maxFragments: 3, using: &random)
                let lineStarts = [0] + editor.buffer.string.unicodeScalars.enumerated().filter { $0.element == "\n" }
                    .map { $0.offset + 1 }
                editor.insert(marker + filler + "\n", at: lineStarts.randomElement(using: &random)!)
            }
            editors.forEach { $0.pump() }
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...4, using: &random)))
        }
        var (settled, text) = await settle(editors, host: host)
        #expect(settled, "seed \(seed)")
        for editor in editors { #expect(editor.buffer.string == text, "seed \(seed) \(editor.label)") }
        // What a failure should be read with (seen once in a loaded full run: one marker twice, two missing).
        let unusual = log.all.filter { line in
            ["reconnect", "snapshot", "superseded", "arrived again", "voided", "dropped", "closing", "no word"]
                .contains { line.contains($0) }
        }
        for marker in markers {
            #expect(
                text.components(separatedBy: marker).count == 2,
                "seed \(seed): \(marker) not exactly once; unusual log lines: \(unusual)")
        }
        // Only inserts so far: no revision may delete, and no editor may have sent or received a deleting change.
        let deleting = store.entries.filter(\.change.deletes)
        #expect(deleting.isEmpty, "seed \(seed): revisions that delete: \(deleting.prefix(3))")
        for editor in editors {
            #expect(editor.anomalies.isEmpty, "seed \(seed): \(editor.anomalies.prefix(2))")
            editor.expectsInsertsOnly = false
        }

        // Phase 2: inserts and deletes.
        for _ in 0..<25 {
            for editor in editors where Bool.random(using: &random) {
                let count = editor.buffer.scalarCount
                if Bool.random(using: &random) && count > 0 {
                    editor.delete(at: Int.random(in: 0..<count, using: &random), length: Int.random(in: 1...4, using: &random))
                } else {
                    editor.insert(RandomText.string(maxFragments: 4, using: &random), at: Int.random(in: 0...count, using: &random))
                }
            }
            editors.forEach { $0.pump() }
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...4, using: &random)))
        }
        (settled, text) = await settle(editors, host: host)
        #expect(settled, "seed \(seed)")
        for editor in editors { #expect(editor.buffer.string == text, "seed \(seed) \(editor.label)") }

        // The store got every revision, in order, each with the host's text after it, and replaying them gives
        // the live text.
        var replayed = TextBuffer(initial)
        let texts = store.texts
        for (index, entry) in store.entries.enumerated() {
            #expect(entry.revision == index + 1)
            try entry.change.apply(to: &replayed)
            #expect(texts[index] == replayed, "revision \(entry.revision): the text handed to the store")
        }
        #expect(replayed.string == text)
        #expect((try? await host.state())?.revision == store.entries.count)
        #expect(!log.contains("protocol violation"))
        editors.forEach { $0.client.close() }
        await host.stop()
    }

    @Test("remote cursors arrive at the peer's position, in the peer's buffer coordinates")
    func remoteCursors() async throws {
        let log = LogLines()
        let host = try await Loopback.startHost(text: "ab👍🏽cd\nsecond line", log: log)
        let own = TestEditor(label: "host", client: try host.makeLocalClient(name: "host"), text: "ab👍🏽cd\nsecond line")
        let ann = try await Loopback.join(port: host.port, name: "ann", configuration: Loopback.joinerConfiguration(log: log))
        let editors = [own, ann]
        #expect(await pump(editors) { editors.allSatisfy { $0.client.status == .live } })
        ann.selection = Selection(anchor: 9, head: 15)  // "second"
        let annID = try #require(ann.client.me?.id)
        let relayed = await pump(editors) { own.remoteSelections[annID] == [Selection(anchor: 9, head: 15)] }
        #expect(relayed, "host sees \(own.remoteSelections)")
        // Text inserted above moves the remote cursor with its text.
        own.insert("new first line\n", at: 0)
        let moved = await pump(editors) {
            own.remoteSelections[annID] == [Selection(anchor: 24, head: 30)]
                && ann.buffer.string == own.buffer.string
        }
        #expect(moved, "host sees \(own.remoteSelections)")
        // The names come with the participant list.
        #expect(own.client.participants.map(\.name).sorted() == ["ann", "host"])
        editors.forEach { $0.client.close() }
        await host.stop()
    }

    @Test("a burst of cursor moves is relayed throttled, and the last position always arrives")
    func presenceThrottled() async throws {
        let log = LogLines()
        let text = String(repeating: "ab漢\n", count: 50)
        let host = try await Loopback.startHost(text: text, log: log)
        let own = TestEditor(label: "host", client: try host.makeLocalClient(name: "host"), text: text)
        let ann = try await Loopback.join(port: host.port, name: "ann", configuration: Loopback.joinerConfiguration(log: log))
        let editors = [own, ann]
        #expect(await pump(editors) { editors.allSatisfy { $0.client.status == .live } })
        let annID = try #require(ann.client.me?.id)
        for position in 1...60 {
            ann.selection = Selection(cursor: position)
            ann.pump()  // one report per move (a real editor reports at most once per sync interval)
        }
        #expect(await pump(editors) { own.remoteSelections[annID] == [Selection(cursor: 60)] })
        let relays = own.events.filter { if case .remoteSelections = $0 { true } else { false } }.count
        #expect(relays < 30, "\(relays) relays for 60 moves")
        editors.forEach { $0.client.close() }
        await host.stop()
    }

    @Test("Ctrl-S by a joiner saves the host's head text, after the joiner's own edits, and everyone hears who")
    func saveByJoiner() async throws {
        let log = LogLines()
        let saved = SavedTexts()
        let host = try await Loopback.startHost(text: "draft", log: log) { text, notice in
            saved.append(text, notice.name)
        }
        let own = TestEditor(label: "host", client: try host.makeLocalClient(name: "host"), text: "draft")
        let ann = try await Loopback.join(port: host.port, name: "ann", configuration: Loopback.joinerConfiguration(log: log))
        let editors = [own, ann]
        #expect(await pump(editors) { editors.allSatisfy { $0.client.status == .live } })
        ann.insert(" — final ✓", at: 5)
        #expect(ann.client.requestSave(buffer: ann.buffer).isEmpty)
        let heard = await pump(editors) { own.saves.count == 1 && ann.saves.count == 1 }
        #expect(heard)
        #expect(saved.all.map(\.text) == ["draft — final ✓"])
        #expect(own.saves.first?.name == "ann")
        editors.forEach { $0.client.close() }
        await host.stop()
    }
}

/// Texts written by a test's save handler.
final class SavedTexts: Sendable {
    private let storage = Mutex<[(text: String, by: String)]>([])
    func append(_ text: String, _ name: String) { storage.withLock { $0.append((text, name)) } }
    var all: [(text: String, by: String)] { storage.withLock { $0 } }
}
