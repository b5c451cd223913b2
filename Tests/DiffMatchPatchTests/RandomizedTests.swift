import DiffMatchPatch
import TestSupport
import Testing

/// Seeded randomized laws: diffs reconstruct their texts, patches and deltas round-trip, and no input traps the
/// parsers. Every failure message carries the case seed (replay with `COEDIT_TEST_SEED`).
@Suite struct RandomizedTests {
    let dmp = DiffMatchPatch()

    /// Two related texts: `text1` from random fragments and lines, `text2` an edited copy (or, sometimes, unrelated).
    static func textPair(_ generator: inout SeededGenerator) -> (String, String) {
        var fragments: [String] = []
        let lines = Int.random(in: 0...12, using: &generator)
        for _ in 0..<lines {
            fragments += (0..<Int.random(in: 0...14, using: &generator)).map { _ in
                RandomText.fragments.randomElement(using: &generator)!
            }
            fragments.append("\n")
        }
        let text1 = fragments.joined()
        if Int.random(in: 0..<8, using: &generator) == 0 {
            return (text1, RandomText.string(maxFragments: 60, using: &generator))
        }
        for _ in 0..<Int.random(in: 0...8, using: &generator) {
            let position = Int.random(in: 0...fragments.count, using: &generator)
            switch Int.random(in: 0..<3, using: &generator) {
            case 0 where position < fragments.count:
                fragments.removeSubrange(position..<min(fragments.count, position + Int.random(in: 1...5, using: &generator)))
            case 1:
                let inserted = (0..<Int.random(in: 1...6, using: &generator)).map { _ in
                    RandomText.fragments.randomElement(using: &generator)!
                }
                fragments.insert(contentsOf: inserted, at: position)
            default:
                if position < fragments.count { fragments[position] = RandomText.fragments.randomElement(using: &generator)! }
            }
        }
        return (text1, fragments.joined())
    }

    static func sameScalars(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.elementsEqual(b.unicodeScalars)
    }

    @Test func diffsReconstructBothTexts() {
        for seed in TestBudget.caseSeeds(150) {
            var generator = SeededGenerator(seed: seed)
            let (text1, text2) = Self.textPair(&generator)
            for checkLines in [false, true] {
                var diffs = dmp.diff(text1, text2, checkLines: checkLines)
                #expect(Self.sameScalars(DiffMatchPatch.sourceText(of: diffs), text1), "seed \(seed)")
                #expect(Self.sameScalars(DiffMatchPatch.targetText(of: diffs), text2), "seed \(seed)")
                // Line mode may leave empty runs, exactly as the reference does; character mode never does.
                #expect(checkLines || !diffs.contains { $0.text.isEmpty }, "seed \(seed)")
                // The scalar-array entry point agrees with the UTF-8 fast path.
                let viaScalars = dmp.diff(Array(text1.unicodeScalars), Array(text2.unicodeScalars), checkLines: checkLines)
                #expect(viaScalars == diffs, "seed \(seed)")
                // Delta round trip.
                let delta = DiffMatchPatch.delta(of: diffs)
                #expect((try? DiffMatchPatch.diffs(fromDelta: delta, source: text1)) == diffs, "seed \(seed)")
                // Cleanups keep both texts.
                DiffMatchPatch.cleanupSemantic(&diffs)
                dmp.cleanupEfficiency(&diffs)
                DiffMatchPatch.cleanupSemanticLossless(&diffs)
                DiffMatchPatch.cleanupMerge(&diffs)
                #expect(Self.sameScalars(DiffMatchPatch.sourceText(of: diffs), text1), "seed \(seed)")
                #expect(Self.sameScalars(DiffMatchPatch.targetText(of: diffs), text2), "seed \(seed)")
            }
        }
    }

