import TestSupport
import Testing

@testable import EditorCore

/// The per-keystroke fast paths: word-at-a-time UTF-8 counting, edits inside one leaf, and `ChangeSet.apply`
/// as in-place replaces, each checked against the plain definition on non-ASCII text.
@Suite struct RopeFastPathTests {
    /// The counts and offsets read 8 bytes at a time agree with a byte-by-byte count, at every alignment.
    @Test func wordCountsAgreeWithByteCounts() {
        var generator = SeededGenerator(seed: TestBudget.baseSeed())
        for _ in 0..<TestBudget.iterations(200) {
            let text = RandomText.string(maxFragments: 60, using: &generator) + "\n\n a\né"
            let bytes = Array(text.utf8)
            let starts = bytes.indices.filter { !UTF8Scan.isContinuation(bytes[$0]) }
            let prefix = Int.random(in: 0...bytes.count, using: &generator)
            let naive = (
                scalars: bytes[..<prefix].filter { !UTF8Scan.isContinuation($0) }.count,
                newlines: bytes[..<prefix].filter { $0 == 0x0A }.count
            )
            #expect(UTF8Scan.scalarCount(in: bytes, prefix: prefix) == naive.scalars, "seed \(generator.seed)")
            #expect(UTF8Scan.newlineCount(in: bytes, prefix: prefix) == naive.newlines, "seed \(generator.seed)")
            let from = starts.randomElement(using: &generator) ?? 0
            let later = starts.filter { $0 >= from }
            let scalars = Int.random(in: 0...later.count + 1, using: &generator)
            let expected = scalars < later.count ? later[scalars] - from : bytes.count - from
            #expect(
                UTF8Scan.byteOffset(ofScalar: scalars, in: bytes, from: from) == expected,
                "seed \(generator.seed) from \(from) scalars \(scalars)")
        }
    }

    /// Leaves of ASCII text find scalar offsets without scanning (a byte is a scalar there); next to leaves with
    /// accents, CJK, emoji and combining marks, every offset, substring, scalar and line still matches the model.
    @Test func asciiLeavesNextToOthersAgreeWithTheModel() {
        var generator = SeededGenerator(seed: TestBudget.baseSeed() &+ 11)
        let ascii = String(repeating: "plain ASCII text, line by line\n", count: 120)
        let text = ascii + RandomText.string(fragmentCount: 400, using: &generator) + ascii + "é漢👍🏽e\u{301}" + ascii
        let scalars = Array(text.unicodeScalars)
        let buffer = TextBuffer(text)
        #expect(buffer.treeHeight >= 1)
        var utf8 = [0]
        for scalar in scalars { utf8.append(utf8.last! + String(scalar).utf8.count) }
        for offset in stride(from: 0, through: scalars.count, by: 7) {
            #expect(buffer.utf8Offset(ofScalar: offset) == utf8[offset], "offset \(offset)")
            if offset < scalars.count { #expect(buffer.scalar(at: offset) == scalars[offset], "offset \(offset)") }
        }
        #expect(buffer.utf8Offset(ofScalar: scalars.count) == utf8.last)
        for _ in 0..<TestBudget.iterations(300) {
            let lower = Int.random(in: 0...scalars.count, using: &generator)
            let upper = Int.random(in: lower...min(scalars.count, lower + 3_000), using: &generator)
            let expected = String(String.UnicodeScalarView(scalars[lower..<upper]))
            #expect(buffer.substring(lower..<upper) == expected, "range \(lower)..<\(upper)")
            #expect(buffer.scalarArray(lower..<upper) == Array(scalars[lower..<upper]), "range \(lower)..<\(upper)")
            let newlines = scalars[..<lower].filter { $0 == "\n" }.count
            #expect(buffer.lineIndex(containing: lower) == newlines, "offset \(lower)")
        }
    }

    /// Edits inside one leaf of a tree of several levels (typing, deleting, replacing; leaves growing past their
    /// maximum and shrinking below their minimum, where the general path takes over) keep the text and the
    /// invariants exactly as the model says.
    @Test func editsInsideOneLeafMatchTheModel() {
        var generator = SeededGenerator(seed: TestBudget.baseSeed() &+ 7)
        var model = Array(RandomText.string(fragmentCount: 8_000, using: &generator).unicodeScalars)
        var buffer = TextBuffer(String(String.UnicodeScalarView(model)))
        #expect(buffer.treeHeight >= 1)
        let hotSpot = model.count / 2
        let steps = TestBudget.iterations(3_000)
        for step in 0..<steps {
            // Mostly one place (a typist), so one leaf grows past its maximum in the first half (more typing than
            // deleting) and shrinks below its minimum in the second (more deleting).
            let deleting = step < steps / 2 ? step % 3 == 0 : step % 4 != 0
            let near = min(model.count, max(0, hotSpot + Int.random(in: -40...40, using: &generator)))
            let start = Bool.random(using: &generator) ? near : Int.random(in: 0...model.count, using: &generator)
            let length = min(model.count - start, Int.random(in: 0...(deleting ? 30 : 2), using: &generator))
            let inserted = deleting ? "" : RandomText.string(fragmentCount: 2, using: &generator)
            buffer.replace(start..<start + length, with: inserted)
            model.replaceSubrange(start..<start + length, with: inserted.unicodeScalars)
            if step % 50 == 0 {
                #expect(buffer.structuralIssue == nil, "seed \(generator.seed) step \(step)")
                #expect(buffer.scalarCount == model.count && buffer.lineCount == model.filter { $0 == "\n" }.count + 1)
            }
        }
        #expect(buffer.string == String(String.UnicodeScalarView(model)), "seed \(generator.seed)")
        #expect(buffer.structuralIssue == nil)
    }

    /// A change of several operations applied to a large buffer, in place, gives what applying it to the string
    /// gives.
    @Test func multiOperationChangesOnALargeBufferMatchTheString() throws {
        var generator = SeededGenerator(seed: TestBudget.baseSeed() &+ 11)
        for _ in 0..<TestBudget.iterations(30) {
            let text = RandomText.string(fragmentCount: 3_000, using: &generator)
            var change = ChangeSet()
            var left = text.unicodeScalars.count
            while left > 0 {
                let step = min(left, Int.random(in: 1...900, using: &generator))
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: change.delete(step)
                case 1:
                    change.insert(RandomText.string(fragmentCount: 3, using: &generator))
                    change.retain(step)
                default: change.retain(step)
                }
                left -= step
            }
            var buffer = TextBuffer(text)
            try change.apply(to: &buffer)
            #expect(buffer.string == (try change.apply(to: text)), "seed \(generator.seed)")
            #expect(buffer.structuralIssue == nil, "seed \(generator.seed)")
        }
    }
}
