import EditorCore
import SyncEngine
import SyncTestSupport
import Testing

@Suite struct PresenceTests {
    @Test func theHostCarriesACursorFromItsRevisionToTheHead() throws {
        var fixture = try HostFixture(text: "日本語 text", clients: 2)
        _ = try fixture.host.receive(
            .submit(HostFixture.submission(0, sequence: 1, base: 0, .replacing(0..<0, with: "👩‍💻 ", baseLength: 8))),
            from: fixture.participants[0])
        // p1 still at revision 0 puts its cursor before "t" (position 4) and selects "語" (2..<3).
        let update = CursorUpdate(
            revision: 0, afterChange: nil, selections: [Selection(cursor: 4), Selection(anchor: 2, head: 3)])
        let effects = try fixture.host.receive(.cursor(update), from: fixture.participants[1])
        let expected = [Selection(cursor: 8), Selection(anchor: 6, head: 7)]
        #expect(
            HostFixture.messages(effects, to: fixture.participants[0])
                == [.cursor(CursorRelay(participant: fixture.participants[1], revision: 1, selections: expected))])
        #expect(fixture.host.selectionsAtHead[fixture.participants[1]] == expected)
    }

    @Test func aCursorAfterTheSendersOwnChangeGoesThroughItsBridge() throws {
        var fixture = try HostFixture(text: "abcd", clients: 2)
        // Concurrently at revision 0: p0 inserts "XY" at 0; p1 inserts "é" at 2 and has its cursor after it (3).
        _ = try fixture.host.receive(
            .submit(HostFixture.submission(0, sequence: 1, base: 0, .replacing(0..<0, with: "XY", baseLength: 4))),
            from: fixture.participants[0])
        let mine = HostFixture.submission(1, sequence: 1, base: 0, .replacing(2..<2, with: "é", baseLength: 4))
        _ = try fixture.host.receive(.submit(mine), from: fixture.participants[1])
        #expect(fixture.host.text.string == "XYabécd")
        let update = CursorUpdate(revision: 0, afterChange: mine.id, selections: [Selection(cursor: 3)])
        let effects = try fixture.host.receive(.cursor(update), from: fixture.participants[1])
        #expect(
            HostFixture.messages(effects, to: fixture.participants[0])
                == [
                    .cursor(
                        CursorRelay(
                            participant: fixture.participants[1], revision: 2, selections: [Selection(cursor: 5)]))
                ])
    }

    @Test func aCursorOutsideItsTextIsRejected() throws {
        var fixture = try HostFixture(text: "abc", clients: 1)
        let update = CursorUpdate(revision: 0, afterChange: nil, selections: [Selection(cursor: 4)])
        #expect(throws: SyncError.positionOutOfRange(position: 4, length: 3)) {
            try fixture.host.receive(.cursor(update), from: fixture.participants[0])
        }
        let future = CursorUpdate(revision: 1, afterChange: nil, selections: [Selection(cursor: 0)])
        #expect(throws: SyncError.revisionFromFuture(revision: 1, head: 0)) {
            try fixture.host.receive(.cursor(future), from: fixture.participants[0])
        }
    }

    @Test func clientsMapRelaysThroughTheirPendingWorkAndKeepThemOnTheirText() {
        var network = SimulatedNetwork(text: "hello world", editorCount: 2)
        let settled = network.settle()
        #expect(settled)
        // Editor 1 puts its cursor before "world" and reports it.
        network.editors[1].selection = Selection(cursor: 6)
        network.reportSelection(1)
        // Editor 0 has an edit in flight ("¡" at 0) and an unsent one ("日本 " at 1) before the relay arrives.
        network.edit(0, replacing: 0..<0, with: "¡")
        network.tick(0)
        network.edit(0, replacing: 1..<1, with: "日本 ")
        network.deliverToHost(from: 1)
        while network.deliverToEditor(0) {}
        let participant1 = network.participantOfEditor[1]!
        #expect(network.editors[0].remoteSelections[participant1] == [Selection(cursor: 10)])
        // After everything settles, both sides agree where editor 1's cursor is: still before "world".
        let settledAgain = network.settle()
        #expect(settledAgain)
        let buffer = network.editors[0].buffer.string
        #expect(buffer == "¡日本 hello world")
        #expect(network.editors[0].remoteSelections[participant1] == [Selection(cursor: 10)])
        #expect(network.editors[1].selection == Selection(cursor: 10))
    }

    @Test func ourOwnUnsentTextIsLeftOutOfTheReportedPositions() {
        var network = SimulatedNetwork(text: "ab", editorCount: 2)
        let settled = network.settle()
        #expect(settled)
        network.edit(0, replacing: 1..<1, with: "😀😀")  // unsent; the cursor is after it, at 3
        network.reportSelection(0)
        guard case .cursor(let update)? = network.toHost[0].last else {
            Issue.record("no cursor update queued: \(network.toHost[0])")
            return
        }
        #expect(update.selections == [Selection(cursor: 1)])
        #expect(update.afterChange == nil && update.revision == 0)
    }

    @Test func coloursAreDistinctAmongThosePresentAndStableAcrossAReconnect() throws {
        var host = HostDocument(text: "", epoch: 1, configuration: .init(paletteSize: 3))
        var ids: [ParticipantID] = []
        for client in 1...3 {
            ids.append(try host.join(Hello(clientID: ClientID(UInt64(client)), name: "c\(client)")).participant)
        }
        #expect(host.participants.map(\.colorIndex) == [0, 1, 2])
        _ = host.leave(ids[1])
        let newcomer = try host.join(Hello(clientID: ClientID(4), name: "c4")).participant
        #expect(host.participant(newcomer)?.colorIndex == 1)
        // c2 comes back: its colour 1 is taken now, so it gets the one free... none is: a fourth participant
        // in a palette of 3 wraps around by number.
        let back = try host.join(Hello(clientID: ClientID(2), name: "c2")).participant
        #expect(back == ids[1])
        #expect(host.participant(back)?.colorIndex == Int(back.rawValue % 3))
        // c4 leaves, c2 leaves, c2 comes back: its own colour again.
        _ = host.leave(newcomer)
        _ = host.leave(back)
        _ = try host.join(Hello(clientID: ClientID(2), name: "c2"))
        #expect(host.participant(back)?.colorIndex == 1)
        #expect(Set(host.participants.map(\.colorIndex)).count == host.participants.count)
    }
}
