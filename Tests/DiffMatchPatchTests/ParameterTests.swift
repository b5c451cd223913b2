import DiffMatchPatch
import Foundation
import Testing

/// Parameters and the injectable clock.
@Suite struct ParameterTests {
    /// A fake clock that advances one second per reading.
    final class Ticker: @unchecked Sendable {
        private let lock = NSLock()
        private var time = 0.0
        private(set) var readings = 0

        func now() -> Double {
            lock.lock()
            defer { lock.unlock() }
            readings += 1
            time += 1
            return time
        }

        var clock: DiffClock { DiffClock { [self] in now() } }
    }

    @Test func defaultsMatchTheReference() {
        let dmp = DiffMatchPatch()
        #expect(dmp.diffTimeout == 1.0)
        #expect(dmp.diffEditCost == 4)
        #expect(dmp.matchThreshold == 0.5)
        #expect(dmp.matchDistance == 1000)
        #expect(dmp.patchDeleteThreshold == 0.5)
        #expect(dmp.patchMargin == 4)
        #expect(dmp.matchMaxBits == 32)
    }

    @Test func timeoutIsMeasuredOnTheInjectedClock() {
        let text1 = "Apples are a fruit. 日本語 😀 " + String(repeating: "xyz", count: 20)
        let text2 = "Bananas are also fruit. 日本人 👍🏽 " + String(repeating: "zyx", count: 20)
        let ticker = Ticker()
        var dmp = DiffMatchPatch(diffTimeout: 0.5, clock: ticker.clock)
        // The deadline passes at the first check inside the bisection: the diff settles for delete + insert.
        let timedOut = dmp.diff(text1, text2, checkLines: false)
        #expect(timedOut == [Diff(.delete, text1), Diff(.insert, text2)])
        #expect(ticker.readings >= 2)
        // Without a time limit the clock is never read and the diff is finer.
        let silent = Ticker()
        dmp = DiffMatchPatch(diffTimeout: 0, clock: silent.clock)
        let full = dmp.diff(text1, text2, checkLines: false)
        #expect(silent.readings == 0)
        #expect(full.count > 2)
        #expect(DiffMatchPatch.sourceText(of: full) == text1 && DiffMatchPatch.targetText(of: full) == text2)
        // An explicit deadline works the same way.
        #expect(dmp.diff(text1, text2, checkLines: false, deadline: -.infinity) == timedOut)
        #expect(dmp.diff(text1, text2, checkLines: false, deadline: .infinity) == full)
    }

    @Test func matchParametersChangeTheResult() {
        var dmp = DiffMatchPatch()
        dmp.matchDistance = 10
        #expect(dmp.match("abcdefg", in: "abcdefghijklmnopqrstuvwxyz", near: 24) == nil)
        dmp.matchDistance = 1000
        #expect(dmp.match("abcdefg", in: "abcdefghijklmnopqrstuvwxyz", near: 24) == 0)
        dmp.matchThreshold = 0.0
        #expect(dmp.match("abcxefg", in: "abcdefghijklmnopqrstuvwxyz", near: 0) == nil)
    }

    @Test func longPatternsUseWideMasks() {
        // 100 scalars: beyond one 64-bit word; the reference's unbounded integers are emulated.
        let pattern = String((0..<100).map { Character(Unicode.Scalar(0x4E00 + $0)!) })
        var text = Array(pattern.unicodeScalars)
        text[50] = "x"
        let haystack = "前置き" + String(String.UnicodeScalarView(text)) + "後書き"
        var dmp = DiffMatchPatch()
        dmp.matchMaxBits = 0
        #expect(dmp.bitapMatch(pattern, in: haystack, near: 0) == 3)
        #expect(DiffMatchPatch.matchAlphabet(pattern).count == 100)
        // With splitting disabled the reference's apply locates hunks by an empty head pattern and mostly fails
        // (this was checked against the Python reference); it must still not trap, and report every hunk.
        let source = String(repeating: "😀 long line of text\n", count: 20)
        let target = source.replacingOccurrences(of: "line", with: "row")
        let patches = dmp.patches(from: source, to: target)
        let (_, applied) = dmp.apply(patches, to: source)
        #expect(applied.count == patches.count)
        #expect(applied.contains(false))
    }

    @Test func extremeMarginsDoNotHang() {
        // The reference loops forever on these settings; here they only produce coarser patches.
        for (margin, maxBits) in [(0, 32), (8, 16), (20, 32), (-3, 32)] {
            var dmp = DiffMatchPatch()
            dmp.patchMargin = margin
            dmp.matchMaxBits = maxBits
            let source = String(repeating: "aaaa bbbb ", count: 12)
            let target = source.replacingOccurrences(of: "bbbb", with: "cc")
            let patches = dmp.patches(from: source, to: target)
            let (_, applied) = dmp.apply(patches, to: source)
            #expect(!applied.isEmpty, "margin \(margin), maxBits \(maxBits)")
        }
    }
}