    @Test func patchesRoundTrip() throws {
        for seed in TestBudget.caseSeeds(120) {
            var generator = SeededGenerator(seed: seed)
            let (text1, text2) = Self.textPair(&generator)
            let patches = dmp.patches(from: text1, to: text2)
            let (result, applied) = dmp.apply(patches, to: text1)
            #expect(Self.sameScalars(result, text2), "seed \(seed)")
            #expect(applied.allSatisfy { $0 }, "seed \(seed)")
            let text = DiffMatchPatch.patchText(patches)
            let parsed = try DiffMatchPatch.patches(fromText: text)
            #expect(parsed == patches, "seed \(seed)")
            #expect(DiffMatchPatch.patchText(parsed) == text, "seed \(seed)")
            // Patches made from the diff alone, or from text1 and the diff, agree.
            let diffs = dmp.diff(text1, text2)
            #expect(dmp.patches(from: diffs) == dmp.patches(from: text1, diffs: diffs), "seed \(seed)")
            // Applying to an edited text never traps and reports one result per hunk after padding and splitting.
            let (other, _) = Self.textPair(&generator)
            var split = patches
            dmp.addPadding(to: &split)
            dmp.splitOversizedPatches(&split)
            #expect(dmp.apply(patches, to: other).applied.count == split.count, "seed \(seed)")
        }
    }

    /// Characters that make near-valid patch text and deltas.
    static let syntax: [String] = [
        "@", "@@ ", " @@", "-", "+", " ", ",", "\n", "\t", "=", "%", "%2", "%C3", "%A9", "%F0%9F%98%80", "%zz", "0", "1",
        "7", "42", "99999999999999999999", "a", "é", "😀", "\r",
    ]

    @Test func randomPatchTextNeverTraps() {
        var parsedCount = 0
        for seed in TestBudget.caseSeeds(400) {
            var generator = SeededGenerator(seed: seed)
            let text: String
            switch Int.random(in: 0..<3, using: &generator) {
            case 0:
                // Arbitrary bytes (decoded with repair).
                let bytes = (0..<Int.random(in: 0...80, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
                text = String(decoding: bytes, as: UTF8.self)
            case 1:
                text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                    Self.syntax.randomElement(using: &generator)!
                }.joined()
            default:
                // A valid patch text with a few mutations.
                let (text1, text2) = Self.textPair(&generator)
                var scalars = Array(DiffMatchPatch.patchText(dmp.patches(from: text1, to: text2)).unicodeScalars)
                for _ in 0..<Int.random(in: 0...3, using: &generator) where !scalars.isEmpty {
                    let position = Int.random(in: 0..<scalars.count, using: &generator)
                    scalars[position] = Self.syntax.randomElement(using: &generator)!.unicodeScalars.first!
                }
                var mutated = String.UnicodeScalarView()
                mutated.append(contentsOf: scalars)
                text = String(mutated)
            }
            do {
                let patches = try DiffMatchPatch.patches(fromText: text)
                parsedCount += 1
                // Whatever parses prints back to text that parses to the same patches, and applies without trapping.
                let printed = DiffMatchPatch.patchText(patches)
                #expect((try? DiffMatchPatch.patches(fromText: printed)) == patches, "seed \(seed)")
                var other = generator
                _ = dmp.apply(patches, to: RandomText.string(maxFragments: 40, using: &other))
            } catch {
                #expect(!error.description.isEmpty, "seed \(seed)")
            }
        }
        #expect(parsedCount > 0)
    }

    @Test func randomDeltaNeverTraps() {
        var parsedCount = 0
        for seed in TestBudget.caseSeeds(400) {
            var generator = SeededGenerator(seed: seed)
            let source = RandomText.string(maxFragments: 12, using: &generator)
            let delta: String
            if Int.random(in: 0..<2, using: &generator) == 0 {
                delta = (0..<Int.random(in: 0...12, using: &generator)).map { _ in
                    Self.syntax.randomElement(using: &generator)!
                }.joined()
            } else {
                // A valid delta of `source` with a few mutations.
                let target = RandomText.string(maxFragments: 12, using: &generator)
                var scalars = Array(DiffMatchPatch.delta(of: dmp.diff(source, target)).unicodeScalars)
                for _ in 0..<Int.random(in: 0...2, using: &generator) where !scalars.isEmpty {
                    let position = Int.random(in: 0..<scalars.count, using: &generator)
                    scalars[position] = Self.syntax.randomElement(using: &generator)!.unicodeScalars.first!
                }
                var mutated = String.UnicodeScalarView()
                mutated.append(contentsOf: scalars)
                delta = String(mutated)
            }
            do {
                let diffs = try DiffMatchPatch.diffs(fromDelta: delta, source: source)
                parsedCount += 1
                // A delta that parses covers the source text exactly.
                #expect(Self.sameScalars(DiffMatchPatch.sourceText(of: diffs), source), "seed \(seed)")
            } catch {
                #expect(!error.description.isEmpty, "seed \(seed)")
            }
        }
        #expect(parsedCount > 0)
    }

    @Test func matchStaysInsideTheText() {
        for seed in TestBudget.caseSeeds(200) {
            var generator = SeededGenerator(seed: seed)
            var dmp = DiffMatchPatch()
            dmp.matchThreshold = [0.0, 0.3, 0.5, 0.9].randomElement(using: &generator)!
            dmp.matchDistance = [0, 10, 1000].randomElement(using: &generator)!
            let text = RandomText.string(maxFragments: 80, using: &generator)
            let pattern = RandomText.string(maxFragments: Bool.random(using: &generator) ? 10 : 50, using: &generator)
            let location = Int.random(in: -10...(text.unicodeScalars.count + 10), using: &generator)
            for found in [dmp.match(pattern, in: text, near: location), dmp.bitapMatch(pattern, in: text, near: location)] {
                if let found {
                    #expect(found >= 0 && found <= text.unicodeScalars.count, "seed \(seed)")
                }
            }
        }
    }
}

/// Extreme coordinates and parameters: anything a caller can construct must not trap.
@Suite struct ExtremeInputTests {
    static let extremes = [Int.min, Int.min + 1, -1_000_000, -1, 0, 1, 7, 1_000_000, Int.max - 1, Int.max]

