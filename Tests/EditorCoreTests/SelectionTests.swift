import EditorCore
import Testing

/// Selections carried through changes, written in the annotated notation of `Annotated` ("he[l|]lo").
@Suite struct SelectionTests {
    /// Maps the selection in `before` through `replacing(range, with: text)` and renders the result.
    private func map(_ before: String, replacing range: Range<Int>, with text: String) throws -> String {
        let (base, selection) = Annotated.parse(before)
        let change = ChangeSet.replacing(range, with: text, baseLength: base.scalarCount)
        return Annotated.render(try change.apply(to: base), selection.mapped(through: change))
    }

    @Test func notationRoundTrips() {
        for sample in ["he|llo", "he[l|]lo", "he[|l]lo", "|", "日本[|語]", "[e\u{301}|]"] {
            let (text, selection) = Annotated.parse(sample)
            #expect(Annotated.render(text, selection) == sample)
        }
        #expect(Annotated.parse("he[|l]lo").selection == Selection(anchor: 3, head: 2))
    }

    @Test func cursorStaysBeforeTextInsertedAtIt() throws {
        #expect(try map("he|llo", replacing: 2..<2, with: "X") == "he|Xllo")
        #expect(try map("日本|語", replacing: 2..<2, with: "😀") == "日本|😀語")
    }

    @Test func cursorMovesWithTextInsertedBeforeItAndIgnoresTextAfter() throws {
        #expect(try map("he|llo", replacing: 0..<0, with: "ñ👍🏽") == "ñ👍🏽he|llo")
        #expect(try map("he|llo", replacing: 3..<3, with: "X") == "he|lXlo")
    }

    @Test func cursorInsideDeletedTextGoesToTheDeletion() throws {
        #expect(try map("hel|lo", replacing: 1..<4, with: "") == "h|o")
        #expect(try map("hel|lo", replacing: 1..<4, with: "É") == "hÉ|o")
        #expect(try map("hello|", replacing: 0..<5, with: "") == "|")
    }

    @Test func selectionDoesNotGrowAtItsEdges() throws {
        #expect(try map("[ab|]c", replacing: 0..<0, with: "X") == "X[ab|]c")
        #expect(try map("[ab|]c", replacing: 2..<2, with: "X") == "[ab|]Xc")
        #expect(try map("[ab|]c", replacing: 1..<1, with: "X") == "[aXb|]c")
        #expect(try map("[|ab]c", replacing: 2..<2, with: "字") == "[|ab]字c")
    }

    @Test func selectionKeepsDirectionAndCollapsesWhenItsTextIsDeleted() throws {
        #expect(try map("x[|ab]c", replacing: 0..<1, with: "") == "[|ab]c")
        #expect(try map("x[ab|]c", replacing: 1..<3, with: "") == "x|c")
        #expect(try map("x[a|]c", replacing: 1..<2, with: "Z") == "xZ|c")
        #expect(try map("[abc|]", replacing: 1..<2, with: "") == "[ac|]")
    }

    @Test func rangeAndEmptiness() {
        #expect(Selection(anchor: 5, head: 2).range == 2..<5)
        #expect(!Selection(anchor: 5, head: 2).isEmpty)
        #expect(Selection(cursor: 4).isEmpty && Selection(cursor: 4).range == 4..<4)
    }
}
