/// The Bitap fuzzy search of `match_bitap`, generic over the width of its bit masks.
extension DiffMatchPatch {
    /// `match_bitap` with masks of type `M` (which must hold `pattern.count` bits).
    ///
    /// For each error count d, a binary search bounds how far from `location` a match may still score within the
    /// threshold; then the text is scanned right to left keeping, per position, the bit set of pattern prefixes
    /// matched with at most d errors. As in the Python reference, the scan range of a pass is fixed when the pass
    /// starts.
    func bitap<M: BitapMask>(_ text: UnitBuffer, _ pattern: UnitBuffer, _ location: Int, mask _: M.Type) -> Int {
        let m = pattern.count
        let width = m
        let alphabet = BitapAlphabet<M>(pattern)
        // Highest score beyond which we give up.
        var threshold = matchThreshold
        // Is there a nearby exact match? (speedup)
        var bestLocation = UnitSearch.firstIndex(of: pattern, in: text, from: location)
        if bestLocation != -1 {
            threshold = min(bitapScore(errors: 0, at: bestLocation, length: m, location: location), threshold)
            // What about in the other direction? (speedup)
            bestLocation = UnitSearch.lastIndex(of: pattern, in: text, notBefore: location + m)
            if bestLocation != -1 {
                threshold = min(bitapScore(errors: 0, at: bestLocation, length: m, location: location), threshold)
            }
        }
        let matchMask = M.bit(m - 1, width: width)
        bestLocation = -1
        var binMax = m + text.count
        // Two bit-array buffers, swapped each pass (rd and last_rd of the reference), indexed from `base`: later
        // passes never reach below the first pass's start nor above its finish.
        var rd: [M] = []
        var lastRd: [M] = []
        var base = 0
        for d in 0..<m {
            // Binary search for how far from `location` a match with d errors can be.
            var binMin = 0
            var binMid = binMax
            while binMin < binMid {
                if bitapScore(errors: d, at: location + binMid, length: m, location: location) <= threshold {
                    binMin = binMid
                } else {
                    binMax = binMid
                }
                binMid = (binMax - binMin) / 2 + binMin
            }
            // Use the result from this iteration as the maximum for the next.
            binMax = binMid
            let start = max(1, location - binMid + 1)
            let finish = min(location + binMid, text.count) + m
            if d == 0 {
                base = start
                rd = Array(repeating: M.zero(width: width), count: max(finish + 2 - base, 1))
                lastRd = rd
            } else if start <= finish + 1 {
                for j in start...(finish + 1) { rd[j - base] = M.zero(width: width) }
            }
            guard finish + 1 >= base else { break }
            rd[finish + 1 - base] = M.lowBits(d, width: width)
            var j = finish
            while j >= start {
                let charMatch = text.count <= j - 1 ? M.zero(width: width) : alphabet[text[j - 1]]
                let k = j - base
                if d == 0 {
                    // First pass: exact match.
                    rd[k] = rd[k + 1].shiftedInOne(width: width) & charMatch
                } else {
                    // Subsequent passes: fuzzy match.
                    rd[k] = (rd[k + 1].shiftedInOne(width: width) & charMatch)
                        | (lastRd[k + 1] | lastRd[k]).shiftedInOne(width: width) | lastRd[k + 1]
                }
                if rd[k].intersects(matchMask) {
                    let score = bitapScore(errors: d, at: j - 1, length: m, location: location)
                    // This match will almost certainly be better than any existing match; check anyway.
                    if score <= threshold {
                        threshold = score
                        bestLocation = j - 1
                        // Past `location` the scores only get worse (the reference narrows its start here,
                        // which in Python does not affect the running pass).
                        if bestLocation <= location { break }
                    }
                }
                j -= 1
            }
            // No hope for a (better) match at greater error levels.
            if bitapScore(errors: d + 1, at: location, length: m, location: location) > threshold { break }
            swap(&rd, &lastRd)
        }
        return bestLocation
    }
}

