import DiffMatchPatch
import EditorCore
import TestSupport
import Testing

/// The DiffMatchPatch bridge: diffs both ways and the DMP delta text format, including the reference's vectors.
@Suite struct ChangeSetDiffTests {
    @Test func referenceDeltaVector() throws {
        // From the reference test suite (diff_toDelta / diff_fromDelta).
        let diffs = [
            Diff(.equal, "jump"), Diff(.delete, "s"), Diff(.insert, "ed"), Diff(.equal, " over "),
            Diff(.delete, "the"), Diff(.insert, "a"), Diff(.equal, " lazy"), Diff(.insert, "old dog"),
        ]
        let change = ChangeSet(diffs: diffs)
        #expect(change.baseLength == 19 && change.targetLength == 25)
        #expect(change.deltaText() == "=4\t-1\t+ed\t=6\t-3\t+a\t=5\t+old dog")
        #expect(try ChangeSet(deltaText: change.deltaText(), baseLength: 19) == change)
        #expect(try change.apply(to: "jumps over the lazy") == "jumped over a lazyold dog")
        #expect(try change.diffs(against: "jumps over the lazy") == diffs)
    }

    @Test func referenceEscapingVectors() throws {
        let special = ChangeSet(diffs: [
            Diff(.equal, "\u{0680} \u{00} \t %"), Diff(.delete, "\u{0681} \u{01} \n ^"),
            Diff(.insert, "\u{0682} \u{02} \\ |"),
        ])
        #expect(special.deltaText() == "=7\t-7\t+%DA%82 %02 %5C %7C")
        #expect(try ChangeSet(deltaText: "=7\t-7\t+%DA%82 %02 %5C %7C", baseLength: 14) == special)
        let safe = "A-Z a-z 0-9 - _ . ! ~ * ' ( ) ; / ? : @ & = + $ , # "
        let unchanged = ChangeSet(diffs: [Diff(.insert, safe)])
        #expect(unchanged.deltaText() == "+" + safe)
        #expect(try ChangeSet(deltaText: "+" + safe, baseLength: 0) == unchanged)
    }

    @Test func lengthsAreScalars() throws {
        let change = ChangeSet(diffs: [Diff(.equal, "👩‍💻é"), Diff(.delete, "日本"), Diff(.insert, "🇫🇷%\t")])
        #expect(change.deltaText() == "=4\t-2\t+%F0%9F%87%AB%F0%9F%87%B7%25%09")
        #expect(try ChangeSet(deltaText: change.deltaText(), baseLength: 6) == change)
        // Lowercase escapes, raw non-ASCII and a trailing tab are accepted as the reference accepts them.
        #expect(try ChangeSet(deltaText: "=1\t+%c3%a9日\t", baseLength: 1).operations == [.retain(1), .insert("é日")])
    }

