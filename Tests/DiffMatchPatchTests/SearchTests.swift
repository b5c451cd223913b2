@testable import DiffMatchPatch
import TestSupport
import Testing

/// The internal substring search (SIMD filter, work budget, KMP fallback) against a naive oracle, on small alphabets
/// and periodic texts that defeat the filters.
@Suite struct SearchTests {
    static func naiveFirst(_ pattern: [UInt32], _ text: [UInt32], from start: Int) -> Int {
        let start = max(start, 0)
        if pattern.isEmpty { return start <= text.count ? start : -1 }
        guard text.count >= pattern.count, start <= text.count - pattern.count else { return -1 }
        for i in start...(text.count - pattern.count) where Array(text[i..<(i + pattern.count)]) == pattern { return i }
        return -1
    }

    static func naiveLast(_ pattern: [UInt32], _ text: [UInt32], notBefore start: Int) -> Int {
        let start = max(start, 0)
        if start > text.count { return -1 }
        if pattern.isEmpty { return text.count }
        guard text.count >= pattern.count, start <= text.count - pattern.count else { return -1 }
        for i in stride(from: text.count - pattern.count, through: start, by: -1)
        where Array(text[i..<(i + pattern.count)]) == pattern { return i }
        return -1
    }

    static func naiveOverlap(_ a: [UInt32], _ b: [UInt32]) -> Int {
        for k in stride(from: min(a.count, b.count), to: 0, by: -1) where Array(a.suffix(k)) == Array(b.prefix(k)) {
            return k
        }
        return 0
    }

    /// A random text over a tiny alphabet; `period` > 0 makes it mostly periodic (worst case for filters).
    static func text(_ length: Int, alphabet: [UInt32], period: Int, _ generator: inout SeededGenerator) -> [UInt32] {
        (0..<length).map { i in
            if period > 0 && Int.random(in: 0..<50, using: &generator) != 0 { return alphabet[i % period % alphabet.count] }
            return alphabet.randomElement(using: &generator)!
        }
    }

    @Test func searchAgreesWithNaiveSearch() {
        // 0x161 shares its low byte with "a" (0x61): the shadow filter must not be fooled.
        let alphabets: [[UInt32]] = [[0x61], [0x61, 0x62], [0x61, 0x161, 0x62], [0x61, 0x1F600, 0x20, 0x0A]]
        for seed in TestBudget.caseSeeds(300) {
            var generator = SeededGenerator(seed: seed)
            let alphabet = alphabets.randomElement(using: &generator)!
            let period = [0, 1, 2, 3].randomElement(using: &generator)!
            let text = Self.text(Int.random(in: 0...300, using: &generator), alphabet: alphabet, period: period, &generator)
            var pattern: [UInt32]
            if !text.isEmpty && Bool.random(using: &generator) {
                let start = Int.random(in: 0..<text.count, using: &generator)
                pattern = Array(text[start..<min(text.count, start + Int.random(in: 0...40, using: &generator))])
                if !pattern.isEmpty && Bool.random(using: &generator) { pattern[pattern.count - 1] = alphabet.randomElement(using: &generator)! }
            } else {
                pattern = Self.text(Int.random(in: 0...6, using: &generator), alphabet: alphabet, period: 0, &generator)
            }
            let from = Int.random(in: -2...(text.count + 2), using: &generator)
            let shadow = text.map { UInt8(truncatingIfNeeded: $0) }
            text.withUnsafeBufferPointer { t in
                pattern.withUnsafeBufferPointer { p in
                    shadow.withUnsafeBufferPointer { s in
                        let first = Self.naiveFirst(pattern, text, from: from)
                        #expect(UnitSearch.firstIndex(of: p, in: t, from: from) == first, "seed \(seed)")
                        #expect(UnitSearch.firstIndex(of: p, in: t, shadow: s, from: from) == first, "seed \(seed)")
                        #expect(UnitSearch.lastIndex(of: p, in: t, notBefore: from) == Self.naiveLast(pattern, text, notBefore: from), "seed \(seed)")
                        #expect(DiffMatchPatch.commonOverlap(t, p) == Self.naiveOverlap(text, pattern), "seed \(seed)")
                        // Splitting the text anywhere must not change how often the pattern occurs.
                        let cut = Int.random(in: 0...text.count, using: &generator)
                        let spliced = SplicedText(
                            t.slice(0..<cut), t.dropFirst(count: cut),
                            headShadow: UnsafeBufferPointer(rebasing: s[0..<cut]),
                            tailShadow: UnsafeBufferPointer(rebasing: s[cut...]))
                        let once = Self.naiveFirst(pattern, text, from: 0)
                        let expected = pattern.isEmpty
                            ? !text.isEmpty : once != -1 && Self.naiveFirst(pattern, text, from: once + 1) != -1
                        #expect(spliced.occursMoreThanOnce(p) == expected, "seed \(seed)")
                    }
                }
            }
        }
    }

    @Test func pathologicalSearchesStayLinear() {
        // "abab…abb" in "abab…ab": every probe matches at every other position and each verification runs ~500
        // units; the work budget must hand over to KMP.
        let text = (0..<200_000).map { UInt32($0 % 2 == 0 ? 0x61 : 0x62) }
        let pattern = (0..<500).map { UInt32($0 % 2 == 0 ? 0x61 : 0x62) } + [0x62]
        let shadow = text.map { UInt8(truncatingIfNeeded: $0) }
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            text.withUnsafeBufferPointer { t in
                pattern.withUnsafeBufferPointer { p in
                    shadow.withUnsafeBufferPointer { s in
                        #expect(UnitSearch.firstIndex(of: p, in: t) == -1)
                        #expect(UnitSearch.firstIndex(of: p, in: t, shadow: s) == -1)
                        #expect(UnitSearch.lastIndex(of: p, in: t) == -1)
                        #expect(DiffMatchPatch.commonOverlap(t, p) == 500)
                    }
                }
            }
        }
        // Quadratic behaviour would take minutes (10^8 comparisons per search in a debug build).
        #expect(elapsed < .seconds(20))
    }
}
