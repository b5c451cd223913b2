/// The half-match speedup of `diff_compute`: split the problem where both texts share a long substring.
extension DiffMatchPatch {
    /// A substring shared by both texts that is at least half the length of the longer text, and the pieces around
    /// it (the five strings returned by `diff_halfMatch`).
    ///
    /// Law: `prefix1 + common + suffix1 == text1` and `prefix2 + common + suffix2 == text2`.
    public struct HalfMatch: Hashable, Sendable {
        /// The part of text1 before the common middle.
        public var prefix1: String
        /// The part of text1 after the common middle.
        public var suffix1: String
        /// The part of text2 before the common middle.
        public var prefix2: String
        /// The part of text2 after the common middle.
        public var suffix2: String
        /// The common middle.
        public var common: String

        /// Creates a half-match from its five pieces.
        public init(prefix1: String, suffix1: String, prefix2: String, suffix2: String, common: String) {
            self.prefix1 = prefix1
            self.suffix1 = suffix1
            self.prefix2 = prefix2
            self.suffix2 = suffix2
            self.common = common
        }
    }

    /// Whether the texts share a substring at least half the length of the longer text (`diff_halfMatch`).
    ///
    /// Returns nil when there is none, and always when `diffTimeout <= 0` (with unlimited time the optimal diff is
    /// preferred to this speedup, which can produce non-minimal diffs).
    public func halfMatch(_ text1: String, _ text2: String) -> HalfMatch? {
        Self.withUnits(text1, text2) { a, b in
            halfMatch(a, b).map { split in
                HalfMatch(
                    prefix1: UTF8Transcoding.string(split.text1A), suffix1: UTF8Transcoding.string(split.text1B),
                    prefix2: UTF8Transcoding.string(split.text2A), suffix2: UTF8Transcoding.string(split.text2B),
                    common: UTF8Transcoding.string(split.common))
            }
        }
    }

    /// A half-match as views into the input buffers.
    struct HalfMatchSplit {
        var text1A: UnitBuffer
        var text1B: UnitBuffer
        var text2A: UnitBuffer
        var text2B: UnitBuffer
        var common: UnitBuffer
    }

    /// `diff_halfMatch` over units.
    func halfMatch(_ a: UnitBuffer, _ b: UnitBuffer) -> HalfMatchSplit? {
        if diffTimeout <= 0 { return nil }
        let aIsLonger = a.count > b.count
        let long = aIsLonger ? a : b
        let short = aIsLonger ? b : a
        if long.count < 4 || short.count * 2 < long.count { return nil }
        // Seeds at the second and at the third quarter of the longer text.
        let first = Self.halfMatch(long, short, seedAt: (long.count + 3) / 4)
        let second = Self.halfMatch(long, short, seedAt: (long.count + 1) / 2)
        let best: HalfMatchSplit
        switch (first, second) {
        case (nil, nil): return nil
        case let (found?, nil): best = found
        case let (nil, found?): best = found
        case let (one?, two?): best = one.common.count > two.common.count ? one : two
        }
        if aIsLonger { return best }
        // The split was computed as (long, short) = (b, a): swap the sides back.
        return HalfMatchSplit(
            text1A: best.text2A, text1B: best.text2B, text2A: best.text1A, text2B: best.text1B, common: best.common)
    }

    /// The best half-match seeded by the quarter of `long` starting at `seedStart` (`diff_halfMatchI`).
    ///
    /// In the result, `text1*` are pieces of `long` and `text2*` pieces of `short`.
    private static func halfMatch(_ long: UnitBuffer, _ short: UnitBuffer, seedAt seedStart: Int) -> HalfMatchSplit? {
        let seed = long.slice(seedStart..<(seedStart + long.count / 4))
        var bestLength = 0
        var best: HalfMatchSplit?
        let longHead = long.slice(0..<seedStart)
        let longTail = long.dropFirst(count: seedStart)
        var j = UnitSearch.firstIndex(of: seed, in: short)
        while j != -1 {
            let prefixLength = UnitOps.commonPrefix(longTail, short.dropFirst(count: j))
            let suffixLength = UnitOps.commonSuffix(longHead, short.slice(0..<j))
            if bestLength < suffixLength + prefixLength {
                bestLength = suffixLength + prefixLength
                best = HalfMatchSplit(
                    text1A: long.slice(0..<(seedStart - suffixLength)),
                    text1B: long.dropFirst(count: seedStart + prefixLength),
                    text2A: short.slice(0..<(j - suffixLength)),
                    text2B: short.dropFirst(count: j + prefixLength),
                    common: short.slice((j - suffixLength)..<(j + prefixLength)))
            }
            j = UnitSearch.firstIndex(of: seed, in: short, from: j + 1)
        }
        return bestLength * 2 >= long.count ? best : nil
    }
}