    @Test func patchesWithExtremeCoordinatesDoNotTrap() {
        for seed in TestBudget.caseSeeds(100) {
            var generator = SeededGenerator(seed: seed)
            var dmp = DiffMatchPatch()
            dmp.patchMargin = [Int.min, -4, 0, 1, 4, 100, Int.max].randomElement(using: &generator)!
            // Huge margins and huge Bitap widths together make long wide-mask searches: valid, but slow in debug.
            dmp.matchMaxBits = (dmp.patchMargin > 100 ? [1, 8, 32] : [Int.min, -1, 0, 1, 8, 32, 100, Int.max])
                .randomElement(using: &generator)!
            dmp.matchDistance = Self.extremes.randomElement(using: &generator)!
            dmp.diffEditCost = Self.extremes.randomElement(using: &generator)!
            dmp.matchThreshold = [-.infinity, -1, 0, 0.5, 1, .infinity, .nan].randomElement(using: &generator)!
            dmp.patchDeleteThreshold = [-1, 0, 0.5, .nan].randomElement(using: &generator)!
            dmp.diffTimeout = [-.infinity, 0, 1, .infinity, .nan].randomElement(using: &generator)!
            let text = RandomText.string(maxFragments: 30, using: &generator)
            let patches = (0..<Int.random(in: 0...3, using: &generator)).map { _ in
                Patch(
                    diffs: (0..<Int.random(in: 0...4, using: &generator)).map { _ in
                        Diff([.delete, .equal, .insert].randomElement(using: &generator)!,
                             RandomText.string(maxFragments: 8, using: &generator))
                    },
                    start1: Self.extremes.randomElement(using: &generator)!,
                    start2: Self.extremes.randomElement(using: &generator)!,
                    length1: Self.extremes.randomElement(using: &generator)!,
                    length2: Self.extremes.randomElement(using: &generator)!)
            }
            _ = DiffMatchPatch.patchText(patches)
            _ = dmp.apply(patches, to: text)
            var copy = patches
            dmp.splitOversizedPatches(&copy)
            dmp.addPadding(to: &copy)
            if var first = patches.first { dmp.addContext(to: &first, from: text) }
            let other = RandomText.string(maxFragments: 30, using: &generator)
            let made = dmp.patches(from: text, to: other)
            _ = dmp.apply(made, to: other)
            _ = dmp.match(other, in: text, near: Self.extremes.randomElement(using: &generator)!)
            _ = dmp.bitapMatch(String(other.prefix(3)), in: text, near: Self.extremes.randomElement(using: &generator)!)
            _ = DiffMatchPatch.targetIndex(of: Self.extremes.randomElement(using: &generator)!, in: dmp.diff(text, other))
            #expect(Bool(true), "seed \(seed)")
        }
    }
}
