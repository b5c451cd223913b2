import EditorCore
import Testing
import TestSupport

@testable import EditorModel

/// Laws tying the column index of long lines (`LineColumnIndex`, `ColumnIndexCache`) and the windowed walk to the
/// plain definition: laying the line out from its start. Seeded random long lines of non-ASCII text (combining
/// marks, ZWJ sequences, flags, CJK, tabs, control characters), edited before and after the measured points.
@Suite("Column index laws")
struct ColumnIndexLawTests {
    /// Fragments besides `RandomText`'s: tabs, wide characters, a lone combining mark (joins whatever precedes
    /// it), a ZWJ, regional indicators one at a time (they pair up with their neighbours), controls.
    private static let extraFragments = [
        "\t", "\t", "漢", "😀", "\u{301}", "\u{200D}", "\u{1F1EF}", "\u{1F1F5}", "\r", "\u{1}", "\u{200B}", "a\u{301}",
    ]

    private static func randomPiece(_ generator: inout SeededGenerator, fragments: Int) -> String {
        var text = ""
        for _ in 0..<fragments {
            text += Bool.random(using: &generator)
                ? RandomText.fragments.randomElement(using: &generator)!
                : extraFragments.randomElement(using: &generator)!
        }
        // Scalar by scalar: Foundation's search would miss a "\n" that a combining mark follows.
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.map { $0 == "\n" ? "q" : $0 == "\r" ? "r" : $0 })
        return String(scalars)
    }

    /// A document of a short line, a long line (several thousand scalars) and a short line.
    private static func randomDocument(_ generator: inout SeededGenerator) -> String {
        let long = randomPiece(&generator, fragments: Int.random(in: 5000...6000, using: &generator))
        return randomPiece(&generator, fragments: 5) + "\n" + long + "\n" + randomPiece(&generator, fragments: 5)
    }

    /// Checks every checkpoint of `index` against the walk of `line` from its start: a cluster boundary with the
    /// same column and cluster count.
    private static func expectCheckpointsExact(_ index: LineColumnIndex, line: String, tab: Int, seed: UInt64) {
        var truth: [Int: (column: Int, graphemes: Int)] = [0: (0, 0)]
        var placer = LinePlacer(tabWidth: tab, wrapWidth: nil)
        var offset = 0
        var graphemes = 0
        GraphemeWalk.forEach(in: line) { length, glyph in
            _ = placer.place(glyph)
            offset += length
            graphemes += 1
            truth[offset] = (placer.column, graphemes)
            return true
        }
        #expect(index.length == line.unicodeScalars.count, "seed \(seed)")
        for checkpoint in index.checkpoints {
            let expected = truth[checkpoint.offset]
            #expect(expected?.column == checkpoint.column && expected?.graphemes == checkpoint.graphemes,
                "seed \(seed): checkpoint \(checkpoint) vs \(String(describing: expected))")
        }
    }

    /// Checks the layout's answers on the long line (line 1) against laying it out from its start.
    private static func expectQueriesExact(_ layout: TextLayout, generator: inout SeededGenerator, seed: UInt64) {
        let buffer = layout.buffer
        let content = buffer.contentRange(ofLine: 1)
        let line = buffer.substring(content)
        let full = LineLayout(text: line, tabWidth: layout.tabWidth, wrapWidth: nil)
        for _ in 0..<12 {
            let local = Int.random(in: 0...content.count, using: &generator)
            let offset = content.lowerBound + local
            #expect(layout.position(of: offset).column == full.position(of: local).column, "seed \(seed) at \(local)")
            let prefix = String(line.unicodeScalars.prefix(local))
            #expect(layout.graphemeCount(before: offset) == prefix.count, "seed \(seed) at \(local)")
            let graphemes = Int.random(in: 0...(line.count + 2), using: &generator)
            #expect(layout.offset(afterGraphemes: graphemes, inLine: 1)
                == content.lowerBound + String(line.prefix(graphemes)).unicodeScalars.count,
                "seed \(seed) after \(graphemes) graphemes")
            let column = Int.random(in: -2...(full.endColumn(ofRow: 0) + 3), using: &generator)
            #expect(layout.offset(at: VisualRow(line: 1, row: 0), column: column)
                == content.lowerBound + full.offset(atRow: 0, column: column), "seed \(seed) column \(column)")
            let first = max(0, column)
            let limit = first + Int.random(in: 1...40, using: &generator)
            let window = layout.layout(line: 1, columnLimit: limit, firstColumn: first)
            let expected = LineLayout(text: line, tabWidth: layout.tabWidth, wrapWidth: nil, columnLimit: limit,
                firstColumn: first)
            #expect(window.items == expected.items && window.length == expected.length
                && window.isTruncated == expected.isTruncated && window.endColumn(ofRow: 0) == expected.endColumn(ofRow: 0),
                "seed \(seed) window \(first)..<\(limit)")
        }
    }

    @Test("spans compose: the span of a then b moves the column as a's then b's do, from any column")
    func spansCompose() {
        func span(of text: String, tab: Int) -> ColumnSpan {
            var span = ColumnSpan()
            GraphemeWalk.forEach(in: text) { _, glyph in
                span.append(glyph, tabWidth: tab)
                return true
            }
            return span
        }
        for seed in TestBudget.caseSeeds(300) {
            var generator = SeededGenerator(seed: seed)
            let tab = Int.random(in: 1...8, using: &generator)
            let first = Self.randomPiece(&generator, fragments: Int.random(in: 0...8, using: &generator))
            let second = Self.randomPiece(&generator, fragments: Int.random(in: 0...8, using: &generator))
            let composed = span(of: first, tab: tab).then(span(of: second, tab: tab), tabWidth: tab)
            // Laid out as one text, when joining them does not merge clusters across the seam.
            let separate = first.count + second.count == (first + second).count
            for start in 0..<2 * tab {
                var placer = LinePlacer(tabWidth: tab, wrapWidth: nil, column: start)
                GraphemeWalk.forEach(in: first + second) { _, glyph in
                    _ = placer.place(glyph)
                    return true
                }
                let end = composed.end(from: start, tabWidth: tab)
                #expect(!separate || end == placer.column, "seed \(seed) from \(start)")
                #expect(end == span(of: second, tab: tab).end(from: span(of: first, tab: tab).end(from: start,
                    tabWidth: tab), tabWidth: tab), "seed \(seed) from \(start)")
            }
        }
    }

    @Test("the windowed walk over a buffer yields the clusters of walking the whole line")
    func windowedWalkMatchesWholeWalk() {
        for seed in TestBudget.caseSeeds(20) {
            var generator = SeededGenerator(seed: seed)
            let line = Self.randomPiece(&generator, fragments: Int.random(in: 0...1500, using: &generator))
            let buffer = TextBuffer("é\n" + line + "\nz")
            var whole: [Int] = []
            GraphemeWalk.forEach(in: line) { length, _ in
                whole.append(length)
                return true
            }
            var windowed: [Int] = []
            var next = 2
            GraphemeWalk.forEach(in: buffer, from: 2, to: 2 + line.unicodeScalars.count) { offset, length, _ in
                #expect(offset == next, "seed \(seed)")
                next = offset + length
                windowed.append(length)
                return true
            }
            #expect(windowed == whole, "seed \(seed)")
        }
    }

    @Test("checkpoints and queries equal the walk from the line's start, also after edits before and after them")
    func indexAgreesWithWalkFromLineStart() throws {
        for seed in TestBudget.caseSeeds(8) {
            var generator = SeededGenerator(seed: seed)
            let tab = Int.random(in: 1...8, using: &generator)
            var document = Document(buffer: TextBuffer(Self.randomDocument(&generator)))
            document.columnIndexes.indexLines([1], in: document.buffer, tabWidth: tab)
            #expect(document.columnIndexes.count == 1, "seed \(seed)")
            for step in 0..<12 {
                let buffer = document.buffer
                let content = buffer.contentRange(ofLine: 1)
                // Edits inside the long line (any scalar offset, so clusters are split and joined), and now and
                // then in the short lines around it, which only move it.
                let inLongLine = step % 4 != 3
                let target = inLongLine ? content : (Bool.random(using: &generator)
                    ? 0..<buffer.lineRange(0).count - 1 : content.upperBound + 1..<buffer.scalarCount)
                let lower = Int.random(in: target.lowerBound...target.upperBound, using: &generator)
                let upper = min(target.upperBound, lower + Int.random(in: 0...40, using: &generator))
                let inserted = Self.randomPiece(&generator, fragments: Int.random(in: 0...30, using: &generator))
                let change = ChangeSet.replacing(lower..<upper, with: inserted, baseLength: buffer.scalarCount)
                try document.apply(change, origin: .remote)
                let newContent = document.buffer.contentRange(ofLine: 1)
                let layout = TextLayout(buffer: document.buffer, tabWidth: tab, wrapWidth: nil,
                    columnIndexes: document.columnIndexes)
                if let index = document.columnIndexes.index(forContent: newContent, tabWidth: tab) {
                    Self.expectCheckpointsExact(index, line: document.buffer.substring(newContent), tab: tab,
                        seed: seed)
                } else {
                    Issue.record("seed \(seed) step \(step): the index was dropped by an edit inside its line")
                }
                Self.expectQueriesExact(layout, generator: &generator, seed: seed)
            }
        }
    }

    @Test("a line break typed into an indexed line drops its index; the other lines' indexes move")
    func lineBreakDropsTheIndex() throws {
        let long = String(repeating: "漢a\tb́", count: 2000)
        var document = Document(buffer: TextBuffer(long + "\n" + long))
        document.columnIndexes.indexLines([0, 1], in: document.buffer, tabWidth: 4)
        #expect(document.columnIndexes.count == 2)
        try document.apply(ChangeSet.replacing(10..<10, with: "\n", baseLength: document.buffer.scalarCount),
            origin: .local)
        #expect(document.columnIndexes.count == 1)
        let moved = document.buffer.contentRange(ofLine: 2)
        #expect(document.columnIndexes.index(forContent: moved, tabWidth: 4) != nil)
        #expect(document.columnIndexes.index(forContent: moved, tabWidth: 8) == nil)
    }
}