    @Test func malformedDeltasThrowWithTheirPlace() {
        let cases: [(String, Int, ChangeSetError)] = [
            ("=2\t*3", 2, .malformedDelta(token: 2, reason: "\"*3\": invalid operation (expected '+', '-' or '=')")),
            ("=x", 0, .malformedDelta(token: 1, reason: "\"=x\": invalid number (expected decimal digits)")),
            ("=1\t-", 1, .malformedDelta(token: 2, reason: "\"-\": invalid number (expected decimal digits)")),
            ("-+1", 1, .malformedDelta(token: 1, reason: "\"-+1\": invalid number (expected decimal digits)")),
            (
                "=1\t-1\t+a%2", 2,
                .malformedDelta(
                    token: 3,
                    reason: "\"+a%2\": malformed %-escape at byte 1 (a % must be followed by two hex digits)")
            ),
            ("+%C3%28", 0, .malformedDelta(token: 1, reason: "\"+%C3%28\": the %-escapes do not decode to valid UTF-8")),
            ("=3\t+a", 4, .lengthMismatch(expected: 4, actual: 3)),
        ]
        for (delta, baseLength, error) in cases {
            #expect(throws: error, "\(delta.debugDescription)") {
                try ChangeSet(deltaText: delta, baseLength: baseLength)
            }
        }
        #expect(
            ChangeSetError.malformedDelta(token: 2, reason: "\"*3\": invalid operation").description
                == "malformed delta at token 2: \"*3\": invalid operation")
    }

    @Test func aDeltaWithoutItsFinalRetainGetsItBackFromTheBaseLength() throws {
        // As the journal stores deltas: the final retain left out, the base length known.
        let change = ChangeSet.replacing(2..<3, with: "日本 👋🏽", baseLength: 9)
        #expect(change.deltaText() == "=2\t-1\t+%E6%97%A5%E6%9C%AC %F0%9F%91%8B%F0%9F%8F%BD\t=6")
        let stored = "=2\t-1\t+%E6%97%A5%E6%9C%AC %F0%9F%91%8B%F0%9F%8F%BD"
        #expect(try ChangeSet(deltaTextOmittingFinalRetain: stored, baseLength: 9) == change)
        #expect(try ChangeSet(deltaTextOmittingFinalRetain: change.deltaText(), baseLength: 9) == change)
        #expect(try ChangeSet(deltaTextOmittingFinalRetain: "", baseLength: 4) == .identity(length: 4))
        #expect(try ChangeSet(deltaTextOmittingFinalRetain: "+é", baseLength: 0).operations == [.insert("é")])
        #expect(throws: ChangeSetError.lengthMismatch(expected: 2, actual: 3)) {
            try ChangeSet(deltaTextOmittingFinalRetain: "=1\t-2", baseLength: 2)
        }
        let badOperation = ChangeSetError.malformedDelta(
            token: 2, reason: "\"*3\": invalid operation (expected '+', '-' or '=')")
        #expect(throws: badOperation) {
            try ChangeSet(deltaTextOmittingFinalRetain: "=2\t*3", baseLength: 5)
        }
    }

    @Test func countsThatAddUpPastIntMaxAreRefusedNotTrappedOn() {
        let huge = String(Int.max)
        for delta in ["=\(huge)\t=1", "-\(huge)\t-\(huge)", "=1\t-\(huge)"] {
            let overflow = ChangeSetError.malformedDelta(token: 2, reason: "the counts add up to more than \(Int.max)")
            #expect(throws: overflow) {
                try ChangeSet(deltaText: delta, baseLength: 5)
            }
            #expect(throws: ChangeSetError.self) { try ChangeSet(deltaTextOmittingFinalRetain: delta, baseLength: 5) }
        }
    }

    @Test func randomChangesRoundTripThroughDeltaAndDiffs() throws {
        for seed in TestBudget.caseSeeds(1000) {
            var generator = SeededGenerator(seed: seed)
            let text = RandomChanges.text(&generator)
            let change = RandomChanges.change(baseLength: text.scalarCount, &generator)
            #expect(
                try ChangeSet(deltaText: change.deltaText(), baseLength: change.baseLength) == change, "seed \(seed)")
            var shortened = change.deltaText()
            if case .retain = change.operations.last, let tab = shortened.lastIndex(of: "\t") {
                shortened = String(shortened[..<tab])
            } else if change.operations.count == 1, case .retain = change.operations[0] {
                shortened = ""
            }
            #expect(
                try ChangeSet(deltaTextOmittingFinalRetain: shortened, baseLength: change.baseLength) == change,
                "seed \(seed)")
            let diffs = try change.diffs(against: TextBuffer(text))
            #expect(ChangeSet(diffs: diffs) == change, "seed \(seed)")
            // The diff reads back both texts, DMP-style.
            let old = diffs.filter { $0.operation != .insert }.map(\.text).joined()
            let new = diffs.filter { $0.operation != .delete }.map(\.text).joined()
            #expect(old == text, "seed \(seed)")
            #expect(try new == change.apply(to: text), "seed \(seed)")
        }
    }

    @Test func differenceOfSnapshotsIsOneMinimalHunk() throws {
        for seed in TestBudget.caseSeeds(300) {
            var generator = SeededGenerator(seed: seed)
            let old = TextBuffer(RandomChanges.text(&generator, maxFragments: 200))
            var new = old
            let start = Int.random(in: 0...old.scalarCount, using: &generator)
            let end = Int.random(in: start...old.scalarCount, using: &generator)
            new.replace(start..<end, with: RandomChanges.text(&generator, maxFragments: 4))
            let change = ChangeSet.difference(from: old, to: new)
            var applied = old
            try change.apply(to: &applied)
            #expect(applied == new, "seed \(seed)")
            #expect(change.operations.count <= 4, "seed \(seed)")
        }
        // Overlapping prefix and suffix ("aa" → "aaa") are clamped.
        #expect(ChangeSet.difference(from: "aa", to: "aaa").operations == [.retain(2), .insert("a")])
        #expect(ChangeSet.difference(from: "日本", to: "日本").isIdentity)
    }

    @Test func diffsRejectTheWrongBase() {
        let change = ChangeSet.replacing(0..<1, with: "x", baseLength: 2)
        #expect(throws: ChangeSetError.lengthMismatch(expected: 2, actual: 3)) { try change.diffs(against: "abc") }
    }
}
