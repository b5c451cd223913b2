import EditorCore
import Foundation
import Journal
import SyncEngine
import Testing

/// `Journal.detail(at:)`: what the history view shows of one revision.
@Suite struct JournalDetailTests {
    @Test func everyRevisionsDetailIsItsTextChangeAuthorAndTime() throws {
        for (seed, policy) in [(UInt64(11), tinyPolicy), (12, Journal.Policy())] {
            let history = RandomHistory(seed: seed, revisions: 40)
            let journal = try Journal.inMemory(documentPath: "/d", epoch: 4, text: history.initialText, policy: policy)
            try journal.append(history.records)
            let first = try journal.detail(at: 0)
            #expect(first.text == history.initialText && first.change == nil && first.authorName == nil, "seed \(seed)")
            #expect(first.time == journal.createdAt)
            let summaries = try journal.revisions()
            for revision in 1...40 {
                let detail = try journal.detail(at: revision)
                let record = history.records[revision - 1]
                #expect(detail.text == history.texts[revision], "seed \(seed), revision \(revision)")
                #expect(detail.change == record.entry.change, "seed \(seed), revision \(revision)")
                #expect(try detail.change?.apply(to: history.texts[revision - 1]) == detail.text)
                #expect(detail.authorName == record.authorName)
                // Times as the journal keeps them (clamped so they never go back), as `coedit log` shows them.
                #expect(detail.time == summaries[revision - 1].time)
                #expect(detail.firstRevision == 0 && detail.latestRevision == 40)
            }
            #expect(throws: JournalError(file: ":memory:", reason: .noSuchRevision(41, first: 0, latest: 40))) {
                try journal.detail(at: 41)
            }
        }
    }

    @Test func aJournalStartedMidSessionStartsItsDetailsThere() throws {
        let history = RandomHistory(seed: 13, revisions: 30)
        let journal = try Journal.inMemory(documentPath: "/d", epoch: 4, text: history.texts[20], revision: 20)
        try journal.append(Array(history.records[20...]))
        let first = try journal.detail(at: 20)
        #expect(first.firstRevision == 20 && first.change == nil && first.text == history.texts[20])
        #expect(try journal.detail(at: 21).change == history.records[20].entry.change)
        #expect(throws: JournalError(file: ":memory:", reason: .noSuchRevision(19, first: 20, latest: 30))) {
            try journal.detail(at: 19)
        }
        // What a viewer scrubbing past either end gets: the nearest revision that exists.
        #expect(try journal.detail(nearest: nil).revision == 30)
        #expect(try journal.detail(nearest: 99).revision == 30)
        #expect(try journal.detail(nearest: 3).revision == 20)
        #expect(try journal.detail(nearest: 25) == journal.detail(at: 25))
    }
}
