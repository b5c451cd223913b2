import DiffMatchPatch
import Testing

/// Non-ASCII behaviour: every unit is a Unicode scalar (accents, CJK, astral emoji, combining marks), as in the
/// Python 3 reference. Expected values below were produced by the Python reference (`diff-match-patch` 20241021),
/// which counts code points too.
@Suite struct UnicodeTests {
    let dmp = DiffMatchPatch()

    /// (text1, text2, diff, patch text, delta) from the Python reference.
    static let fixtures: [(String, String, [Diff], String, String)] = [
        (
            "a😀b", "a😀c",
            [Diff(.equal, "a😀"), Diff(.delete, "b"), Diff(.insert, "c")],
            "@@ -1,3 +1,3 @@\n a%F0%9F%98%80\n-b\n+c\n",
            "=2\t-1\t+c"
        ),
        (
            "Le café est chaud. 日本語のテキスト 👩‍💻!", "Le thé est chaud. 日本人のテキスト 👍🏽!",
            [
                Diff(.equal, "Le "), Diff(.delete, "caf"), Diff(.insert, "th"), Diff(.equal, "é est chaud. 日本"),
                Diff(.delete, "語"), Diff(.insert, "人"), Diff(.equal, "のテキスト "), Diff(.delete, "👩\u{200D}💻"),
                Diff(.insert, "👍🏽"), Diff(.equal, "!"),
            ],
            "@@ -1,10 +1,9 @@\n Le \n-caf\n+th\n %C3%A9 es\n@@ -17,15 +17,14 @@\n . %E6%97%A5%E6%9C%AC\n-%E8%AA%9E\n"
                + "+%E4%BA%BA\n %E3%81%AE%E3%83%86%E3%82%AD%E3%82%B9%E3%83%88 \n-%F0%9F%91%A9%E2%80%8D%F0%9F%92%BB\n"
                + "+%F0%9F%91%8D%F0%9F%8F%BD\n !\n",
            "=3\t-3\t+th\t=15\t-1\t+%E4%BA%BA\t=6\t-3\t+%F0%9F%91%8D%F0%9F%8F%BD\t=1"
        ),
        (
            "e\u{301}cole", "\u{E9}cole",
            [Diff(.delete, "e\u{301}"), Diff(.insert, "\u{E9}"), Diff(.equal, "cole")],
            "@@ -1,6 +1,5 @@\n-e%CC%81\n+%C3%A9\n cole\n",
            "-2\t+%C3%A9\t=4"
        ),
        (
            "xéy", "xũy",
            [Diff(.equal, "x"), Diff(.delete, "é"), Diff(.insert, "ũ"), Diff(.equal, "y")],
            "@@ -1,3 +1,3 @@\n x\n-%C3%A9\n+%C5%A9\n y\n",
            "=1\t-1\t+%C5%A9\t=1"
        ),
        (
            "🇫🇷 flag and 😀 smile\nsecond line ñ\n", "🇫🇷 flag or 😀😀 smile\nsecond line n\u{303}\n",
            [
                Diff(.equal, "🇫🇷 flag "), Diff(.delete, "and"), Diff(.insert, "or"), Diff(.equal, " "),
                Diff(.insert, "😀"), Diff(.equal, "😀 smile\nsecond line "), Diff(.delete, "ñ"),
                Diff(.insert, "n\u{303}"), Diff(.equal, "\n"),
            ],
            "@@ -5,12 +5,12 @@\n lag \n-and \n+or %F0%9F%98%80\n %F0%9F%98%80 sm\n@@ -29,6 +29,7 @@\n ine \n-%C3%B1\n"
                + "+n%CC%83\n %0A\n",
            "=8\t-3\t+or\t=1\t+%F0%9F%98%80\t=20\t-1\t+n%CC%83\t=1"
        ),
    ]

    @Test(arguments: 0..<fixtures.count)
    func matchesTheReference(index: Int) throws {
        let (text1, text2, diffs, patchText, delta) = Self.fixtures[index]
        let diff = dmp.diff(text1, text2)
        #expect(diff == diffs)
        #expect(dmp.diff(Array(text1.unicodeScalars), Array(text2.unicodeScalars)) == diffs)
        let patches = dmp.patches(from: text1, to: text2)
        #expect(DiffMatchPatch.patchText(patches) == patchText)
        #expect(DiffMatchPatch.delta(of: diff) == delta)
        // Round trips.
        #expect(try DiffMatchPatch.diffs(fromDelta: delta, source: text1) == diffs)
        #expect(DiffMatchPatch.patchText(try DiffMatchPatch.patches(fromText: patchText)) == patchText)
        #expect(try DiffMatchPatch.patches(fromText: patchText) == patches)
        let (result, applied) = dmp.apply(patches, to: text1)
        #expect(result.unicodeScalars.elementsEqual(text2.unicodeScalars))
        #expect(applied.allSatisfy { $0 })
    }

