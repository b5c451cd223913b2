import Testing

@testable import TerminalUI

/// How grapheme clusters are split into curses cells, with curses' widths as glibc's `wcwidth` gives them in a
/// UTF-8 locale (a table here, so the test does not depend on the machine's locale).
struct CursesCellsTests {
    private static func wcwidth(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0..<0x20, 0x7F: -1
        case 0x300...0x36F, 0x200D, 0xFE0F: 0  // combining marks, ZWJ, VS16
        case 0x1F1E6...0x1F1FF: 1  // regional indicators
        case 0x2764: 1  // heavy black heart (text presentation)
        case 0x4E00...0x9FFF, 0x1F300...0x1F64F: 2  // CJK, emoji (skin-tone modifiers included)
        default: 1
        }
    }

    private func split(_ cluster: String, columns: Int) -> CursesCells {
        CursesCells(cluster: cluster, columns: columns, width: Self.wcwidth)
    }

    private func columnsAndTexts(_ cells: CursesCells) -> [String] {
        cells.cells.map { "\($0.column):" + String(String.UnicodeScalarView($0.scalars)) }
    }

    @Test func plainNarrowAndWideCharactersAreOneCell() {
        #expect(columnsAndTexts(split("a", columns: 1)) == ["0:a"])
        #expect(split("a", columns: 1).padding == 0)
        #expect(columnsAndTexts(split("中", columns: 2)) == ["0:中"])
        #expect(split("中", columns: 2).padding == 0)
    }

    @Test func combiningMarksStayWithTheirBase() {
        #expect(columnsAndTexts(split("e\u{301}\u{302}", columns: 1)) == ["0:e\u{301}\u{302}"])
    }

    @Test func aLoneCombiningMarkGetsASpaceAsItsBase() {
        #expect(columnsAndTexts(split("\u{301}", columns: 1)) == ["0: \u{301}"])
        // The layout already put the space in front (`Glyph.narrow(" " + mark)`): unchanged.
        #expect(columnsAndTexts(split(" \u{301}", columns: 1)) == ["0: \u{301}"])
    }

    @Test func aControlCharacterIsNeverSent() {
        #expect(columnsAndTexts(split("\u{1B}", columns: 1)) == ["0:?"])
    }

    @Test func aFlagBecomesTwoOneColumnCells() {
        let flag = split("🇫🇷", columns: 2)
        #expect(columnsAndTexts(flag) == ["0:🇫", "1:🇷"])
        #expect(flag.padding == 0)
    }

    @Test func aLoneRegionalIndicatorIsPaddedToItsTwoColumns() {
        let lone = split("🇫", columns: 2)
        #expect(columnsAndTexts(lone) == ["0:🇫"])
        #expect(lone.padding == 1, "the second column is cleared, so nothing stale shows through")
    }

    @Test func aSkinToneModifierThatWouldNotFitIsLeftOut() {
        let thumb = split("👍🏽", columns: 2)
        #expect(columnsAndTexts(thumb) == ["0:👍"])
        #expect(thumb.padding == 0)
    }

    @Test func aZWJSequenceIsDrawnAsItsFirstEmojiWithoutTheJoiner() {
        let family = split("👨\u{200D}👩\u{200D}👧", columns: 2)
        #expect(columnsAndTexts(family) == ["0:👨"])
        #expect(!family.cells.contains { $0.scalars.contains("\u{200D}") })
        #expect(family.padding == 0)
    }

    @Test func anEmojiWithVariationSelectorIsNotPadded() {
        let heart = split("❤\u{FE0F}", columns: 2)
        #expect(columnsAndTexts(heart) == ["0:❤\u{FE0F}"])
        #expect(heart.padding == 0, "terminals draw it 2 columns wide although wcwidth says 1")
        // Without the selector it is a 1-column text character.
        #expect(split("❤", columns: 1).padding == 0)
    }

    @Test func nonASCIIClustersNeverOverflowTheirColumnsAndNeverStartWithAZeroWidthScalar() {
        let clusters = ["é", "e\u{301}", "中", "😀", "🇫🇷", "🇯🇵", "👍🏽", "👨\u{200D}👩\u{200D}👧", "❤\u{FE0F}", "\u{301}", "ß"]
        for cluster in clusters {
            for columns in 1...2 {
                let cells = split(cluster, columns: columns)
                let used = cells.cells.reduce(0) { $0 + max(1, Self.wcwidth($1.scalars[0])) }
                let firstWidth = Self.wcwidth(cells.cells[0].scalars[0])
                #expect(used + cells.padding <= max(columns, firstWidth), "\(cluster) in \(columns)")
                #expect(cells.cells.allSatisfy { Self.wcwidth($0.scalars[0]) != 0 }, "\(cluster)")
            }
        }
    }
}