/// A bit mask as Bitap needs it: bits `0..<width` are meaningful; higher bits may be dropped.
protocol BitapMask {
    static func zero(width: Int) -> Self
    /// The mask with bits `0..<count` set (`(1 << count) - 1`).
    static func lowBits(_ count: Int, width: Int) -> Self
    /// The mask with only bit `index` set.
    static func bit(_ index: Int, width: Int) -> Self
    /// `(self << 1) | 1`.
    func shiftedInOne(width: Int) -> Self
    static func & (lhs: Self, rhs: Self) -> Self
    static func | (lhs: Self, rhs: Self) -> Self
    /// Whether `self & other` is non-zero.
    func intersects(_ other: Self) -> Bool
}

extension UInt64: BitapMask {
    @inline(__always) static func zero(width _: Int) -> UInt64 { 0 }
    @inline(__always) static func lowBits(_ count: Int, width _: Int) -> UInt64 {
        count >= 64 ? ~0 : (1 << UInt64(count)) &- 1
    }
    @inline(__always) static func bit(_ index: Int, width _: Int) -> UInt64 { 1 << UInt64(index) }
    @inline(__always) func shiftedInOne(width _: Int) -> UInt64 { self << 1 | 1 }
    @inline(__always) func intersects(_ other: UInt64) -> Bool { self & other != 0 }
}

/// A bit mask wider than 64 bits, for long patterns (slower: every operation allocates).
struct WideMask: BitapMask {
    /// Little-endian words.
    var words: [UInt64]

    static func zero(width: Int) -> WideMask {
        WideMask(words: Array(repeating: 0, count: (width + 63) / 64))
    }

    static func lowBits(_ count: Int, width: Int) -> WideMask {
        var mask = zero(width: width)
        for index in 0..<min(count, mask.words.count * 64) { mask.words[index / 64] |= 1 << UInt64(index % 64) }
        return mask
    }

    static func bit(_ index: Int, width: Int) -> WideMask {
        var mask = zero(width: width)
        mask.words[index / 64] |= 1 << UInt64(index % 64)
        return mask
    }

    func shiftedInOne(width _: Int) -> WideMask {
        var result = self
        var carry: UInt64 = 1
        for index in result.words.indices {
            let word = result.words[index]
            result.words[index] = word << 1 | carry
            carry = word >> 63
        }
        return result
    }

    static func & (lhs: WideMask, rhs: WideMask) -> WideMask {
        WideMask(words: zip(lhs.words, rhs.words).map { $0 & $1 })
    }

    static func | (lhs: WideMask, rhs: WideMask) -> WideMask {
        WideMask(words: zip(lhs.words, rhs.words).map { $0 | $1 })
    }

    func intersects(_ other: WideMask) -> Bool {
        zip(words, other.words).contains { $0 & $1 != 0 }
    }
}

/// The Bitap alphabet: for each unit of the pattern, the mask of its positions (`match_alphabet`).
///
/// A small open-addressing table; units not in the pattern map to zero.
struct BitapAlphabet<M: BitapMask> {
    private var keys: [UInt32]
    private var used: [Bool]
    private var masks: [M]
    private let zero: M

    init(_ pattern: UnitBuffer) {
        let width = pattern.count
        var capacity = 16
        while capacity < pattern.count * 2 { capacity *= 2 }
        zero = M.zero(width: width)
        keys = Array(repeating: 0, count: capacity)
        used = Array(repeating: false, count: capacity)
        masks = Array(repeating: zero, count: capacity)
        for (index, unit) in pattern.enumerated() {
            let slot = self.slot(of: unit)
            keys[slot] = unit
            used[slot] = true
            masks[slot] = masks[slot] | M.bit(width - index - 1, width: width)
        }
    }

    /// The slot holding `unit`, or the empty slot where it would go.
    @inline(__always)
    private func slot(of unit: UInt32) -> Int {
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: (UInt64(unit) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
        while used[slot] && keys[slot] != unit { slot = (slot + 1) & mask }
        return slot
    }

    @inline(__always)
    subscript(unit: UInt32) -> M {
        let slot = self.slot(of: unit)
        return used[slot] ? masks[slot] : zero
    }
}
