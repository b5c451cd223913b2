import EditorCore
import TestSupport
import Testing

@testable import Journal

@Suite struct ReplayBufferTests {
    @Test func replayingChangesMatchesApplyingThemToStrings() throws {
        for seed in TestBudget.caseSeeds(40) {
            var generator = SeededGenerator(seed: seed)
            var text = RandomText.string(maxFragments: 10, using: &generator)
            var buffer = ReplayBuffer(text)
            for step in 0..<200 {
                let length = text.unicodeScalars.count
                var change = ChangeSet()
                var position = 0
                // One to three edits, left to right, near or far from each other.
                for _ in 0..<Int.random(in: 1...3, using: &generator) where position <= length {
                    let skip = Int.random(in: 0...(length - position), using: &generator)
                    change.retain(skip)
                    position += skip
                    let deleted = Int.random(in: 0...min(3, length - position), using: &generator)
                    change.insert(
                        Bool.random(using: &generator) ? RandomText.string(maxFragments: 3, using: &generator) : "")
                    change.delete(deleted)
                    position += deleted
                }
                change.retain(length - position)
                text = try change.apply(to: text)
                try buffer.apply(change)
                #expect(buffer.count == text.unicodeScalars.count, "seed \(seed) step \(step)")
                if step % 20 == 0 || step == 199 { #expect(buffer.string == text, "seed \(seed) step \(step)") }
            }
        }
    }

    @Test func aChangeOfAnotherLengthIsRefused() {
        var buffer = ReplayBuffer("日本語")
        #expect(throws: ChangeSetError.lengthMismatch(expected: 2, actual: 3)) {
            try buffer.apply(.replacing(0..<1, with: "x", baseLength: 2))
        }
        #expect(buffer.string == "日本語")
    }
}
