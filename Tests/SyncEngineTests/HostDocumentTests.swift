import EditorCore
import SyncEngine
import Testing

/// A host with participants joined, and helpers to read its effects.
struct HostFixture {
    var host: HostDocument
    var participants: [ParticipantID] = []

    /// A host holding `text` with `count` joined clients (client ids 1, 2, ...).
    init(text: String, clients count: Int, configuration: HostDocument.Configuration = .init()) throws {
        host = HostDocument(text: text, epoch: 7, configuration: configuration)
        for index in 0..<count {
            let (participant, _) = try host.join(Hello(clientID: ClientID(UInt64(index + 1)), name: "p\(index)"))
            participants.append(participant)
        }
    }

    /// A submission from client `index` (1-based client id = index + 1).
    static func submission(_ index: Int, sequence: UInt64, base: Int, _ change: ChangeSet) -> Submission {
        Submission(
            id: ChangeID(client: ClientID(UInt64(index + 1)), sequence: sequence), baseRevision: base, change: change)
    }

    /// The messages sent to `participant`, in order.
    static func messages(_ effects: [HostEffect], to participant: ParticipantID) -> [HostMessage] {
        effects.compactMap { if case .send(let message, participant) = $0 { message } else { nil } }
    }

    /// The committed log entries.
    static func commits(_ effects: [HostEffect]) -> [LogEntry] {
        effects.compactMap { if case .commit(let entry) = $0 { entry } else { nil } }
    }
}

