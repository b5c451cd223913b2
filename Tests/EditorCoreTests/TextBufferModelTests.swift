import EditorCore
import TestSupport
import Testing

/// TextBuffer checked against a naive scalar-array model under thousands of seeded random edits on non-ASCII text
/// large enough for trees of several levels.
@Suite struct TextBufferModelTests {
    /// One random edit: mostly small typing and deleting, sometimes a large cut or paste that changes the height.
    private static func randomEdit(
        count: Int, _ generator: inout SeededGenerator
    ) -> (range: Range<Int>, text: String) {
        let start = Int.random(in: 0...count, using: &generator)
        let kind = Int.random(in: 0..<20, using: &generator)
        let length: Int
        let fragments: Int
        switch kind {
        case 0: (length, fragments) = (Int.random(in: 0...count - start, using: &generator), 0)
        case 1: (length, fragments) = (0, Int.random(in: 500...6000, using: &generator))
        case 2..<8: (length, fragments) = (min(count - start, Int.random(in: 0...40, using: &generator)), 0)
        default:
            (length, fragments) = (
                min(count - start, Int.random(in: 0...3, using: &generator)), Int.random(in: 0...8, using: &generator)
            )
        }
        return (start..<start + length, RandomText.string(fragmentCount: fragments, using: &generator))
    }

