/// The Bitap fuzzy search of `match_bitap`, generic over how its bit arrays are stored.
extension DiffMatchPatch {
    /// `match_bitap` with bit arrays stored as `R` (which must hold `pattern.count` bits per row).
    ///
    /// For each error count d, a binary search bounds how far from `location` a match may still score within the
    /// threshold; then the text is scanned right to left keeping, per position, the bit set of pattern prefixes
    /// matched with at most d errors. As in the Python reference, the scan range of a pass is fixed when the pass
    /// starts.
    func bitap<R: BitapRows>(_ text: UnitBuffer, _ pattern: UnitBuffer, _ location: Int, rows _: R.Type) -> Int {
        let m = pattern.count
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
        bestLocation = -1
        let alphabet = BitapAlphabet(pattern)
        var binMax = m + text.count
        // Two row buffers, swapped each pass (rd and last_rd of the reference), indexed from `base`: later passes
        // never reach below the first pass's start nor above its finish.
        var rd = R(count: 0, alphabet: alphabet)
        var lastRd = rd
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
                rd = R(count: max(finish + 2 - base, 1), alphabet: alphabet)
                lastRd = rd
            } else if start <= finish + 1 {
                rd.clear((start - base)...(finish + 1 - base))
            }
            rd.setLowBits(finish + 1 - base, count: d)
            var j = finish
            while j >= start {
                let k = j - base
                let charMatch = rd.mask(for: text.count <= j - 1 ? nil : text[j - 1])
                if d == 0 {
                    rd.advanceExact(k, charMatch)  // First pass: exact match.
                } else {
                    rd.advanceFuzzy(k, charMatch, last: lastRd)  // Subsequent passes: fuzzy match.
                }
                if rd.matchesWholePattern(k) {
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

/// The bit arrays of one Bitap pass: one row of `pattern.count` bits per text position (`rd` in the reference).
///
/// Bits `0..<width` are meaningful; higher bits may be dropped (they never flow into lower ones).
protocol BitapRows {
    /// A unit's mask, as the rows read it.
    associatedtype CharMask

    /// `count` zero rows for the pattern described by `alphabet`.
    init(count: Int, alphabet: BitapAlphabet)
    /// The mask of `unit` (zero for nil, a position beyond the text, or a unit not in the pattern).
    func mask(for unit: UInt32?) -> CharMask
    /// Zeroes the rows in `range`.
    mutating func clear(_ range: ClosedRange<Int>)
    /// Sets row `row` to `(1 << count) - 1`.
    mutating func setLowBits(_ row: Int, count: Int)
    /// `rd[j] = ((rd[j+1] << 1) | 1) & charMatch`.
    mutating func advanceExact(_ j: Int, _ charMatch: CharMask)
    /// `rd[j] = (((rd[j+1] << 1) | 1) & charMatch) | (((last[j+1] | last[j]) << 1) | 1) | last[j+1]`.
    mutating func advanceFuzzy(_ j: Int, _ charMatch: CharMask, last: Self)
    /// Whether row `j` has the pattern's top bit (a match of the whole pattern).
    func matchesWholePattern(_ j: Int) -> Bool
}

/// Rows of up to 64 bits, one `UInt64` each.
struct NarrowBitapRows: BitapRows {
    private var rows: [UInt64]
    private let alphabet: BitapAlphabet

    init(count: Int, alphabet: BitapAlphabet) {
        rows = Array(repeating: 0, count: count)
        self.alphabet = alphabet
    }

    @inline(__always) func mask(for unit: UInt32?) -> UInt64 {
        guard let unit, let slot = alphabet.slot(of: unit) else { return 0 }
        return alphabet.words[slot]
    }

    mutating func clear(_ range: ClosedRange<Int>) {
        for j in range { rows[j] = 0 }
    }

    mutating func setLowBits(_ row: Int, count: Int) {
        rows[row] = count >= 64 ? ~0 : (1 << UInt64(count)) &- 1
    }

    @inline(__always) mutating func advanceExact(_ j: Int, _ charMatch: UInt64) {
        rows[j] = (rows[j + 1] << 1 | 1) & charMatch
    }

    @inline(__always) mutating func advanceFuzzy(_ j: Int, _ charMatch: UInt64, last: NarrowBitapRows) {
        rows[j] = ((rows[j + 1] << 1 | 1) & charMatch) | ((last.rows[j + 1] | last.rows[j]) << 1 | 1) | last.rows[j + 1]
    }

    @inline(__always) func matchesWholePattern(_ j: Int) -> Bool {
        rows[j] & alphabet.topBit != 0
    }
}

/// Rows wider than 64 bits, stored flat (`words` per row, little-endian) and updated in place.
struct WideBitapRows: BitapRows {
    private var rows: [UInt64]
    private let alphabet: BitapAlphabet

    init(count: Int, alphabet: BitapAlphabet) {
        rows = Array(repeating: 0, count: count * alphabet.wordsPerMask)
        self.alphabet = alphabet
    }

    /// The offset of the unit's mask in `alphabet.words`, or -1 for zero.
    @inline(__always) func mask(for unit: UInt32?) -> Int {
        guard let unit, let slot = alphabet.slot(of: unit) else { return -1 }
        return slot * alphabet.wordsPerMask
    }

    mutating func clear(_ range: ClosedRange<Int>) {
        let width = alphabet.wordsPerMask
        for index in (range.lowerBound * width)..<((range.upperBound + 1) * width) { rows[index] = 0 }
    }

    mutating func setLowBits(_ row: Int, count: Int) {
        let width = alphabet.wordsPerMask
        for word in 0..<width {
            let bits = min(max(count - word * 64, 0), 64)
            rows[row * width + word] = bits == 64 ? ~0 : (1 << UInt64(bits)) &- 1
        }
    }

    mutating func advanceExact(_ j: Int, _ charMatch: Int) {
        let width = alphabet.wordsPerMask
        var carry: UInt64 = 1
        for word in 0..<width {
            let next = rows[(j + 1) * width + word]
            let char = charMatch < 0 ? 0 : alphabet.words[charMatch + word]
            rows[j * width + word] = (next << 1 | carry) & char
            carry = next >> 63
        }
    }

    mutating func advanceFuzzy(_ j: Int, _ charMatch: Int, last: WideBitapRows) {
        let width = alphabet.wordsPerMask
        var carry: UInt64 = 1
        var lastCarry: UInt64 = 1
        for word in 0..<width {
            let next = rows[(j + 1) * width + word]
            let lastNext = last.rows[(j + 1) * width + word]
            let lastBoth = lastNext | last.rows[j * width + word]
            let char = charMatch < 0 ? 0 : alphabet.words[charMatch + word]
            rows[j * width + word] = ((next << 1 | carry) & char) | (lastBoth << 1 | lastCarry) | lastNext
            carry = next >> 63
            lastCarry = lastBoth >> 63
        }
    }

    func matchesWholePattern(_ j: Int) -> Bool {
        let width = alphabet.wordsPerMask
        let top = alphabet.patternLength - 1
        return rows[j * width + top / 64] & (1 << UInt64(top % 64)) != 0
    }
}

/// The Bitap alphabet (`match_alphabet`): for each unit of the pattern, the mask of its positions, bit
/// `length - 1 - i` for position i. A small open-addressing table of units to masks of `wordsPerMask` words.
final class BitapAlphabet {
    let patternLength: Int
    let wordsPerMask: Int
    /// The top bit of a one-word mask (`1 << (length - 1)`); 0 for wider masks.
    let topBit: UInt64
    private var keys: [UInt32]
    private var used: [Bool]
    /// The masks, `wordsPerMask` words per slot.
    private(set) var words: [UInt64]

    init(_ pattern: UnitBuffer) {
        patternLength = pattern.count
        wordsPerMask = max((pattern.count + 63) / 64, 1)
        topBit = pattern.count <= 64 && pattern.count > 0 ? 1 << UInt64(pattern.count - 1) : 0
        var capacity = 16
        while capacity < pattern.count * 2 { capacity *= 2 }
        keys = Array(repeating: 0, count: capacity)
        used = Array(repeating: false, count: capacity)
        words = Array(repeating: 0, count: capacity * wordsPerMask)
        for (index, unit) in pattern.enumerated() {
            let slot = probe(unit)
            keys[slot] = unit
            used[slot] = true
            let bit = pattern.count - index - 1
            words[slot * wordsPerMask + bit / 64] |= 1 << UInt64(bit % 64)
        }
    }

    /// The slot holding `unit`, or the empty slot where it would go.
    @inline(__always)
    private func probe(_ unit: UInt32) -> Int {
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: (UInt64(unit) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
        while used[slot] && keys[slot] != unit { slot = (slot + 1) & mask }
        return slot
    }

    /// The slot of `unit`'s mask, or nil if the unit is not in the pattern.
    @inline(__always)
    func slot(of unit: UInt32) -> Int? {
        let slot = probe(unit)
        return used[slot] ? slot : nil
    }
}