@Suite struct HostDocumentTests {
    @Test func acceptsAChangeAcknowledgesTheAuthorAndBroadcastsToOthers() throws {
        var fixture = try HostFixture(text: "héllo 日本", clients: 2)
        let change = ChangeSet.replacing(1..<2, with: "e\u{301}", baseLength: 8)
        let effects = try fixture.host.receive(
            .submit(HostFixture.submission(0, sequence: 1, base: 0, change)), from: fixture.participants[0])
        #expect(fixture.host.text.string == "he\u{301}llo 日本")
        #expect(fixture.host.revision == 1)
        #expect(HostFixture.commits(effects).map(\.revision) == [1])
        let ack = HostFixture.messages(effects, to: fixture.participants[0])
        #expect(
            ack == [
                .ack(
                    Acknowledgement(
                        id: ChangeID(client: ClientID(1), sequence: 1), revision: 1,
                        hash: TextHash(wordsOf: "he\u{301}llo 日本")))
            ])
        let broadcast = HostFixture.messages(effects, to: fixture.participants[1])
        #expect(
            broadcast == [
                .broadcast(
                    Broadcast(
                        revision: 1, author: fixture.participants[0], change: change,
                        hash: TextHash(wordsOf: "he\u{301}llo 日本")))
            ])
        // The commit comes before the messages of its revision.
        guard case .commit = effects.first(where: { if case .event = $0 { false } else { true } }) else {
            Issue.record("commit is not the first effect: \(effects)")
            return
        }
    }

    @Test func rebasesOverEverythingAcceptedSinceTheBase() throws {
        var fixture = try HostFixture(text: "abcd", clients: 2)
        // p0 deletes "b"; p1, also at revision 0, inserts "x" after "c".
        _ = try fixture.host.receive(
            .submit(HostFixture.submission(0, sequence: 1, base: 0, .replacing(1..<2, with: "", baseLength: 4))),
            from: fixture.participants[0])
        let effects = try fixture.host.receive(
            .submit(HostFixture.submission(1, sequence: 1, base: 0, .replacing(3..<3, with: "x", baseLength: 4))),
            from: fixture.participants[1])
        #expect(fixture.host.text.string == "acxd")
        #expect(HostFixture.commits(effects).first?.change == .replacing(2..<2, with: "x", baseLength: 3))
    }

    @Test func sameSpotInsertsGoLowerParticipantFirst() throws {
        var fixture = try HostFixture(text: "ab", clients: 2)
        // p1's insert arrives first, p0's second; both at position 1 of revision 0: p0 (lower) goes first anyway.
        _ = try fixture.host.receive(
            .submit(HostFixture.submission(1, sequence: 1, base: 0, .replacing(1..<1, with: "Y", baseLength: 2))),
            from: fixture.participants[1])
        _ = try fixture.host.receive(
            .submit(HostFixture.submission(0, sequence: 1, base: 0, .replacing(1..<1, with: "X", baseLength: 2))),
            from: fixture.participants[0])
        #expect(fixture.host.text.string == "aXYb")
    }

    @Test func aResentChangeIsAcknowledgedAgainAndNeverAppliedTwice() throws {
        var fixture = try HostFixture(text: "😀", clients: 2)
        let submission = HostFixture.submission(0, sequence: 1, base: 0, .replacing(1..<1, with: "!", baseLength: 1))
        _ = try fixture.host.receive(.submit(submission), from: fixture.participants[0])
        let again = try fixture.host.receive(.submit(submission), from: fixture.participants[0])
        #expect(fixture.host.text.string == "😀!")
        #expect(fixture.host.revision == 1)
        #expect(HostFixture.commits(again).isEmpty)
        #expect(again.contains(.event(.duplicateChange(submission.id, revision: 1))))
        #expect(
            HostFixture.messages(again, to: fixture.participants[0]) == [
                .ack(Acknowledgement(id: submission.id, revision: 1, hash: nil))
            ])
        #expect(HostFixture.messages(again, to: fixture.participants[1]).isEmpty)
    }

    @Test func aResumingClientGetsItsAckInTheReplayAndItsChangeIsNotAppliedTwice() throws {
        var fixture = try HostFixture(text: "ü", clients: 2)
        let mine = HostFixture.submission(0, sequence: 1, base: 0, .replacing(0..<0, with: "a", baseLength: 1))
        _ = try fixture.host.receive(.submit(mine), from: fixture.participants[0])
        _ = try fixture.host.receive(
            .submit(HostFixture.submission(1, sequence: 1, base: 1, .replacing(2..<2, with: "z", baseLength: 2))),
            from: fixture.participants[1])
        _ = fixture.host.leave(fixture.participants[0])
        // The ack was lost: the client comes back at revision 0 with the same change pending.
        let hello = Hello(
            clientID: ClientID(1), name: "p0", resumePoint: ResumePoint(epoch: 7, revision: 0), pending: [mine])
        let (participant, effects) = try fixture.host.join(hello)
        #expect(participant == fixture.participants[0])
        #expect(HostFixture.commits(effects).isEmpty)
        #expect(fixture.host.text.string == "aüz")
        let messages = HostFixture.messages(effects, to: participant)
        guard messages.count == 3, case .welcome(let welcome) = messages[0], case .ack(let ack) = messages[1],
            case .broadcast(let broadcast) = messages[2]
        else {
            Issue.record("unexpected replay \(messages)")
            return
        }
        #expect(welcome.start == .resume(revision: 0))
        #expect(ack.id == mine.id && ack.revision == 1)
        #expect(broadcast.revision == 2 && broadcast.hash == TextHash(wordsOf: "aüz"))
        // The other participant hears that p0 is back.
        #expect(HostFixture.messages(effects, to: fixture.participants[1]).contains(.participantJoined(welcome.you)))
    }

    @Test func aResumingClientsLostChangeIsAppliedAfterTheReplay() throws {
        var fixture = try HostFixture(text: "ü", clients: 2)
        _ = try fixture.host.receive(
            .submit(HostFixture.submission(1, sequence: 1, base: 0, .replacing(1..<1, with: "z", baseLength: 1))),
            from: fixture.participants[1])
        _ = fixture.host.leave(fixture.participants[0])
        let pending = HostFixture.submission(0, sequence: 1, base: 0, .replacing(0..<0, with: "a", baseLength: 1))
        let hello = Hello(
            clientID: ClientID(1), name: "p0", resumePoint: ResumePoint(epoch: 7, revision: 0), pending: [pending])
        let (participant, effects) = try fixture.host.join(hello)
        #expect(fixture.host.text.string == "aüz")
        #expect(HostFixture.commits(effects).map(\.revision) == [2])
        let messages = HostFixture.messages(effects, to: participant)
        #expect(messages.count == 3)
        #expect(messages.last == .ack(Acknowledgement(id: pending.id, revision: 2, hash: TextHash(wordsOf: "aüz"))))
    }

    @Test func aChangeFromASupersededConnectionArrivingAfterTheNewHelloIsDropped() throws {
        var fixture = try HostFixture(text: "ab", clients: 1)
        // The client's change 1 is still travelling on its old connection when its new hello (no resume point,
        // next sequence 2: change 1 is folded into later work) is handled.
        let stale = HostFixture.submission(0, sequence: 1, base: 0, .replacing(0..<0, with: "x", baseLength: 2))
        _ = try fixture.host.join(Hello(clientID: ClientID(1), name: "p0", nextSequence: 2))
        let effects = try fixture.host.receive(.submit(stale), from: fixture.participants[0])
        #expect(effects == [.event(.voidChange(stale.id))])
        #expect(fixture.host.text.string == "ab")
        let next = HostFixture.submission(0, sequence: 2, base: 0, .replacing(0..<0, with: "x", baseLength: 2))
        #expect(HostFixture.commits(try fixture.host.receive(.submit(next), from: fixture.participants[0])).count == 1)
    }

    @Test func anUnknownResumePointGetsASnapshot() throws {
        var fixture = try HostFixture(text: "x", clients: 1)
        let hello = Hello(clientID: ClientID(1), name: "p0", resumePoint: ResumePoint(epoch: 99, revision: 0))
        let (participant, effects) = try fixture.host.join(hello)
        guard case .welcome(let welcome)? = HostFixture.messages(effects, to: participant).first,
            case .snapshot(let snapshot) = welcome.start
        else {
            Issue.record("no snapshot welcome in \(effects)")
            return
        }
        #expect(snapshot.text == "x" && snapshot.reason == .joined)
    }

    @Test func rejectsAChangeWhoseLengthDoesNotFitItsBase() throws {
        var fixture = try HostFixture(text: "日本語", clients: 1)
        let bad = HostFixture.submission(0, sequence: 1, base: 0, .replacing(0..<0, with: "x", baseLength: 9))
        #expect(throws: SyncError.lengthMismatch(bad.id, baseRevision: 0, expected: 3, actual: 9)) {
            try fixture.host.receive(.submit(bad), from: fixture.participants[0])
        }
        #expect(fixture.host.revision == 0 && fixture.host.text.string == "日本語")
    }

    @Test func rejectsABaseFromTheFuture() throws {
        var fixture = try HostFixture(text: "a", clients: 1)
        let bad = HostFixture.submission(0, sequence: 1, base: 5, .replacing(0..<0, with: "x", baseLength: 1))
        #expect(throws: SyncError.revisionFromFuture(revision: 5, head: 0)) {
            try fixture.host.receive(.submit(bad), from: fixture.participants[0])
        }
        #expect(fixture.host.revision == 0)
    }

    @Test func rejectsForeignAndStaleIdentities() throws {
        var fixture = try HostFixture(text: "a", clients: 2)
        let foreign = HostFixture.submission(1, sequence: 1, base: 0, .replacing(0..<0, with: "x", baseLength: 1))
        #expect(throws: SyncError.foreignChange(foreign.id, sender: ClientID(1))) {
            try fixture.host.receive(.submit(foreign), from: fixture.participants[0])
        }
        for sequence: UInt64 in [1, 2] {
            _ = try fixture.host.receive(
                .submit(
                    HostFixture.submission(
                        0, sequence: sequence, base: Int(sequence) - 1,
                        .replacing(0..<0, with: "x", baseLength: Int(sequence)))),
                from: fixture.participants[0])
        }
        let stale = HostFixture.submission(0, sequence: 1, base: 2, .replacing(0..<0, with: "x", baseLength: 3))
        #expect(throws: SyncError.staleSequence(stale.id, lastAccepted: 2)) {
            try fixture.host.receive(.submit(stale), from: fixture.participants[0])
        }
        #expect(throws: SyncError.unknownParticipant(ParticipantID(42))) {
            try fixture.host.receive(.requestSnapshot, from: ParticipantID(42))
        }
        #expect(throws: SyncError.unexpectedHello(fixture.participants[0])) {
            try fixture.host.receive(.hello(Hello(clientID: ClientID(1), name: "again")), from: fixture.participants[0])
        }
    }

    @Test func aBaseOlderThanTheLogGetsASnapshotInsteadOfBeingApplied() throws {
        var fixture = try HostFixture(text: "", clients: 2, configuration: .init(logWindow: 2))
        for sequence in 1...3 {
            _ = try fixture.host.receive(
                .submit(
                    HostFixture.submission(
                        1, sequence: UInt64(sequence), base: sequence - 1,
                        .replacing(0..<0, with: "é", baseLength: sequence - 1))),
                from: fixture.participants[1])
        }
        #expect(fixture.host.log.oldestRevision == 1)
        let old = HostFixture.submission(0, sequence: 1, base: 0, .replacing(0..<0, with: "x", baseLength: 0))
        let effects = try fixture.host.receive(.submit(old), from: fixture.participants[0])
        #expect(HostFixture.commits(effects).isEmpty)
        #expect(effects.contains(.event(.baseTooOld(old.id, baseRevision: 0, oldestKnown: 1))))
        #expect(
            HostFixture.messages(effects, to: fixture.participants[0])
                == [.snapshot(Snapshot(revision: 3, text: "ééé", acceptedSequence: 0, reason: .baseTooOld(old.id)))])
    }

    @Test func hashesAreAttachedWithinTheBudget() throws {
        var fixture = try HostFixture(
            text: String(repeating: "a", count: 100), clients: 2, configuration: .init(hashBudget: 40))
        var hashed: [Int] = []
        for sequence in 1...6 {
            let effects = try fixture.host.receive(
                .submit(
                    HostFixture.submission(
                        0, sequence: UInt64(sequence), base: sequence - 1,
                        .replacing(0..<0, with: "b", baseLength: 99 + sequence))),
                from: fixture.participants[0])
            for case .broadcast(let broadcast) in HostFixture.messages(effects, to: fixture.participants[1])
            where broadcast.hash != nil {
                #expect(broadcast.hash == TextHash(wordsOf: fixture.host.text))
                hashed.append(broadcast.revision)
            }
        }
        // 101...106 scalars with a budget of 40: every third revision.
        #expect(hashed == [3, 6])
    }
}