    /// Cheap random spot checks of every query against the model.
    private static func spotCheck(
        _ buffer: TextBuffer, _ model: ScalarModel, seed: UInt64, _ generator: inout SeededGenerator
    ) {
        let count = model.scalars.count
        let lineStarts = model.lineStarts
        #expect(buffer.scalarCount == count, "seed \(seed)")
        #expect(buffer.lineCount == lineStarts.count, "seed \(seed)")
        for _ in 0..<4 {
            let offset = Int.random(in: 0...count, using: &generator)
            let line = model.lineIndex(containing: offset, lineStarts: lineStarts)
            #expect(buffer.lineIndex(containing: offset) == line, "seed \(seed) offset \(offset)")
            let someLine = Int.random(in: 0..<lineStarts.count, using: &generator)
            #expect(buffer.lineStart(someLine) == lineStarts[someLine], "seed \(seed) line \(someLine)")
            let lineEnd = someLine + 1 < lineStarts.count ? lineStarts[someLine + 1] - 1 : count
            #expect(buffer.lineRange(someLine) == lineStarts[someLine]..<lineEnd, "seed \(seed) line \(someLine)")
            let end = min(count, offset + Int.random(in: 0...300, using: &generator))
            #expect(buffer.substring(offset..<end) == model.substring(offset..<end), "seed \(seed)")
            #expect(buffer.scalarArray(offset..<end) == Array(model.scalars[offset..<end]), "seed \(seed)")
            if offset < count { #expect(buffer.scalar(at: offset) == model.scalars[offset], "seed \(seed)") }
        }
        let offset = Int.random(in: 0...count, using: &generator)
        let utf8 = buffer.utf8Offset(ofScalar: offset)
        #expect(utf8 == model.utf8Length(ofPrefix: offset), "seed \(seed)")
        #expect(buffer.scalarOffset(ofUTF8: utf8) == offset, "seed \(seed)")
    }

    @Test(arguments: TestBudget.caseSeeds(10))
    func randomEditsMatchTheModel(seed: UInt64) {
        do {
            var generator = SeededGenerator(seed: seed)
            let initial = RandomText.string(
                fragmentCount: Int.random(in: 0...20_000, using: &generator), using: &generator)
            var buffer = TextBuffer(initial)
            var model = ScalarModel(initial)
            #expect(buffer.structuralIssue == nil, "seed \(seed)")
            for step in 1...TestBudget.iterations(200) {
                let previous = buffer
                let previousModel = model
                let edit = Self.randomEdit(count: model.scalars.count, &generator)
                buffer.replace(edit.range, with: edit.text)
                model.replace(edit.range, with: edit.text)
                Self.spotCheck(buffer, model, seed: seed, &generator)
                // The snapshot taken before the edit is untouched, and shares the unchanged ends.
                #expect(previous.scalarCount == previousModel.scalars.count, "seed \(seed)")
                // The model scans from what the edit left untouched (text before the range, after it).
                let untouchedSuffix = previousModel.scalars.count - edit.range.upperBound
                #expect(
                    buffer.commonPrefixLength(with: previous)
                        == model.commonPrefixLength(with: previousModel, known: edit.range.lowerBound),
                    "seed \(seed) step \(step)")
                #expect(
                    buffer.commonSuffixLength(with: previous)
                        == model.commonSuffixLength(with: previousModel, known: untouchedSuffix),
                    "seed \(seed) step \(step)")
                if step % 50 == 0 {
                    #expect(buffer.structuralIssue == nil, "seed \(seed) step \(step)")
                    #expect(buffer.string == model.string, "seed \(seed) step \(step)")
                    #expect(previous.string == previousModel.string, "seed \(seed) step \(step)")
                }
            }
            #expect(buffer.structuralIssue == nil, "seed \(seed)")
            #expect(buffer.string == model.string, "seed \(seed)")
            #expect(buffer == TextBuffer(model.string), "seed \(seed)")
        }
    }

    @Test func comparisonOfUnrelatedBuffersMatchesTheModel() {
        // Buffers built separately share no nodes: prefix and suffix come from the byte comparison alone,
        // including a difference inside a multi-byte scalar (é = C3 A9 vs ë = C3 AB).
        for seed in TestBudget.caseSeeds(200) {
            var generator = SeededGenerator(seed: seed)
            let common = RandomText.string(
                fragmentCount: Int.random(in: 0...3000, using: &generator), using: &generator)
            let tail = RandomText.string(fragmentCount: Int.random(in: 0...3000, using: &generator), using: &generator)
            let left = common + "é" + tail
            let right = common + (Bool.random(using: &generator) ? "ë" : "") + tail
            let (a, b) = (TextBuffer(left), TextBuffer(right))
            let (modelA, modelB) = (ScalarModel(left), ScalarModel(right))
            #expect(a.commonPrefixLength(with: b) == modelA.commonPrefixLength(with: modelB), "seed \(seed)")
            #expect(a.commonSuffixLength(with: b) == modelA.commonSuffixLength(with: modelB), "seed \(seed)")
            #expect((a == b) == (left == right), "seed \(seed)")
            #expect(a == TextBuffer(left), "seed \(seed)")
        }
    }

    @Test func deepTreeEditsMatchTheModel() {
        // About 1 MB: four levels of nodes, so concatenation and splitting work across several heights.
        let seed = TestBudget.caseSeeds(1, default: 77)[0]
        var generator = SeededGenerator(seed: seed)
        let initial = RandomText.string(fragmentCount: 400_000, using: &generator)
        var buffer = TextBuffer(initial)
        var model = ScalarModel(initial)
        #expect(buffer.treeHeight >= 3, "seed \(seed)")
        for step in 1...TestBudget.iterations(300) {
            let previous = buffer
            let count = model.scalars.count
            let edit = Self.randomEdit(count: count, &generator)
            buffer.replace(edit.range, with: edit.text)
            model.replace(edit.range, with: edit.text)
            #expect(buffer.scalarCount == model.scalars.count, "seed \(seed) step \(step)")
            let insertedEnd = edit.range.lowerBound + edit.text.unicodeScalars.count
            let window = max(0, edit.range.lowerBound - 50)..<min(model.scalars.count, insertedEnd + 50)
            #expect(buffer.substring(window) == model.substring(window), "seed \(seed) step \(step)")
            // Line lookups agree with each other and with the model's scalars around them.
            let offset = Int.random(in: 0...model.scalars.count, using: &generator)
            let line = buffer.lineIndex(containing: offset)
            let start = buffer.lineStart(line)
            #expect(start <= offset && (start == 0 || model.scalars[start - 1] == "\n"), "seed \(seed) step \(step)")
            #expect(!model.scalars[start..<offset].contains("\n"), "seed \(seed) step \(step)")
            #expect(buffer.commonPrefixLength(with: previous) >= edit.range.lowerBound, "seed \(seed) step \(step)")
            if step % 100 == 0 { #expect(buffer.structuralIssue == nil, "seed \(seed) step \(step)") }
        }
        #expect(buffer.string == model.string, "seed \(seed)")
        #expect(buffer.lineCount == model.lineStarts.count, "seed \(seed)")
        #expect(model.lineStarts.enumerated().allSatisfy { buffer.lineStart($0.offset) == $0.element }, "seed \(seed)")
    }

    @Test func slicesAndAppendsMatchTheModel() {
        for seed in TestBudget.caseSeeds(40) {
            var generator = SeededGenerator(seed: seed)
            let text = RandomText.string(
                fragmentCount: Int.random(in: 0...20_000, using: &generator), using: &generator)
            let buffer = TextBuffer(text)
            let model = ScalarModel(text)
            let count = model.scalars.count
            let cut = Int.random(in: 0...count, using: &generator)
            let end = Int.random(in: cut...count, using: &generator)
            var rebuilt = buffer.slice(0..<cut)
            rebuilt.append(buffer.slice(cut..<end))
            rebuilt.append(buffer.slice(end..<count))
            #expect(rebuilt.structuralIssue == nil, "seed \(seed)")
            #expect(rebuilt == buffer, "seed \(seed)")
            #expect(buffer.slice(cut..<end).string == model.substring(cut..<end), "seed \(seed)")
            #expect(Array(buffer.scalars(in: cut..<end)) == Array(model.scalars[cut..<end]), "seed \(seed)")
        }
    }
}
