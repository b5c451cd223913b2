import EditorCore
import SyncEngine
import Testing
import TestSupport

/// Outside edits of the file: the file's change becomes an exact change of the session (`DiskBaseline`), and the
/// host rebases it over everything accepted since its base.
@Suite struct DiskBaselineTests {
    private func apply(_ change: ChangeSet?, to text: String) throws -> String {
        var buffer = TextBuffer(text)
        if let change { try change.apply(to: &buffer) }
        return buffer.string
    }

    @Test func aFileThatHeldTheRevisionGivesTheFilesChangeExactly() throws {
        let baseline = DiskBaseline(revision: 3, text: "α\nbéta\n漢字\n")
        let change = try #require(baseline.change(toDisk: "α\nbéta 🙂\n漢字 e\u{301}\n"))
        #expect(try apply(change, to: "α\nbéta\n漢字\n") == "α\nbéta 🙂\n漢字 e\u{301}\n")
        #expect(baseline.change(toDisk: "α\nbéta\n漢字\n") == nil, "an untouched file is no change")
    }

    @Test func unsavedSessionEditsStayAndTheFilesEditLands() throws {
        // Saved "one/two/three"; the session then typed in line 3 (unsent edits were part of that save or not).
        let baseline = DiskBaseline(
            diskText: "one\ntwo\nthree\n", revision: 5, revisionText: TextBuffer("one\ntwo\nthree — ünsaved\n"))
        let change = baseline.change(toDisk: "ONE (git pull)\ntwo\nthree\n")
        #expect(try apply(change, to: "one\ntwo\nthree — ünsaved\n") == "ONE (git pull)\ntwo\nthree — ünsaved\n")
        // A file edit that the session's drift already made is not made twice (deletions of the same text).
        let same = DiskBaseline(diskText: "a Xb", revision: 1, revisionText: TextBuffer("a b"))
        #expect(same.change(toDisk: "a b") == nil)
    }

    @Test func theHostRebasesTheFilesChangeOverEverythingAcceptedSince() throws {
        var fixture = try HostFixture(text: "l1\nl2\nl3\nl4\n", clients: 1)
        let baseline = DiskBaseline(revision: 0, text: "l1\nl2\nl3\nl4\n")
        // Two revisions by the editor after the file was read.
        _ = try fixture.host.receive(
            .submit(HostFixture.submission(0, sequence: 1, base: 0, .replacing(0..<0, with: "# 見出し\n", baseLength: 12))),
            from: fixture.participants[0])
        _ = try fixture.host.receive(
            .submit(HostFixture.submission(0, sequence: 2, base: 1, .replacing(17..<17, with: " ✓", baseLength: 18))),
            from: fixture.participants[0])
        // The file changes line 2 (relative to the text the session had read: revision 0).
        let change = try #require(baseline.change(toDisk: "l1\nl2 from disk\nl3\nl4\n"))
        let (disk, _) = try fixture.host.join(Hello(clientID: ClientID(99), name: "disk"))
        let submission = Submission(id: ChangeID(client: ClientID(99), sequence: 1), baseRevision: 0, change: change)
        let effects = try fixture.host.receive(.submit(submission), from: disk)
        #expect(HostFixture.commits(effects).map(\.author) == [disk])
        #expect(fixture.host.text.string == "# 見出し\nl1\nl2 from disk\nl3\nl4 ✓\n")
    }

    @Test func randomLineDisjointEditsOfFileAndSessionBothSurvive() throws {
        for seed in TestBudget.caseSeeds(200) {
            var generator = SeededGenerator(seed: seed)
            func line() -> String {
                RandomText.string(maxFragments: 3, using: &generator).filter { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }
            }
            let count = Int.random(in: 4...24, using: &generator)
            let lines = (0..<count).map { "\($0):" + line() }
            var savedLines = lines, sessionLines = lines, diskLines = lines, expected = lines
            for index in lines.indices {
                switch index % 4 {
                case 0 where Bool.random(using: &generator):  // edited in the session before the save
                    savedLines[index] += line()
                    sessionLines[index] = savedLines[index]
                    diskLines[index] = savedLines[index]
                    expected[index] = savedLines[index]
                case 1 where Bool.random(using: &generator):  // edited in the session, unsaved
                    sessionLines[index] = "\(index)~" + line()
                    expected[index] = sessionLines[index]
                case 3 where Bool.random(using: &generator):  // edited in the file
                    diskLines[index] = "\(index)!" + line()
                    expected[index] = diskLines[index]
                default:
                    break
                }
            }
            let join = { (lines: [String]) in lines.joined(separator: "\n") + "\n" }
            let baseline = DiskBaseline(
                diskText: join(savedLines), revision: 0, revisionText: TextBuffer(join(sessionLines)))
            let result = try apply(baseline.change(toDisk: join(diskLines)), to: join(sessionLines))
            #expect(result == join(expected), "seed \(seed)")
        }
    }
}

/// Which submission carries the edits of a saved text, and when the host has acknowledged them.
@Suite struct AcknowledgedSequenceTests {
    @Test func theSubmissionCoveringABufferAndItsAcknowledgement() {
        var client = ClientDocument(clientID: ClientID(9), name: "me")
        _ = client.connected()
        let me = Participant(id: ParticipantID(1), name: "me", colorIndex: 1)
        _ = client.receive(
            .welcome(Welcome(epoch: 3, you: me, participants: [me],
                start: .snapshot(Snapshot(revision: 0, text: "ab", acceptedSequence: 0, reason: .joined)))),
            buffer: TextBuffer())
        #expect(client.acknowledgedSequence == 0)
        #expect(client.sequenceCovering(TextBuffer("ab")) == 0, "nothing unsent: already covered")
        _ = client.tick(buffer: TextBuffer("aéb"))  // sequence 1 in flight
        #expect(client.sequenceCovering(TextBuffer("aéb")) == 1)
        #expect(client.sequenceCovering(TextBuffer("aéb✓")) == 2, "the rest goes in the next submission")
        #expect(client.acknowledgedSequence == 0)
        _ = client.receive(
            .ack(Acknowledgement(id: ChangeID(client: ClientID(9), sequence: 1), revision: 1, hash: nil)),
            buffer: TextBuffer("aéb✓"))  // the ack sends the rest at once as sequence 2
        #expect(client.acknowledgedSequence == 1)
        _ = client.receive(
            .ack(Acknowledgement(id: ChangeID(client: ClientID(9), sequence: 2), revision: 2, hash: nil)),
            buffer: TextBuffer("aéb✓"))
        #expect(client.acknowledgedSequence == 2)
        #expect(client.synced?.text.string == "aéb✓")
    }
}
