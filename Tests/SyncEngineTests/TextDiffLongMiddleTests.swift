import EditorCore
import SyncEngine
import Testing
import TestSupport

/// The law `TextDiff.change(from: old, to: new).apply(to: old) == new` where the middle is long enough for line
/// mode with a time limit: scattered edits (non-ASCII, line breaks) in texts of tens of thousands of scalars.
@Suite struct TextDiffLongMiddleTests {
    @Test("scattered edits far apart: the change is exact")
    func scatteredEditsAreExact() throws {
        for seed in TestBudget.caseSeeds(40) {
            var random = SeededGenerator(seed: seed)
            let lines = (0..<Int.random(in: 800...2_500, using: &random)).map { _ in
                RandomText.string(maxFragments: 30, using: &random).replacingOccurrences(of: "\n", with: " ")
            }
            let old = lines.joined(separator: "\n")
            var scalars = Array(old.unicodeScalars)
            for _ in 0..<Int.random(in: 2...8, using: &random) {
                let start = Int.random(in: 0...scalars.count, using: &random)
                let end = min(scalars.count, start + Int.random(in: 0...6, using: &random))
                let insert = Array(RandomText.string(maxFragments: 3, using: &random).unicodeScalars)
                scalars.replaceSubrange(start..<end, with: insert)
            }
            let new = String(String.UnicodeScalarView(scalars))
            let change = TextDiff.change(from: old, to: new)
            #expect(try change.apply(to: old) == new, "seed \(seed)")
        }
    }
}
