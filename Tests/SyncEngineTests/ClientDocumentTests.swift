@testable import EditorCore
import SyncEngine
import Testing

/// A client welcomed at revision `revision` with `text`, as participant 1.
private func liveClient(text: String, revision: Int = 0) -> ClientDocument {
    var client = ClientDocument(clientID: ClientID(9), name: "me")
    _ = client.connected()
    let me = Participant(id: ParticipantID(1), name: "me", colorIndex: 1)
    let snapshot = Snapshot(revision: revision, text: text, acceptedSequence: 0, reason: .joined)
    _ = client.receive(
        .welcome(Welcome(epoch: 3, you: me, participants: [me], start: .snapshot(snapshot))), buffer: TextBuffer())
    return client
}

/// The submissions in `effects`.
private func submissions(_ effects: [ClientEffect]) -> [Submission] {
    effects.compactMap { if case .send(.submit(let submission)) = $0 { submission } else { nil } }
}

@Suite struct ClientDocumentTests {
    @Test func theFirstWelcomeReplacesTheBufferWithTheHostText() {
        var client = ClientDocument(clientID: ClientID(9), name: "me")
        #expect(client.connected() == [.send(.hello(Hello(clientID: ClientID(9), name: "me")))])
        let me = Participant(id: ParticipantID(1), name: "me", colorIndex: 1)
        let snapshot = Snapshot(revision: 4, text: "日本", acceptedSequence: 0, reason: .joined)
        let effects = client.receive(
            .welcome(Welcome(epoch: 3, you: me, participants: [me], start: .snapshot(snapshot))),
            buffer: TextBuffer("local"))
        #expect(effects.contains(.applyToBuffer(TextDiff.change(from: "local", to: "日本"), result: TextBuffer("日本"))))
        #expect(client.phase == .live && client.revision == 4 && client.synced?.text.string == "日本")
        #expect(submissions(effects).isEmpty)
    }

