import EditorCore
import SyncEngine
import SyncTestSupport
import Testing

@Suite struct BestEffortMergeTests {
    @Test func trivialCasesNeedNoPatching() {
        #expect(BestEffortMerge.merge(base: "a", edited: "a", onto: "b").text == "b")
        #expect(BestEffortMerge.merge(base: "a", edited: "ab", onto: "a").text == "ab")
    }

    @Test func editsLandWhereTheyBelongEvenAfterALargeShift() {
        let base = "intro\n" + "The quick brown fox jumps over the lazy dog. Café ünïcödé 😀\n"
        let edited = base.replacingOccurrences(of: "lazy", with: "sleepy")
        // Someone pasted 5,000 scalars at the top: far beyond DMP's match distance from the original place.
        let paste = String(repeating: "漢字とかな ", count: 1000)
        let current = paste + base
        let result = BestEffortMerge.merge(base: base, edited: edited, onto: current)
        #expect(result.failedHunks.isEmpty)
        #expect(result.text == paste + edited)
    }

    @Test func aHunkWhoseContextIsGoneIsReportedNotDropped() {
        let base = "Line one.\nThe quick brown fox jumps over the lazy dog.\nLine three.\n"
        let edited = base.replacingOccurrences(of: "lazy", with: "sleepy 😴")
        // Meanwhile the whole sentence was rewritten.
        let current = "Line one.\n日本語の文章に書き換えられました。まったく別の内容です。\nLine three.\n"
        let result = BestEffortMerge.merge(base: base, edited: edited, onto: current)
        #expect(result.text == current)
        #expect(result.failedHunks.count == 1)
        #expect(result.failedHunks.first?.insertedText == "sleepy 😴")
        #expect(result.failedHunks.first?.removedText == "lazy")
        #expect(result.failedHunks.first?.patchText.hasPrefix("@@ -") == true)
    }

    @Test func aMergeSubmissionAtTheHostReportsItsFailedHunks() throws {
        var fixture = try HostFixture(
            text: "Line one.\n日本語の文章に書き換えられました。まったく別の内容です。\nLine three.\n", clients: 2)
        let base = "Line one.\nThe quick brown fox jumps over the lazy dog.\nLine three.\n"
        let edited = base.replacingOccurrences(of: "lazy", with: "sleepy").replacingOccurrences(of: "three", with: "3")
        let id = ChangeID(client: ClientID(2), sequence: 1)
        let effects = try fixture.host.receive(
            .submitMerge(MergeSubmission(id: id, baseText: base, text: edited)), from: fixture.participants[1])
        #expect(fixture.host.text.string.hasSuffix("Line 3.\n"))
        #expect(fixture.host.revision == 1)
        let toAuthor = HostFixture.messages(effects, to: fixture.participants[1])
        guard case .mergeResult(let result)? = toAuthor.last else {
            Issue.record("no merge result in \(toAuthor)")
            return
        }
        #expect(result.id == id && result.revision == 1)
        #expect(result.failedHunks.count == 1)
        #expect(result.failedHunks.first?.insertedText.hasPrefix("sleep") == true)
        // Everyone, the author included, gets the merged change as a broadcast.
        #expect(toAuthor.count == 2)
        #expect(HostFixture.messages(effects, to: fixture.participants[0]).count == 1)
        // Resent: the same answer, no second revision.
        let again = try fixture.host.receive(
            .submitMerge(MergeSubmission(id: id, baseText: base, text: edited)), from: fixture.participants[1])
        #expect(HostFixture.commits(again).isEmpty)
        #expect(HostFixture.messages(again, to: fixture.participants[1]) == [.mergeResult(result)])
    }

    @Test func offlineWorkBeyondTheLogWindowIsMergedOntoTheSnapshot() {
        var network = SimulatedNetwork(text: "alpha\nbeta\ngamma\n", editorCount: 2, configuration: .init(logWindow: 1))
        let settled = network.settle()
        #expect(settled)
        network.disconnect(1)
        // Offline: editor 1 edits "beta"; meanwhile editor 0 makes three revisions elsewhere.
        network.edit(1, replacing: 6..<10, with: "BÉTA")
        for line in ["one ", "two ", "three "] {
            network.edit(0, replacing: 0..<0, with: line)
            network.tick(0)
            while network.deliverToHost(from: 0) {}
            while network.deliverToEditor(0) {}
        }
        #expect(network.host.revision == 3)
        let settledAgain = network.settle()
        #expect(settledAgain)
        #expect(network.host.text.string == "three two one alpha\nBÉTA\ngamma\n")
        #expect(network.editors[1].events.contains(.startedFromSnapshot(revision: 3, reason: .joined)))
    }
}
