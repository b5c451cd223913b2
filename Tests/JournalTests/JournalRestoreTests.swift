import EditorCore
import Foundation
import Journal
import SyncEngine
import Testing

/// A host killed after acknowledging edits resumes from its journal, and its clients resume exactly.
@Suite struct JournalRestoreTests {
    /// Performs a host's effects the way the shell does: journal each commit (with the author's name) first.
    func journalCommits(
        _ effects: [HostEffect], host: HostDocument, names: [ParticipantID: String], to journal: Journal
    ) throws {
        for case .commit(let entry) in effects {
            try journal.append(
                entry, authorName: names[entry.author] ?? "?", time: Date(), hash: TextHash(of: host.text))
        }
    }

    @Test func aRestoredHostHasTheTextRevisionAndClientsOfTheJournal() throws {
        let directory = try TemporaryDirectory()
        let epoch: UInt64 = 0xC0FFEE
        let journal = try Journal.create(
            at: directory.file("host.journal.sqlite"), documentPath: "/docs/host.tex", epoch: epoch, text: "Bonjour")
        var host = HostDocument(text: "Bonjour", epoch: epoch)
        let zoe = ClientID(1)
        let lei = ClientID(2)
        let (pZoe, joinZoe) = try host.join(Hello(clientID: zoe, name: "Zoë"))
        let (pLei, joinLei) = try host.join(Hello(clientID: lei, name: "李雷"))
        let names = [pZoe: "Zoë", pLei: "李雷"]
        try journalCommits(joinZoe + joinLei, host: host, names: names, to: journal)
        // Both type concurrently against revision 0, then Zoë types again on top.
        var effects = try host.receive(
            .submit(
                Submission(
                    id: ChangeID(client: zoe, sequence: 1), baseRevision: 0,
                    change: .replacing(7..<7, with: " à tous", baseLength: 7))), from: pZoe)
        try journalCommits(effects, host: host, names: names, to: journal)
        effects = try host.receive(
            .submit(
                Submission(
                    id: ChangeID(client: lei, sequence: 1), baseRevision: 0,
                    change: .replacing(0..<0, with: "你好, ", baseLength: 7))), from: pLei)
        try journalCommits(effects, host: host, names: names, to: journal)
        effects = try host.receive(
            .submit(
                Submission(
                    id: ChangeID(client: zoe, sequence: 2), baseRevision: 2,
                    change: .replacing(18..<18, with: " !", baseLength: 18))), from: pZoe)
        try journalCommits(effects, host: host, names: names, to: journal)
        #expect(host.revision == 3)
        let before = host.text.string
        journal.close()  // the host dies here (its memory is gone; the journal is what is left)

        let reopened = try Journal.open(at: directory.file("host.journal.sqlite"), documentPath: "/docs/host.tex")
        var restored = try reopened.restoreHost()
        #expect(restored.text.string == before)
        #expect(restored.revision == 3)
        #expect(restored.epoch == epoch)
        #expect(try reopened.revisions().map(\.authorName) == ["Zoë", "李雷", "Zoë"])

        // Lei was at revision 1 with its change (sequence 1) unacknowledged: it resumes exactly, and its resent
        // change is recognised as accepted (revision 2), not applied twice.
        let (again, welcome) = try restored.join(
            Hello(
                clientID: lei, name: "李雷", resumePoint: ResumePoint(epoch: epoch, revision: 1),
                pending: [
                    Submission(
                        id: ChangeID(client: lei, sequence: 1), baseRevision: 1,
                        change: .replacing(0..<0, with: "你好, ", baseLength: 14))
                ],
                nextSequence: 2))
        #expect(again == pLei)
        let started = welcome.compactMap { effect -> Welcome.Start? in
            if case .send(.welcome(let message), _) = effect { return message.start }
            return nil
        }
        #expect(started == [.resume(revision: 1)])
        #expect(!welcome.contains { if case .commit = $0 { true } else { false } })
        #expect(restored.text.string == before)
        // New work from Lei on an old base in the window is rebased exactly.
        let more = try restored.receive(
            .submit(
                Submission(
                    id: ChangeID(client: lei, sequence: 2), baseRevision: 2,
                    change: .replacing(0..<0, with: "« ", baseLength: 18))), from: pLei)
        #expect(more.contains { if case .commit(let entry) = $0 { entry.revision == 4 } else { false } })
        #expect(restored.text.string == "« " + before)
    }

    @Test func theRestorationWindowIsTheLogWindow() throws {
        let history = RandomHistory(seed: 21, revisions: 60)
        let journal = try Journal.inMemory(documentPath: "/w", epoch: 2, text: history.initialText, policy: tinyPolicy)
        try journal.append(history.records)
        let restoration = try journal.restoration(window: 25)
        #expect(restoration.revision == 60)
        #expect(restoration.text == history.texts[60])
        #expect(restoration.entries == Array(history.records.map(\.entry)[35...]))
        let host = try journal.restoreHost(configuration: HostDocument.Configuration(logWindow: 25))
        #expect(host.log.oldestRevision == 35)
        #expect(host.log.knows(35) && !host.log.knows(34))
        #expect(try journal.highestParticipant() == ParticipantID(2))
    }
}