    @Test func emojiIsOneUnitInPatchHeaders() {
        // 👍🏽 is two scalars (thumbs up + skin tone), 😀 one; the header counts scalars.
        let patches = dmp.patches(from: "😀😀😀😀😀x😀😀😀😀😀", to: "😀😀😀😀😀👍🏽😀😀😀😀😀")
        #expect(patches.count == 1)
        #expect(patches[0].start1 == 1 && patches[0].length1 == 9 && patches[0].length2 == 10)
        #expect(DiffMatchPatch.patchText(patches).hasPrefix("@@ -2,9 +2,10 @@\n"))
    }

    @Test func canonicallyEquivalentTextsStillDiffer() {
        // Swift's String == calls these equal; a diff must not.
        #expect("e\u{301}" == "\u{E9}")
        #expect(Diff(.equal, "e\u{301}") != Diff(.equal, "\u{E9}"))
        #expect(dmp.diff("e\u{301}", "\u{E9}") == [Diff(.delete, "e\u{301}"), Diff(.insert, "\u{E9}")])
        #expect(Set([Diff(.equal, "e\u{301}"), Diff(.equal, "\u{E9}")]).count == 2)
    }

    @Test func offsetsCountScalars() {
        #expect(DiffMatchPatch.commonPrefixLength("日本語", "日本人") == 2)
        #expect(DiffMatchPatch.commonSuffixLength("😀é", "😃é") == 1)
        #expect(DiffMatchPatch.commonOverlapLength("abc😀", "😀xyz") == 1)
        #expect(dmp.match("😀c", in: "a😀b😀c", near: 0) == 3)
        let diffs = [Diff(.equal, "👩‍💻"), Diff(.delete, "é"), Diff(.insert, "日本")]
        #expect(DiffMatchPatch.levenshteinDistance(of: diffs) == 2)
        #expect(DiffMatchPatch.targetIndex(of: 4, in: diffs) == 5)
        #expect(DiffMatchPatch.matchAlphabet("😀a😀") == ["😀": 5, "a": 2])
    }

    @Test func byteLevelPrefixBacksOffToScalarBoundaries() {
        // é = C3 A9 and è = C3 A8 share a lead byte; é and ũ (C5 A9) share a continuation byte.
        #expect(dmp.diff("aé", "aè") == [Diff(.equal, "a"), Diff(.delete, "é"), Diff(.insert, "è")])
        #expect(dmp.diff("éa", "ũa") == [Diff(.delete, "é"), Diff(.insert, "ũ"), Diff(.equal, "a")])
        // A long common prefix of multi-byte scalars around a small change.
        let head = String(repeating: "日本😀", count: 5000)
        let tail = String(repeating: "ñé👍🏽", count: 5000)
        let diffs = dmp.diff(head + "x" + tail, head + "yz" + tail)
        #expect(diffs == [Diff(.equal, head), Diff(.delete, "x"), Diff(.insert, "yz"), Diff(.equal, tail)])
    }

    @Test func longEqualitiesStillSlideLikeTheReference() {
        // cleanupMerge slides the insertion "ba" left over the equality "a" (diff_main("ac", "abac")).
        #expect(dmp.diff("ac", "abac") == [Diff(.insert, "ab"), Diff(.equal, "ac")])
        #expect(dmp.diff("😀c", "😀b😀c") == [Diff(.insert, "😀b"), Diff(.equal, "😀c")])
        let long = String(repeating: "🇫🇷", count: 3000)
        let diffs = dmp.diff(long + "c", long + "b🇫🇷c")
        #expect(DiffMatchPatch.sourceText(of: diffs) == long + "c")
        #expect(DiffMatchPatch.targetText(of: diffs) == long + "b🇫🇷c")
        #expect(diffs == dmp.diff(Array((long + "c").unicodeScalars), Array((long + "b🇫🇷c").unicodeScalars)))
    }

    @Test func lineModeOnNonASCIILines() {
        let lines1 = (0..<200).map { "ligne \($0) — café 日本 😀\n" }
        var lines2 = lines1
        lines2[50] = "ligne 50 — thé 日本 👍🏽\n"
        lines2.remove(at: 120)
        lines2.insert("nouvelle ligne ✨\n", at: 180)
        let text1 = lines1.joined()
        let text2 = lines2.joined()
        for checkLines in [true, false] {
            let diffs = dmp.diff(text1, text2, checkLines: checkLines)
            #expect(DiffMatchPatch.sourceText(of: diffs) == text1)
            #expect(DiffMatchPatch.targetText(of: diffs) == text2)
        }
        let encoding = DiffMatchPatch.encodeLines(text1, text2)
        #expect(encoding.tokens1.count == 200 && encoding.tokens2.count == 200)
        #expect(encoding.decode(encoding.tokens1) == text1 && encoding.decode(encoding.tokens2) == text2)
        #expect(encoding.lines.count == 1 + 200 + 2)
    }

    @Test func prettyHTMLEscapesAndKeepsScalars() {
        let html = DiffMatchPatch.prettyHTML(of: [Diff(.equal, "日\n"), Diff(.insert, "<😀>")])
        #expect(html == "<span>日&para;<br></span><ins style=\"background:#e6ffe6;\">&lt;😀&gt;</ins>")
    }
}