@Suite struct HostRestartTests {
    /// After a host restart from its journal, a client resuming with a change the old host had accepted gets it
    /// acknowledged from the journal, not applied twice, and keeps its participant number.
    @Test func aRestoredHostDeduplicatesAndResumes() throws {
        var fixture = try HostFixture(text: "é", clients: 2)
        var journal: [LogEntry] = []
        let mine = HostFixture.submission(1, sequence: 1, base: 0, .replacing(1..<1, with: "!", baseLength: 1))
        journal += HostFixture.commits(try fixture.host.receive(.submit(mine), from: fixture.participants[1]))
        journal += HostFixture.commits(
            try fixture.host.receive(
                .submit(HostFixture.submission(0, sequence: 1, base: 1, .replacing(0..<0, with: "¿", baseLength: 2))),
                from: fixture.participants[0]))
        var restarted = try HostDocument(
            restoring: fixture.host.text.string, revision: fixture.host.revision, entries: journal, epoch: 7)
        #expect(restarted.text.string == "¿é!")
        let hello = Hello(
            clientID: ClientID(2), name: "p1", resumePoint: ResumePoint(epoch: 7, revision: 0), pending: [mine])
        let (participant, effects) = try restarted.join(hello)
        #expect(participant == fixture.participants[1])
        #expect(HostFixture.commits(effects).isEmpty)
        #expect(restarted.text.string == "¿é!")
        let messages = HostFixture.messages(effects, to: participant)
        #expect(messages.dropFirst().first == .ack(Acknowledgement(id: mine.id, revision: 1, hash: nil)))
        // A newcomer is numbered after everyone in the journal.
        let newcomer = try restarted.join(Hello(clientID: ClientID(99), name: "new")).participant
        #expect(newcomer.rawValue == 2)
    }

