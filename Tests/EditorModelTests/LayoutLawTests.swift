import Testing
import TestSupport

@testable import EditorModel

/// Laws tying the fast layout paths (the ASCII walk, measuring without keeping items, keeping only the columns
/// from `firstColumn`) to the plain definitions they replace, on seeded random lines with non-ASCII text.
@Suite("Layout laws")
struct LayoutLawTests {
    /// Fragments beyond `RandomText`'s that stress the ASCII fast path: CR LF, a lone CR, control characters, an
    /// ASCII letter followed by a combining mark, and a regional-indicator pair after ASCII.
    private static let extraFragments = ["\r\n", "\r", "\u{1}", "\u{7F}", "a\u{301}", "x🇯🇵", "\u{200B}", "\t"]

    /// A random line; with `keepingLineBreaks` false, LFs become "q" (a line's content has none).
    private static func randomLine(_ generator: inout SeededGenerator, keepingLineBreaks: Bool = false) -> String {
        var line = ""
        for _ in 0..<Int.random(in: 0...60, using: &generator) {
            line += Bool.random(using: &generator)
                ? RandomText.fragments.randomElement(using: &generator)!
                : extraFragments.randomElement(using: &generator)!
        }
        return keepingLineBreaks ? line : line.replacingOccurrences(of: "\n", with: "q")
    }

    @Test("the walk yields exactly the grapheme clusters of String, with DisplayWidth's glyphs")
    func walkMatchesCharacters() {
        for seed in TestBudget.caseSeeds(500) {
            var generator = SeededGenerator(seed: seed)
            let line = Self.randomLine(&generator, keepingLineBreaks: true)
            var walked: [(Int, Glyph?)] = []
            GraphemeWalk.forEach(in: line) { length, glyph in
                walked.append((length, glyph))
                return true
            }
            let expected = line.map { ($0.unicodeScalars.count, $0 == "\t" ? nil : DisplayWidth.glyph(for: $0)) }
            #expect(walked.count == expected.count, "seed \(seed): \(line.debugDescription)")
            for (got, want) in zip(walked, expected) {
                #expect(got.0 == want.0 && got.1 == want.1, "seed \(seed): \(line.debugDescription)")
            }
        }
    }

    @Test("measuring a position or a row count agrees with the full layout, with and without wrap")
    func measuringAgreesWithLayout() {
        for seed in TestBudget.caseSeeds(300) {
            var generator = SeededGenerator(seed: seed)
            let line = Self.randomLine(&generator)
            let wrap: Int? = Bool.random(using: &generator) ? Int.random(in: 2...12, using: &generator) : nil
            let tab = Int.random(in: 1...8, using: &generator)
            let layout = LineLayout(text: line, tabWidth: tab, wrapWidth: wrap)
            let length = line.unicodeScalars.count
            for offset in 0...length {
                let measured = LineLayout.position(of: offset, in: line, tabWidth: tab, wrapWidth: wrap)
                let full = layout.position(of: offset)
                #expect(measured == full, "seed \(seed) offset \(offset) wrap \(String(describing: wrap))")
            }
            #expect(LineLayout.rowCount(of: line, tabWidth: tab, wrapWidth: wrap) == layout.rows.count, "seed \(seed)")
        }
    }

    @Test("a layout from firstColumn keeps exactly the graphemes that reach past it, at the same columns")
    func firstColumnKeepsTheVisibleTail() {
        for seed in TestBudget.caseSeeds(300) {
            var generator = SeededGenerator(seed: seed)
            let line = Self.randomLine(&generator)
            let tab = Int.random(in: 1...8, using: &generator)
            let first = Int.random(in: 0...40, using: &generator)
            let limit = first + Int.random(in: 1...30, using: &generator)
            let full = LineLayout(text: line, tabWidth: tab, wrapWidth: nil, columnLimit: limit)
            let tail = LineLayout(text: line, tabWidth: tab, wrapWidth: nil, columnLimit: limit, firstColumn: first)
            #expect(tail.items == full.items.filter { $0.column + $0.width > first }, "seed \(seed)")
            #expect(tail.isTruncated == full.isTruncated && tail.length == full.length, "seed \(seed)")
            for column in first..<limit {
                #expect(tail.offset(atRow: 0, column: column) == full.offset(atRow: 0, column: column),
                    "seed \(seed) column \(column)")
            }
        }
    }
}
