import EditorCore
import TestSupport
import Testing

/// Grapheme and word navigation on accents, CJK, emoji sequences, flags, combining marks and CRLF.
@Suite struct NavigationTests {
    /// Every boundary reached by stepping forward from 0, and by stepping backward from the end.
    private func boundaries(_ buffer: TextBuffer) -> (forward: [Int], backward: [Int]) {
        var forward = [0]
        while forward.last! < buffer.scalarCount { forward.append(buffer.nextGraphemeBoundary(after: forward.last!)) }
        var backward = [buffer.scalarCount]
        while backward.last! > 0 { backward.append(buffer.previousGraphemeBoundary(before: backward.last!)) }
        return (forward, backward.reversed())
    }

    /// Checks next/previous boundary from every offset, cluster edges and insides alike, against `expected`.
    private func expectEveryOffset(_ buffer: TextBuffer, _ expected: [Int], _ note: String = "") {
        for offset in 0...buffer.scalarCount {
            let next = expected.first { $0 > offset } ?? buffer.scalarCount
            let previous = expected.last { $0 < offset } ?? 0
            #expect(buffer.nextGraphemeBoundary(after: offset) == next, "\(note) offset \(offset)")
            #expect(buffer.previousGraphemeBoundary(before: offset) == previous, "\(note) offset \(offset)")
        }
    }

    /// The boundaries Swift's `Character` segmentation finds in the whole string.
    private func swiftBoundaries(_ text: String) -> [Int] {
        var result = [0]
        for character in text { result.append(result.last! + character.unicodeScalars.count) }
        return result
    }

    @Test func clustersAreWholeGraphemes() {
        let text = "e\u{301}a\u{308}\u{331}日本👩‍💻🇫🇷🇩🇪👍🏽\r\nx\u{D55C}\u{1100}\u{1161}\u{11A8}"
        let buffer = TextBuffer(text)
        let expected = swiftBoundaries(text)
        #expect(expected == [0, 2, 5, 6, 7, 10, 12, 14, 16, 18, 19, 20, 23])
        let found = boundaries(buffer)
        #expect(found.forward == expected)
        #expect(found.backward == expected)
    }

    @Test func crlfIsOneCluster() {
        let buffer = TextBuffer("a\r\nb")
        #expect(buffer.nextGraphemeBoundary(after: 1) == 3)
        #expect(buffer.previousGraphemeBoundary(before: 3) == 1)
        // From inside the pair, each direction goes to the pair's edge.
        #expect(buffer.nextGraphemeBoundary(after: 2) == 3)
        #expect(buffer.previousGraphemeBoundary(before: 2) == 1)
        #expect(!buffer.isGraphemeBoundary(2) && buffer.isGraphemeBoundary(3))
    }

    @Test func offsetsInsideClustersGoToTheClusterEdges() {
        let buffer = TextBuffer("x👩‍💻y")  // the ZWJ sequence is scalars 1..<4
        #expect(buffer.nextGraphemeBoundary(after: 2) == 4)
        #expect(buffer.previousGraphemeBoundary(before: 3) == 1)
        #expect(buffer.nextGraphemeBoundary(after: 5) == 5)
        #expect(buffer.previousGraphemeBoundary(before: 0) == 0)
    }

    @Test func longFlagRunsKeepTheirPairs() {
        // 150 flags (300 regional indicators) with no line break: windows must keep pair parity.
        let flags = String(repeating: "🇫🇷🇯🇵🇧🇷", count: 50)
        let text = "début " + flags + " fin"
        let buffer = TextBuffer(text)
        let found = boundaries(buffer)
        #expect(found.forward == swiftBoundaries(text))
        #expect(found.backward == swiftBoundaries(text))
        expectEveryOffset(buffer, swiftBoundaries(text))
    }

    @Test func randomTextMatchesSwiftSegmentation() {
        for seed in TestBudget.caseSeeds(30) {
            var generator = SeededGenerator(seed: seed)
            let text = RandomText.string(fragmentCount: Int.random(in: 0...400, using: &generator), using: &generator)
            let found = boundaries(TextBuffer(text))
            let expected = swiftBoundaries(text)
            #expect(found.forward == expected, "seed \(seed)")
            #expect(found.backward == expected, "seed \(seed)")
            expectEveryOffset(TextBuffer(text), expected, "seed \(seed)")
        }
    }

    @Test func longLinesAreSegmentedInWindows() {
        // A 100,000-scalar line with no "\n": navigation near its end still agrees with Swift.
        let text = String(repeating: "ab\u{301}日👍🏽 ", count: 14_000)
        let buffer = TextBuffer(text)
        let expected = swiftBoundaries(text)
        let near = expected.suffix(40)
        for (previous, next) in zip(near, near.dropFirst()) {
            #expect(buffer.nextGraphemeBoundary(after: previous) == next)
            #expect(buffer.previousGraphemeBoundary(before: next) == previous)
        }
    }

    /// Follows Ctrl-Right (or Ctrl-Left) from the start (end) and renders the stops with "|".
    private func wordStops(_ text: String, forward: Bool) -> [Int] {
        let buffer = TextBuffer(text)
        var stops: [Int] = []
        var position = forward ? 0 : buffer.scalarCount
        while forward ? position < buffer.scalarCount : position > 0 {
            position =
                forward ? buffer.nextWordBoundary(after: position) : buffer.previousWordBoundary(before: position)
            stops.append(position)
        }
        return stops
    }

    @Test func ctrlRightStopsAtWordEnds() {
        #expect(wordStops("foo  bar", forward: true) == [3, 8])
        #expect(wordStops("foo.bar", forward: true) == [3, 4, 7])
        #expect(wordStops("héllo wörld", forward: true) == [5, 11])
        #expect(wordStops("cafe\u{301} ok", forward: true) == [5, 8])  // the combining mark rides on its base
        #expect(wordStops("日本語 テキスト", forward: true) == [3, 8])
        #expect(wordStops("hi 👩‍💻👍🏽 there", forward: true) == [2, 8, 14])  // an emoji run is one stop
        #expect(wordStops("ab  \r\n  cd", forward: true) == [2, 4, 6, 10])  // line end, then over the "\r\n"
        #expect(wordStops("x_1 = y", forward: true) == [3, 5, 7])
    }

    @Test func ctrlLeftStopsAtWordStarts() {
        #expect(wordStops("foo  bar", forward: false) == [5, 0])
        #expect(wordStops("foo.bar", forward: false) == [4, 3, 0])
        #expect(wordStops("héllo wörld", forward: false) == [6, 0])
        #expect(wordStops("日本語 テキスト", forward: false) == [4, 0])
        #expect(wordStops("ab  \r\n  cd", forward: false) == [8, 6, 4, 0])  // line start, then before the "\r\n"
        #expect(wordStops("🇫🇷🇩🇪 e\u{301}t\u{E9}", forward: false) == [5, 0])
    }
}