    @Test func tickSubmitsWhatChangedWithoutWaitingForTheAck() {
        var client = liveClient(text: "ab")
        #expect(client.tick(buffer: TextBuffer("ab")).isEmpty)
        let first = submissions(client.tick(buffer: TextBuffer("aéb")))
        #expect(
            first == [
                Submission(
                    id: ChangeID(client: ClientID(9), sequence: 1), baseRevision: 0,
                    change: .replacing(1..<1, with: "é", baseLength: 2))
            ])
        #expect(client.tick(buffer: TextBuffer("aéb")).isEmpty, "nothing new: nothing sent")
        // The next edit goes at once, on top of the first (which is still in flight).
        let second = submissions(client.tick(buffer: TextBuffer("aéb!")))
        #expect(
            second == [
                Submission(
                    id: ChangeID(client: ClientID(9), sequence: 2), baseRevision: 0, followsPrevious: true,
                    change: .replacing(3..<3, with: "!", baseLength: 3))
            ])
        // The first ack retires the first change; the second, as it would be resent, now follows nothing.
        let afterAck = client.receive(
            .ack(Acknowledgement(id: first[0].id, revision: 1, hash: TextHash(wordsOf: "aéb"))),
            buffer: TextBuffer("aéb!"))
        #expect(afterAck.isEmpty)
        #expect(client.synced?.text.string == "aéb" && client.synced?.revision == 1)
        #expect(
            client.inFlightChanges.map(\.submission) == [
                Submission(
                    id: ChangeID(client: ClientID(9), sequence: 2), baseRevision: 1,
                    change: .replacing(3..<3, with: "!", baseLength: 3))
            ])
        #expect(client.acknowledgedSequence == 1)
    }

    @Test func oneAckRetiresEveryChangeInFlightUpToIt() {
        var client = liveClient(text: "東京", revision: 4)
        var ids: [ChangeID] = []
        for buffer in ["東京x", "東京xé", "東京xé😀"] {
            ids += submissions(client.tick(buffer: TextBuffer(buffer))).map(\.id)
        }
        #expect(ids.map(\.sequence) == [1, 2, 3] && client.inFlightChanges.count == 3)
        // Acks are cumulative: the third one says the three became revisions 5, 6, 7.
        let effects = client.receive(
            .ack(Acknowledgement(id: ids[2], revision: 7, hash: TextHash(wordsOf: "東京xé😀"))),
            buffer: TextBuffer("東京xé😀"))
        #expect(effects.isEmpty)
        #expect(client.inFlightChanges.isEmpty && client.synced?.revision == 7 && client.acknowledgedSequence == 3)
        #expect(client.synced?.text.string == "東京xé😀")
    }

    @Test func aCumulativeAckWithTheWrongRevisionIsAGap() {
        var client = liveClient(text: "a", revision: 2)
        let first = submissions(client.tick(buffer: TextBuffer("ab")))
        let second = submissions(client.tick(buffer: TextBuffer("abc")))
        // Two changes retired must be revisions 3 and 4: an ack saying 3 for the second is a gap.
        let effects = client.receive(
            .ack(Acknowledgement(id: second[0].id, revision: 3, hash: nil)), buffer: TextBuffer("abc"))
        #expect(effects.contains(.send(.requestSnapshot)) && client.phase == .resyncing)
        #expect(first.count == 1)
    }

    @Test func thePipelineHoldsAtMostItsMaximum() {
        var client = liveClient(text: "")
        var buffer = ""
        var sent = 0
        for index in 0..<(ClientDocument.maximumInFlight + 5) {
            buffer += index.isMultiple(of: 2) ? "é" : "字"
            sent += submissions(client.tick(buffer: TextBuffer(buffer))).count
        }
        #expect(sent == ClientDocument.maximumInFlight)
        #expect(client.inFlightChanges.count == ClientDocument.maximumInFlight)
        // An ack makes room: the waiting edits go out as one change.
        let firstID = client.inFlightChanges[0].submission.id
        let sentText = client.inFlightChanges[0].sent.string
        let effects = client.receive(
            .ack(Acknowledgement(id: firstID, revision: 1, hash: TextHash(wordsOf: sentText))),
            buffer: TextBuffer(buffer))
        #expect(submissions(effects).count == 1 && client.inFlight?.sent.string == buffer)
    }

    @Test func aBroadcastRebasesTheInFlightChangeAndTheUnsentEdits() {
        var client = liveClient(text: "abc")
        _ = client.tick(buffer: TextBuffer("aXbc"))  // in flight: X at 1
        // Unsent: "Y" at the end. The host accepted participant 0's "😀" at 0 first.
        let broadcast = Broadcast(
            revision: 1, author: ParticipantID(0), change: .replacing(0..<0, with: "😀", baseLength: 3),
            hash: TextHash(wordsOf: "😀abc"))
        let effects = client.receive(.broadcast(broadcast), buffer: TextBuffer("aXbcY"))
        #expect(effects == [.applyToBuffer(.replacing(0..<0, with: "😀", baseLength: 5), result: TextBuffer("😀aXbcY"))])
        #expect(client.synced?.text.string == "😀abc" && client.revision == 1)
        #expect(client.inFlight?.submission.baseRevision == 1)
        #expect(client.inFlight?.submission.change == .replacing(2..<2, with: "X", baseLength: 4))
        #expect(client.inFlight?.sent.string == "😀aXbc")
    }

    /// A broadcast is applied once: with nothing unsent, the buffer the effect hands over is the synced text's
    /// own storage (an editor that applied the change to its buffer again would hold a second copy, and a change
    /// applied twice would give a different text); with unsent edits, it is the buffer with the rebased change.
    @Test func aBroadcastIsAppliedOnceAndItsResultIsTheSyncedStorage() throws {
        var client = liveClient(text: "été 東京")
        let broadcast = Broadcast(
            revision: 1, author: ParticipantID(0), change: .replacing(0..<0, with: "🎉 ", baseLength: 6), hash: nil)
        let effects = client.receive(.broadcast(broadcast), buffer: TextBuffer("été 東京"))
        guard case .applyToBuffer(let change, let result) = try #require(effects.first) else {
            Issue.record("expected applyToBuffer, got \(effects)")
            return
        }
        #expect(change == broadcast.change && result.string == "🎉 été 東京")
        #expect(result.root === client.synced?.text.root, "the synced text itself, not a second application")

        // In flight: the result is the rebased `sent`, again without a separate application.
        _ = client.tick(buffer: TextBuffer("🎉 été 東京!"))
        let second = Broadcast(
            revision: 2, author: ParticipantID(0), change: .replacing(0..<0, with: "ñ", baseLength: 8), hash: nil)
        let inFlight = client.receive(.broadcast(second), buffer: TextBuffer("🎉 été 東京!"))
        guard case .applyToBuffer(_, let sentResult) = try #require(inFlight.first) else {
            Issue.record("expected applyToBuffer, got \(inFlight)")
            return
        }
        #expect(sentResult.string == "ñ🎉 été 東京!" && sentResult.root === client.inFlight?.sent.root)

        // Unsent edits beside the change in flight: the result carries them, rebased.
        let third = Broadcast(
            revision: 3, author: ParticipantID(0), change: .replacing(8..<8, with: "語", baseLength: 9), hash: nil)
        let unsent = client.receive(.broadcast(third), buffer: TextBuffer("ñ🎉 été 東京!?"))
        guard case .applyToBuffer(_, let unsentResult) = try #require(unsent.first) else {
            Issue.record("expected applyToBuffer, got \(unsent)")
            return
        }
        #expect(unsentResult.string == "ñ🎉 été 東語京!?")
        #expect(client.synced?.text.string == "ñ🎉 été 東語京" && client.inFlight?.sent.string == "ñ🎉 été 東語京!")
    }

    @Test func aHashMismatchRequestsASnapshotAndKeepsLocalWork() {
        var client = liveClient(text: "abc")
        _ = client.tick(buffer: TextBuffer("abcd"))
        let bad = Broadcast(
            revision: 1, author: ParticipantID(0), change: .replacing(0..<0, with: "z", baseLength: 3),
            hash: TextHash(rawValue: 12345))
        let effects = client.receive(.broadcast(bad), buffer: TextBuffer("abcde"))
        #expect(
            effects == [
                .event(.hashMismatch(revision: 1, expected: TextHash(rawValue: 12345), actual: TextHash(wordsOf: "zabc"))),
                .send(.requestSnapshot),
            ])
        #expect(client.phase == .resyncing && client.revision == 0)
        // Everything but a snapshot is ignored now.
        #expect(
            client.receive(
                .ack(Acknowledgement(id: ChangeID(client: ClientID(9), sequence: 1), revision: 2, hash: nil)),
                buffer: TextBuffer("abcde")
            ).allSatisfy {
                if case .event(.ignored) = $0 { true } else { false }
            })
        // The snapshot says our in-flight change was accepted; the unsent "e" is merged onto it and sent.
        let snapshot = Snapshot(revision: 2, text: "Zabcd", acceptedSequence: 1, reason: .requested)
        let after = client.receive(.snapshot(snapshot), buffer: TextBuffer("abcde"))
        #expect(after.first == .applyToBuffer(TextDiff.change(from: "abcde", to: "Zabcde"), result: TextBuffer("Zabcde")))
        #expect(
            submissions(after) == [
                Submission(
                    id: ChangeID(client: ClientID(9), sequence: 2), baseRevision: 2,
                    change: .replacing(5..<5, with: "e", baseLength: 5))
            ])
        #expect(client.phase == .live)
    }

    @Test func aRevisionGapRequestsASnapshot() {
        var client = liveClient(text: "abc")
        let skipped = Broadcast(revision: 2, author: ParticipantID(0), change: .identity(length: 3), hash: nil)
        let effects = client.receive(.broadcast(skipped), buffer: TextBuffer("abc"))
        #expect(effects == [.event(.revisionGap(expected: 1, received: 2)), .send(.requestSnapshot)])
    }

    @Test func aBroadcastThatDoesNotFitRequestsASnapshot() {
        var client = liveClient(text: "abc")
        let misfit = Broadcast(revision: 1, author: ParticipantID(0), change: .identity(length: 7), hash: nil)
        let effects = client.receive(.broadcast(misfit), buffer: TextBuffer("abc"))
        #expect(effects.last == .send(.requestSnapshot))
        #expect(client.phase == .resyncing)
    }

    @Test func reconnectingResendsTheInFlightChangeWithItsIdentity() {
        var client = liveClient(text: "ü", revision: 5)
        let sent = submissions(client.tick(buffer: TextBuffer("üx")))
        client.disconnected()
        #expect(client.phase == .offline)
        #expect(client.tick(buffer: TextBuffer("üxy")).isEmpty)
        let hello = client.connected()
        #expect(
            hello == [
                .send(
                    .hello(
                        Hello(
                            clientID: ClientID(9), name: "me", resumePoint: ResumePoint(epoch: 3, revision: 5),
                            pending: sent.first.map { [$0] } ?? [], nextSequence: 2)))
            ])
    }

    @Test func anAckForSomethingElseIsIgnored() {
        var client = liveClient(text: "a")
        let effects = client.receive(
            .ack(Acknowledgement(id: ChangeID(client: ClientID(9), sequence: 7), revision: 1, hash: nil)),
            buffer: TextBuffer("a"))
        #expect(effects.count == 1)
        #expect(client.revision == 0)
    }
}
