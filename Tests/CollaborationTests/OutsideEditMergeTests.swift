import EditorCore
import Foundation
import Synchronization
import SyncEngine
import TestSupport
import Testing

@testable import Collaboration

/// Outside edits of the host's file merged through a running `HostSession` as "disk", and the conflict files that
/// keep hunks a best-effort merge could not apply.
@Suite("Outside edits and conflict files", .serialized)
struct OutsideEditMergeTests {
    /// Merges `text` as the file's new content against `baseline`; checks that `finish` saw the same outcome.
    private func merge(_ text: String, baseline: DiskBaseline, into host: HostSession) throws -> OutsideEditOutcome {
        let finished = Mutex<Int?>(nil)
        let merged = host.mergeOutsideEdit(
            prepare: { (text, baseline) }, finish: { outcome in finished.withLock { $0 = outcome.headRevision } })
        let outcome = try #require(merged)
        #expect(finished.withLock { $0 } == outcome.headRevision, "finish ran on the executor with the outcome")
        return outcome
    }

    @Test("the file's change is rebased exactly over the session's edits; every editor hears \"disk\"")
    func exactMerge() async throws {
        let log = LogLines()
        let store = InMemoryRevisionStore()
        let original = "première\ndeuxième\ntroisième\n"
        let host = try await Loopback.startHost(text: original, log: log, store: store)
        let own = TestEditor(label: "host", client: try host.makeLocalClient(name: "host"), text: original)
        let ann = try await Loopback.join(port: host.port, name: "ann", configuration: Loopback.joinerConfiguration(log: log))
        let editors = [own, ann]
        #expect(await pump(editors) { editors.allSatisfy { $0.client.status == .live } })
        // Session edits after the file was read (revision 0), unsaved.
        ann.insert("ann ✓ ", at: offset(of: "troisième", in: ann.buffer))
        own.insert("# 見出し\n", at: 0)
        var (settled, _) = await settle(editors, host: host)
        #expect(settled)

        let outcome = try merge(
            "première (git pull 😀)\ndeuxième\ntroisième\n", baseline: DiskBaseline(revision: 0, text: original),
            into: host)
        #expect(outcome.isExact)
        #expect(outcome.failedHunks.isEmpty)
        let revision = try #require(outcome.revision)
        let text: String
        (settled, text) = await settle(editors, host: host)
        #expect(settled)
        #expect(text == "# 見出し\npremière (git pull 😀)\ndeuxième\nann ✓ troisième\n")
        #expect(outcome.headText.string == text && outcome.headRevision == revision)
        #expect(ann.buffer.string == text && own.buffer.string == text)
        // "disk" joined and left every editor, and it is the author of the revision. The leave follows the change
        // on each connection, so an editor can show the new text a moment before it hears it: wait for it.
        func heardDisk(_ editor: TestEditor) -> (joined: Bool, left: Bool) {
            (
                editor.events.contains { if case .participantJoined(let p) = $0 { p.name == "disk" } else { false } },
                editor.events.contains { if case .participantLeft(let p) = $0 { p.name == "disk" } else { false } }
            )
        }
        let heard = await pump(editors) { editors.allSatisfy { heardDisk($0) == (true, true) } }
        #expect(heard, "\(editors.map { "\($0.label): \(heardDisk($0))" })")
        let disk = try #require(store.entries.last)
        #expect(disk.revision == revision)
        #expect(try await host.state().participants.map(\.name).sorted() == ["ann", "host"])

        // No change when the file's text is the baseline's.
        let none = try merge(text, baseline: DiskBaseline(revision: revision, text: text), into: host)
        #expect(none.revision == nil)
        editors.forEach { $0.client.close() }
        await host.stop()
    }

    @Test("a base that left the log: best effort, and a hunk that did not apply goes to a new conflict file")
    func bestEffortMergeKeepsFailedHunks() async throws {
        let log = LogLines()
        let words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett"]
        let lines = words.map { "\($0) — ünïcode ✓ \(String($0.reversed()))" }.joined(separator: "\n") + "\n"
        let host = try await Loopback.startHost(
            text: lines, log: log, document: HostDocument.Configuration(logWindow: 2))
        let own = TestEditor(label: "host", client: try host.makeLocalClient(name: "host"), text: lines)
        #expect(await pump([own]) { own.client.status == .live })
        // The session replaces its first half and makes more revisions than the log keeps.
        own.delete(at: 0, length: offset(of: "foxtrot", in: own.buffer))
        own.insert("RÉÉCRIT 漢字\n", at: 0)
        #expect(await pump([own]) { own.isSettled })
        for index in 0..<3 {
            own.insert("host \(index)\n", at: 0)
            #expect(await pump([own]) { own.isSettled })
        }
        // The file (read at revision 0) changed the bravo line (gone from the session) and the juliett line.
        let disk = lines.replacingOccurrences(of: "bravo", with: "deux bravo")
            .replacingOccurrences(of: "juliett", with: "DISK juliett")
        let outcome = try merge(disk, baseline: DiskBaseline(revision: 0, text: lines), into: host)
        #expect(!outcome.isExact)
        #expect(outcome.revision != nil)
        let (settled, text) = await settle([own], host: host)
        #expect(settled)
        #expect(text.contains("DISK juliett") && text.contains("RÉÉCRIT 漢字") && !text.contains("bravo"), "\(text)")
        #expect(outcome.failedHunks.contains { $0.insertedText.contains("deux") }, "\(outcome.failedHunks)")

        // Kept in a conflict file beside the document; a second one of the same second does not replace it.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("coedit-conflict-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let document = directory.appendingPathComponent("notes.tex").path
        let time = Date()
        let first = try ConflictFile.write(outcome.failedHunks, beside: document, source: .disk, at: time)
        let second = try ConflictFile.write(
            [FailedHunk(patchText: "@@ -1 +1 @@\n-a\n+b\n", removedText: "a", insertedText: "b")], beside: document,
            source: .reconnect, at: time)
        #expect(first == ConflictReport.filePath(for: document, at: time))
        #expect(second == first + "-2")
        let kept = try String(contentsOfFile: first, encoding: .utf8)
        #expect(kept.contains("the file inserted:\ndeux"), "\(kept)")
        #expect(kept.contains("session editing notes.tex"))
        let other = try String(contentsOfFile: second, encoding: .utf8)
        #expect(other.contains("edits of yours") && other.contains("you inserted:\nb"))
        own.client.close()
        await host.stop()
    }

    @Test("a person who calls themselves \"disk\" is renamed, so \"disk\" always means the file")
    func diskIsReserved() {
        #expect(OutsideEditAuthor.personName(for: "disk") == "disk (person)")
        #expect(OutsideEditAuthor.personName(for: "Dïsk") == "Dïsk")
    }
}
