import EditorCore
import Foundation
import Journal
import SyncEngine
import TestSupport
import Testing

@Suite struct OutsideEditTests {
    @Test func theDiskChangeTurnsTheCurrentTextIntoTheFile() throws {
        for seed in TestBudget.caseSeeds(100) {
            var generator = SeededGenerator(seed: seed)
            let current = RandomText.string(maxFragments: 30, using: &generator)
            var disk = Array(current.unicodeScalars)
            for _ in 0..<Int.random(in: 0...4, using: &generator) {
                let at = Int.random(in: 0...disk.count, using: &generator)
                let end = min(disk.count, at + Int.random(in: 0...5, using: &generator))
                disk.replaceSubrange(
                    at..<end, with: RandomText.string(maxFragments: 2, using: &generator).unicodeScalars)
            }
            let diskText = String(String.UnicodeScalarView(disk))
            let change = OutsideEdit.change(from: TextBuffer(current), to: diskText)
            if current == diskText {
                #expect(change == nil, "seed \(seed)")
            } else {
                let change = try #require(change, "seed \(seed)")
                #expect(try change.apply(to: current) == diskText, "seed \(seed)")
            }
        }
    }

    @Test func aGitPullOfOneLineIsAOneLineChange() throws {
        let lines = (1...200).map { "ligne \($0) — café\n" }
        let current = lines.joined()
        var pulled = lines
        pulled[120] = "ligne 121 — thé\n"
        let change = try #require(OutsideEdit.change(from: TextBuffer(current), to: pulled.joined()))
        let inserted = change.operations.reduce(0) { if case .insert(let text) = $1 { $0 + text.count } else { $0 } }
        #expect(inserted <= 4)
        #expect(try change.apply(to: current) == pulled.joined())
    }

    @Test func aFileEditMergesOntoASessionThatMovedOn() throws {
        let base = "Titre\n\nPremier paragraphe.\n\nDeuxième paragraphe.\n"
        let disk = base.replacingOccurrences(of: "Deuxième", with: "Second")
        let current = TextBuffer("Titre modifié\n\nPremier paragraphe.\n\nDeuxième paragraphe.\n")
        let (change, failed) = OutsideEdit.merge(base: base, disk: disk, current: current)
        #expect(failed.isEmpty)
        let merged = try change?.apply(to: current.string)
        #expect(merged == "Titre modifié\n\nPremier paragraphe.\n\nSecond paragraphe.\n")
        let past = "Titre\n"
        #expect(try OutsideEdit.restoring(past, over: current)?.apply(to: current.string) == past)
    }

    @Test func recoveryPlans() throws {
        #expect(RecoveryPlan.decide(headText: "a", savedText: "a", diskText: "a", unsavedRevisions: 0) == .clean)
        #expect(
            RecoveryPlan.decide(headText: "ab", savedText: "a", diskText: "a", unsavedRevisions: 3)
                == .unsavedEdits(unsavedRevisions: 3))
        #expect(
            RecoveryPlan.decide(headText: "a", savedText: "a", diskText: "x", unsavedRevisions: 0) == .changedOnDisk)
        #expect(
            RecoveryPlan.decide(headText: "ab", savedText: "a", diskText: "x", unsavedRevisions: 2)
                == .changedBoth(unsavedRevisions: 2))
        #expect(RecoveryPlan.decide(headText: "ab", savedText: "a", diskText: "ab", unsavedRevisions: 2) == .clean)
        #expect(RecoveryPlan.decide(headText: "ab", savedText: "a", diskText: nil, unsavedRevisions: 2) == .fileMissing)

        let journal = try Journal.inMemory(documentPath: "/r", epoch: 1, text: "été")
        var text = TextBuffer("été")
        for revision in 1...3 {
            let change = ChangeSet.replacing(
                text.scalarCount..<text.scalarCount, with: "!", baseLength: text.scalarCount)
            try change.apply(to: &text)
            try journal.append(
                LogEntry(revision: revision, author: ParticipantID(0), id: nil, change: change), authorName: "a")
            if revision == 1 { try journal.markSaved(revision: 1) }
        }
        #expect(try journal.lastSave()?.revision == 1)
        #expect(try journal.recoveryPlan(diskText: "été!") == .unsavedEdits(unsavedRevisions: 2))
        #expect(try journal.recoveryPlan(diskText: "été!!!") == .clean)
        #expect(try journal.recoveryPlan(diskText: "autre") == .changedBoth(unsavedRevisions: 2))
        try journal.markSaved(revision: 3)
        #expect(try journal.recoveryPlan(diskText: "autre") == .changedOnDisk)
    }
}
