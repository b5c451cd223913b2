import EditorCore
import TestSupport
import Testing

/// The ChangeSet laws on thousands of seeded random changes over random non-ASCII text.
@Suite struct ChangeSetLawTests {
    @Test func builderKeepsNormalForm() {
        for seed in TestBudget.caseSeeds(2000) {
            var generator = SeededGenerator(seed: seed)
            let change = RandomChanges.change(baseLength: Int.random(in: 0...30, using: &generator), &generator)
            #expect(RandomChanges.normalFormViolation(change) == nil, "seed \(seed)")
        }
    }

    @Test func applyingToStringAndBufferAgree() throws {
        for seed in TestBudget.caseSeeds(1000) {
            var generator = SeededGenerator(seed: seed)
            let text = RandomChanges.text(&generator)
            let change = RandomChanges.change(baseLength: text.scalarCount, &generator)
            let result = try change.apply(to: text)
            #expect(result.scalarCount == change.targetLength, "seed \(seed)")
            var buffer = TextBuffer(text)
            try change.apply(to: &buffer)
            #expect(buffer.string == result, "seed \(seed)")
            #expect(buffer.structuralIssue == nil, "seed \(seed)")
        }
    }

    @Test func composeLaw() throws {
        for seed in TestBudget.caseSeeds(2000) {
            var generator = SeededGenerator(seed: seed)
            let text = RandomChanges.text(&generator)
            let first = RandomChanges.change(baseLength: text.scalarCount, &generator)
            let middle = try first.apply(to: text)
            let second = RandomChanges.change(baseLength: middle.scalarCount, &generator)
            let composed = try first.composed(with: second)
            #expect(RandomChanges.normalFormViolation(composed) == nil, "seed \(seed)")
            #expect(try composed.apply(to: text) == second.apply(to: middle), "seed \(seed)")
            #expect(
                composed.baseLength == first.baseLength && composed.targetLength == second.targetLength, "seed \(seed)")
        }
    }

    @Test func composingWithAnIdentityGivesTheOtherChangeExactly() throws {
        for seed in TestBudget.caseSeeds(500) {
            var generator = SeededGenerator(seed: seed)
            let length = Int.random(in: 0...20, using: &generator)
            let change = RandomChanges.change(baseLength: length, &generator)
            #expect(try ChangeSet.identity(length: length).composed(with: change) == change, "seed \(seed)")
            #expect(try change.composed(with: .identity(length: change.targetLength)) == change, "seed \(seed)")
            #expect(throws: ChangeSetError.self, "seed \(seed)") {
                try ChangeSet.identity(length: length + 1).composed(with: change)
            }
        }
    }

    @Test func composeIsAssociative() throws {
        for seed in TestBudget.caseSeeds(500) {
            var generator = SeededGenerator(seed: seed)
            let text = RandomChanges.text(&generator)
            let a = RandomChanges.change(baseLength: text.scalarCount, &generator)
            let b = RandomChanges.change(baseLength: a.targetLength, &generator)
            let c = RandomChanges.change(baseLength: b.targetLength, &generator)
            let left = try a.composed(with: b).composed(with: c)
            let right = try a.composed(with: b.composed(with: c))
            #expect(try left.apply(to: text) == right.apply(to: text), "seed \(seed)")
        }
    }

    @Test func invertUndoes() throws {
        for seed in TestBudget.caseSeeds(2000) {
            var generator = SeededGenerator(seed: seed)
            let text = RandomChanges.text(&generator)
            let change = RandomChanges.change(baseLength: text.scalarCount, &generator)
            let inverse = change.inverted(against: TextBuffer(text))
            #expect(RandomChanges.normalFormViolation(inverse) == nil, "seed \(seed)")
            #expect(try inverse.apply(to: change.apply(to: text)) == text, "seed \(seed)")
            // Composing a change with its inverse is a no-op on the base text.
            #expect(try change.composed(with: inverse).apply(to: text) == text, "seed \(seed)")
        }
    }

    @Test(arguments: [TieBreak.firstInsertsFirst, .secondInsertsFirst])
    func transformConvergesTP1(tieBreak: TieBreak) throws {
        for seed in TestBudget.caseSeeds(2000) {
            var generator = SeededGenerator(seed: seed)
            let text = RandomChanges.text(&generator)
            let a = RandomChanges.change(baseLength: text.scalarCount, &generator)
            let b = RandomChanges.change(baseLength: text.scalarCount, &generator)
            let (aPrime, bPrime) = try ChangeSet.transform(a, b, tieBreak: tieBreak)
            #expect(RandomChanges.normalFormViolation(aPrime) == nil, "seed \(seed)")
            #expect(RandomChanges.normalFormViolation(bPrime) == nil, "seed \(seed)")
            let viaA = try bPrime.apply(to: a.apply(to: text))
            let viaB = try aPrime.apply(to: b.apply(to: text))
            #expect(viaA == viaB, "seed \(seed): a \(a) b \(b)")
            // The same holds when composed: a ∘ b' == b ∘ a'.
            #expect(
                try a.composed(with: bPrime).apply(to: text) == b.composed(with: aPrime).apply(to: text), "seed \(seed)"
            )
        }
    }

    @Test func transformIsMirrorSymmetric() throws {
        // Swapping the arguments and the tie rule swaps the results.
        for seed in TestBudget.caseSeeds(1000) {
            var generator = SeededGenerator(seed: seed)
            let length = Int.random(in: 0...20, using: &generator)
            let a = RandomChanges.change(baseLength: length, &generator)
            let b = RandomChanges.change(baseLength: length, &generator)
            let forward = try ChangeSet.transform(a, b, tieBreak: .firstInsertsFirst)
            let backward = try ChangeSet.transform(b, a, tieBreak: .secondInsertsFirst)
            #expect(forward.a == backward.b && forward.b == backward.a, "seed \(seed)")
        }
    }

    @Test func transformAgainstIdentityChangesNothing() throws {
        for seed in TestBudget.caseSeeds(500) {
            var generator = SeededGenerator(seed: seed)
            let length = Int.random(in: 0...20, using: &generator)
            let a = RandomChanges.change(baseLength: length, &generator)
            let (aPrime, identityPrime) = try ChangeSet.transform(
                a, .identity(length: length), tieBreak: .firstInsertsFirst)
            #expect(aPrime == a, "seed \(seed)")
            #expect(identityPrime == .identity(length: a.targetLength), "seed \(seed)")
        }
    }

    @Test(arguments: [Association.before, .after])
    func mapPositionIsMonotoneInRangeAndFollowsRetainedText(association: Association) throws {
        for seed in TestBudget.caseSeeds(1000) {
            var generator = SeededGenerator(seed: seed)
            let text = RandomChanges.text(&generator)
            let change = RandomChanges.change(baseLength: text.scalarCount, &generator)
            let result = try change.apply(to: text)
            let mapped = (0...change.baseLength).map { change.mapPosition($0, association: association) }
            #expect(zip(mapped, mapped.dropFirst()).allSatisfy { $0 <= $1 }, "seed \(seed): \(mapped)")
            #expect(mapped.allSatisfy { (0...change.targetLength).contains($0) }, "seed \(seed)")
            // Positions are gaps between scalars. A retained scalar starts at the gap before it mapped `.after`
            // (past text inserted there) and ends at the gap after it mapped `.before`.
            var old = 0
            for operation in change.operations {
                switch operation {
                case .retain(let count):
                    for position in old..<old + count {
                        let mappedStart = change.mapPosition(position, association: .after)
                        let mappedEnd = change.mapPosition(position + 1, association: .before)
                        #expect(mappedEnd == mappedStart + 1, "seed \(seed)")
                        #expect(result.scalar(at: mappedStart) == text.scalar(at: position), "seed \(seed)")
                    }
                    old += count
                case .delete(let count): old += count
                case .insert: break
                }
            }
            #expect(change.mapPosition(change.baseLength, association: association) <= change.targetLength)
        }
    }

    @Test func associationOnlyMattersAtInsertionPoints() throws {
        for seed in TestBudget.caseSeeds(1000) {
            var generator = SeededGenerator(seed: seed)
            let length = Int.random(in: 0...20, using: &generator)
            let change = RandomChanges.change(baseLength: length, &generator)
            for position in 0...length {
                let before = change.mapPosition(position, association: .before)
                let after = change.mapPosition(position, association: .after)
                #expect(before <= after, "seed \(seed)")
            }
        }
    }
}

/// Applying many-operation changes to buffers of several tree levels.
@Suite struct ChangeSetLargeBufferTests {
    @Test(arguments: TestBudget.caseSeeds(3))
    func manyOperationChangesKeepTheTreeValid(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let text = RandomText.string(fragmentCount: 20_000, using: &generator)
        let change = RandomChanges.change(baseLength: text.scalarCount, &generator)
        var buffer = TextBuffer(text)
        try change.apply(to: &buffer)
        #expect(buffer.structuralIssue == nil, "seed \(seed)")
        #expect(try buffer.string == change.apply(to: text), "seed \(seed)")
        let inverse = change.inverted(against: TextBuffer(text))
        try inverse.apply(to: &buffer)
        #expect(buffer.string == text, "seed \(seed)")
        #expect(buffer.structuralIssue == nil, "seed \(seed)")
    }
}
