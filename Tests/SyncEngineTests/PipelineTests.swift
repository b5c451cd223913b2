import EditorCore
import SyncEngine
import Testing

/// A client's changes in flight at once: the host carries a follower (`Submission.followsPrevious`) through its
/// predecessor's bridge, refuses or voids one it cannot place, and resumes a whole pipeline exactly.
@Suite struct PipelineTests {
    /// Client 0's follower, based on `base`, made on the text its previous submission led to.
    private static func follower(sequence: UInt64, base: Int, _ change: ChangeSet) -> Submission {
        var submission = HostFixture.submission(0, sequence: sequence, base: base, change)
        submission.followsPrevious = true
        return submission
    }

    @Test("a follower meets the concurrent change that came before its predecessor as it looks after that one")
    func aFollowerIsCarriedThroughItsPredecessorsBridge() throws {
        var fixture = try HostFixture(text: "ábcd", clients: 2)
        let (mine, theirs) = (fixture.participants[0], fixture.participants[1])
        // Client 1 deletes "b" first (revision 1). Client 0 had typed "x" after "c" (change 1) and then "東" at the
        // start of "ábcxd" (change 2, following change 1) without waiting for an ack.
        _ = try fixture.host.receive(
            .submit(HostFixture.submission(1, sequence: 1, base: 0, .replacing(1..<2, with: "", baseLength: 4))),
            from: theirs)
        _ = try fixture.host.receive(
            .submit(HostFixture.submission(0, sequence: 1, base: 0, .replacing(3..<3, with: "x", baseLength: 4))),
            from: mine)
        #expect(fixture.host.text.string == "ácxd")
        let effects = try fixture.host.receive(
            .submit(Self.follower(sequence: 2, base: 0, .replacing(0..<0, with: "東", baseLength: 5))), from: mine)
        #expect(fixture.host.text.string == "東ácxd")
        #expect(HostFixture.commits(effects).map(\.revision) == [3])
        #expect(
            HostFixture.messages(effects, to: theirs) == [
                .broadcast(
                    Broadcast(
                        revision: 3, author: mine, change: .replacing(0..<0, with: "東", baseLength: 4),
                        hash: TextHash(wordsOf: "東ácxd")))
            ])
        // A third change, still based on revision 0 (the client has seen no ack yet), follows the second: the
        // bridge now holds the delete as it looks after both, and an identity for revision 2.
        _ = try fixture.host.receive(
            .submit(Self.follower(sequence: 3, base: 0, .replacing(6..<6, with: "!", baseLength: 6))), from: mine)
        #expect(fixture.host.text.string == "東ácxd!")
    }

    @Test("the TP2 puzzle with the two inserts pipelined by one client still gives aycxd")
    func tp2WithAPipelinedClient() throws {
        var fixture = try HostFixture(text: "abcd", clients: 2)
        // Client 0: x after c, then y before c, without an ack between. Client 1: delete b, first.
        _ = try fixture.host.receive(
            .submit(HostFixture.submission(1, sequence: 1, base: 0, .replacing(1..<2, with: "", baseLength: 4))),
            from: fixture.participants[1])
        _ = try fixture.host.receive(
            .submit(HostFixture.submission(0, sequence: 1, base: 0, .replacing(3..<3, with: "x", baseLength: 4))),
            from: fixture.participants[0])
        _ = try fixture.host.receive(
            .submit(Self.follower(sequence: 2, base: 0, .replacing(2..<2, with: "y", baseLength: 5))),
            from: fixture.participants[0])
        #expect(fixture.host.text.string == "aycxd")
    }

    @Test func aFollowerOfARefusedChangeIsVoid() throws {
        var fixture = try HostFixture(text: "ab", clients: 2, configuration: .init(logWindow: 2))
        for sequence in 1...3 {
            _ = try fixture.host.receive(
                .submit(
                    HostFixture.submission(
                        1, sequence: UInt64(sequence), base: sequence - 1,
                        .replacing(0..<0, with: "z", baseLength: 1 + sequence))),
                from: fixture.participants[1])
        }
        // Change 1, based on revision 0 (no longer in the log), is refused with a snapshot; change 2 follows it.
        let refused = try fixture.host.receive(
            .submit(HostFixture.submission(0, sequence: 1, base: 0, .replacing(2..<2, with: "é", baseLength: 2))),
            from: fixture.participants[0])
        #expect(refused.contains { if case .send(.snapshot, _) = $0 { true } else { false } })
        let void = try fixture.host.receive(
            .submit(Self.follower(sequence: 2, base: 0, .replacing(3..<3, with: "!", baseLength: 3))),
            from: fixture.participants[0])
        #expect(void == [.event(.voidChange(ChangeID(client: ClientID(1), sequence: 2)))])
        #expect(fixture.host.text.string == "zzzab")
    }

    @Test func aFollowerOutsideItsPredecessorsSpanIsAViolation() throws {
        var fixture = try HostFixture(text: "ab", clients: 1)
        _ = try fixture.host.receive(
            .submit(HostFixture.submission(0, sequence: 1, base: 0, .replacing(0..<0, with: "ß", baseLength: 2))),
            from: fixture.participants[0])
        // The predecessor became revision 1: a follower cannot be based on revision 1 (it would have seen the ack).
        #expect(throws: SyncError.followerOutsideBridge(
            ChangeID(client: ClientID(1), sequence: 2), baseRevision: 1, previousBase: 0, previousRevision: 1))
        {
            try fixture.host.receive(
                .submit(Self.follower(sequence: 2, base: 1, .replacing(0..<0, with: "x", baseLength: 3))),
                from: fixture.participants[0])
        }
        #expect(fixture.host.text.string == "ßab" && fixture.host.revision == 1)
    }

    @Test func aFollowerOfTheWrongLengthIsAViolation() throws {
        var fixture = try HostFixture(text: "ab", clients: 1)
        _ = try fixture.host.receive(
            .submit(HostFixture.submission(0, sequence: 1, base: 0, .replacing(0..<0, with: "ß", baseLength: 2))),
            from: fixture.participants[0])
        // Made on "ßab" (3 scalars), not on "ab".
        #expect(throws: SyncError.self) {
            try fixture.host.receive(
                .submit(Self.follower(sequence: 2, base: 0, .replacing(0..<0, with: "x", baseLength: 2))),
                from: fixture.participants[0])
        }
    }

    @Test func aHelloWhosePendingChangesAreNotAChainIsRefused() throws {
        var fixture = try HostFixture(text: "ab", clients: 1)
        let first = HostFixture.submission(0, sequence: 1, base: 0, .replacing(0..<0, with: "x", baseLength: 2))
        let gap = Self.follower(sequence: 3, base: 0, .replacing(0..<0, with: "y", baseLength: 3))
        let hello = Hello(
            clientID: ClientID(1), name: "p0", resumePoint: ResumePoint(epoch: 7, revision: 0), pending: [first, gap],
            nextSequence: 4)
        #expect(throws: SyncError.pendingNotChained(gap.id)) { try fixture.host.join(hello) }
        #expect(fixture.host.revision == 0)
    }

    @Test("a resumed pipeline: accepted changes are acknowledged in the replay, the rest accepted once, in order")
    func aResumedPipelineIsAppliedExactlyOnce() throws {
        var fixture = try HostFixture(text: "日本", clients: 2)
        let (mine, theirs) = (fixture.participants[0], fixture.participants[1])
        let first = HostFixture.submission(0, sequence: 1, base: 0, .replacing(2..<2, with: "語", baseLength: 2))
        let second = Self.follower(sequence: 2, base: 0, .replacing(0..<0, with: "¡", baseLength: 3))
        let third = Self.follower(sequence: 3, base: 0, .replacing(4..<4, with: "!", baseLength: 4))
        _ = try fixture.host.receive(.submit(first), from: mine)
        _ = try fixture.host.receive(
            .submit(HostFixture.submission(1, sequence: 1, base: 1, .replacing(1..<1, with: "x", baseLength: 3))),
            from: theirs)
        _ = try fixture.host.receive(.submit(second), from: mine)
        // The connection drops with `third` lost and no ack received: the client resends all three from revision 0.
        _ = fixture.host.leave(mine)
        let hello = Hello(
            clientID: ClientID(1), name: "p0", resumePoint: ResumePoint(epoch: 7, revision: 0),
            pending: [first, second, third], nextSequence: 4)
        let (participant, effects) = try fixture.host.join(hello)
        #expect(fixture.host.text.string == "¡日x本語!")
        #expect(HostFixture.commits(effects).map(\.revision) == [4])
        let replay = HostFixture.messages(effects, to: participant).compactMap { message -> String? in
            switch message {
            case .ack(let ack): "ack \(ack.id.sequence)@\(ack.revision)"
            case .broadcast(let broadcast): "broadcast \(broadcast.revision)"
            default: nil
            }
        }
        #expect(replay == ["ack 1@1", "broadcast 2", "ack 2@3", "ack 3@4"])
    }

    @Test("a follower whose predecessor was accepted before the host restarted is refused with a snapshot")
    func aFollowerWithoutABridgeGetsASnapshot() throws {
        var fixture = try HostFixture(text: "ab", clients: 1)
        let first = HostFixture.submission(0, sequence: 1, base: 0, .replacing(0..<0, with: "é", baseLength: 2))
        let commit = try fixture.host.receive(.submit(first), from: fixture.participants[0])
        // The host restarts from its journal: the log is there, the bridge (in memory only) is not.
        var restored = try HostDocument(
            restoring: fixture.host.text.string, revision: 1, entries: HostFixture.commits(commit), epoch: 7)
        let second = Self.follower(sequence: 2, base: 0, .replacing(3..<3, with: "!", baseLength: 3))
        let hello = Hello(
            clientID: ClientID(1), name: "p0", resumePoint: ResumePoint(epoch: 7, revision: 0),
            pending: [first, second], nextSequence: 3)
        let (participant, effects) = try restored.join(hello)
        let messages = HostFixture.messages(effects, to: participant)
        #expect(messages.contains(.ack(Acknowledgement(id: first.id, revision: 1, hash: TextHash(wordsOf: "éab")))))
        #expect(
            messages.contains {
                if case .snapshot(let snapshot) = $0 { snapshot.acceptedSequence == 1 && snapshot.text == "éab" }
                else { false }
            })
        #expect(restored.text.string == "éab")
    }
}