    @Test func inconsistentHistoryIsReportedNotTrapped() {
        let first = LogEntry(
            revision: 1, author: ParticipantID(0), id: nil, change: .replacing(0..<0, with: "x", baseLength: 0))
        let misfit = LogEntry(
            revision: 2, author: ParticipantID(0), id: nil, change: .replacing(0..<0, with: "y", baseLength: 5))
        #expect(throws: SyncError.inconsistentHistory("entry 2 does not fit the text before it")) {
            _ = try HostDocument(restoring: "yx", revision: 2, entries: [first, misfit], epoch: 1)
        }
        #expect(throws: SyncError.inconsistentHistory("the text has 3 scalars, revision 1 has 1")) {
            _ = try HostDocument(restoring: "xyz", revision: 1, entries: [first], epoch: 1)
        }
    }

    @Test func aFloodOfSelectionsIsAViolation() throws {
        var fixture = try HostFixture(text: "abc", clients: 1, configuration: .init(maxSelections: 2))
        let update = CursorUpdate(
            revision: 0, afterChange: nil, selections: Array(repeating: Selection(cursor: 1), count: 3))
        #expect(throws: SyncError.tooManySelections(3, limit: 2)) {
            try fixture.host.receive(.cursor(update), from: fixture.participants[0])
        }
    }
}
