import Foundation
import TestSupport
import Testing

@testable import Journal

@Suite struct RevisionRunTests {
    @Test func runsDecodeToWhatWasAppended() throws {
        for seed in TestBudget.caseSeeds(50) {
            var generator = SeededGenerator(seed: seed)
            let first = Int.random(in: 1...1_000_000, using: &generator)
            var time = Int64.random(in: 0...1_800_000_000_000, using: &generator)
            var run = RevisionRun(firstRevision: first, baseLength: 7, firstTime: time)
            var expected: [StoredRevision] = []
            for offset in 0..<Int.random(in: 1...70, using: &generator) {
                if offset > 0 { time += Int64.random(in: 0...100_000, using: &generator) }
                let id =
                    Bool.random(using: &generator)
                    ? StoredChangeID(
                        clientKey: Int.random(in: 0...3, using: &generator),
                        sequence: UInt64.random(in: 0...UInt64.max, using: &generator)) : nil
                let stored = StoredRevision(
                    revision: first + offset, authorKey: Int.random(in: 0...300, using: &generator), changeID: id,
                    time: time,
                    delta: "=\(offset)\t+"
                        + RandomText.string(maxFragments: 2, using: &generator)
                        .replacingOccurrences(of: "\n", with: "%0A"),
                    hash: Bool.random(using: &generator) ? UInt64.random(in: 0...UInt64.max, using: &generator) : nil)
                run.append(stored)
                expected.append(stored)
            }
            let decoded = try RevisionRun.decode(
                firstRevision: first, lastRevision: run.lastRevision, baseLength: 7, firstTime: run.firstTime,
                changes: run.changes, details: run.details)
            #expect(decoded == expected, "seed \(seed)")
        }
    }

    @Test func damagedDetailsThrowInsteadOfTrapping() throws {
        var run = RevisionRun(firstRevision: 1, baseLength: 0, firstTime: 1000)
        for revision in 1...3 {
            run.append(
                StoredRevision(revision: revision, authorKey: 1, changeID: nil, time: 1000, delta: "+a", hash: 42))
        }
        var generator = SeededGenerator(seed: 8)
        var failures = 0
        for _ in 0..<500 {
            var details = run.details
            if Bool.random(using: &generator), !details.isEmpty {
                details.removeLast(Int.random(in: 1...details.count, using: &generator))
            } else {
                details[Int.random(in: 0..<details.count, using: &generator)] = UInt8.random(
                    in: 0...255, using: &generator)
            }
            do {
                _ = try RevisionRun.decode(
                    firstRevision: 1, lastRevision: 3, baseLength: 0, firstTime: 1000, changes: run.changes,
                    details: details)
            } catch {
                failures += 1
            }
        }
        #expect(failures > 0)
        #expect(throws: ByteCoding.Failure.self) {
            try RevisionRun.decode(
                firstRevision: 1, lastRevision: 4, baseLength: 0, firstTime: 1000, changes: run.changes,
                details: run.details)
        }
        var index = 0
        #expect(throws: ByteCoding.Failure.self) {
            try ByteCoding.readVarint([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F], at: &index)
        }
    }
}
