/// The table of distinct lines behind line mode (`diff_linesToChars` / `diff_charsToLines`).
///
/// Each distinct line gets a token, its index in the table; token 0 is reserved (an empty line that is never
/// matched), as in the reference. Lines are kept as ranges of the two source texts, hashed two units at a time, and found
/// through an open-addressing table of token indices, so encoding is linear in the text length.
struct LineTable {
    /// Which text each line comes from: 0 for text1, 1 for text2.
    private(set) var source: [UInt8] = [0]
    /// Start offset (in units) of each line in its source.
    private(set) var start: [Int] = [0]
    /// End offset (exclusive) of each line in its source.
    private(set) var end: [Int] = [0]
    /// The hash of each line.
    private var hash: [UInt64] = [0]
    /// Open-addressing slots holding tokens; 0 marks an empty slot.
    private var slots: [Int32] = Array(repeating: 0, count: 1024)
    /// The two source texts.
    let texts: (UnitBuffer, UnitBuffer)

    init(_ text1: UnitBuffer, _ text2: UnitBuffer) {
        texts = (text1, text2)
    }

    /// The number of entries, including the reserved entry 0.
    var count: Int { start.count }

    /// The units of line `token`.
    func line(_ token: Int) -> UnitBuffer {
        let text = source[token] == 0 ? texts.0 : texts.1
        return text.slice(start[token]..<end[token])
    }

    /// Encodes text1 (`source` 0) or text2 (`source` 1) as one token per line (the munge of `diff_linesToChars`).
    ///
    /// Lines end after each "\n". Once the table holds `maxLines` entries, the rest of the text becomes a single
    /// line, as in the reference (which caps text1 at 666,666 and both texts at 1,114,111 so that tokens fit in a
    /// code point).
    mutating func encode(source: UInt8, maxLines: Int) -> [UInt32] {
        let text = source == 0 ? texts.0 : texts.1
        let n = text.count
        var tokens: [UInt32] = []
        tokens.reserveCapacity(n / 16 + 1)
        var lineStart = 0
        while lineStart < n {
            let i = Self.endOfLine(text, from: lineStart)
            let h = Self.hash(text.slice(lineStart..<i))
            if let token = find(hash: h, text.slice(lineStart..<i)) {
                tokens.append(UInt32(token))
                lineStart = i
                continue
            }
            var range = lineStart..<i
            var lineHash = h
            if count == maxLines {
                // Bail out: the rest of the text is one last line.
                range = lineStart..<n
                lineHash = Self.hash(text.slice(range))
            }
            tokens.append(UInt32(insert(hash: lineHash, source: source, range)))
            lineStart = range.upperBound
        }
        return tokens
    }

    /// The index just after the first "\n" at or after `start`, or the end of the text.
    @inline(__always)
    private static func endOfLine(_ text: UnitBuffer, from start: Int) -> Int {
        let n = text.count
        let t = text.baseAddress!
        var i = start
        let newline = SIMD8<UInt32>(repeating: 10)
        while i &+ 8 <= n {
            let hits = UnsafeRawPointer(t + i).loadUnaligned(as: SIMD8<UInt32>.self) .== newline
            if any(hits) {
                for k in 0..<8 where hits[k] { return i &+ k &+ 1 }
            }
            i &+= 8
        }
        while i < n {
            if t[i] == 10 { return i &+ 1 }
            i &+= 1
        }
        return n
    }

    /// A 64-bit hash of a line: two multiply-xor lanes of two units each, mixed at the end.
    @inline(__always)
    private static func hash(_ line: UnitBuffer) -> UInt64 {
        var h1 = UInt64(line.count) &* 0x9E37_79B9_7F4A_7C15
        var h2: UInt64 = 0x2545_F491_4F6C_DD1D
        guard let p = line.baseAddress else { return h1 }
        let raw = UnsafeRawPointer(p)
        var i = 0
        while i &+ 4 <= line.count {
            h1 = (h1 ^ raw.loadUnaligned(fromByteOffset: i &* 4, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h2 = (h2 ^ raw.loadUnaligned(fromByteOffset: i &* 4 &+ 8, as: UInt64.self)) &* 0xC4CE_B9FE_1A85_EC53
            i &+= 4
        }
        while i < line.count {
            h1 = (h1 ^ UInt64(p[i])) &* 0xFF51_AFD7_ED55_8CCD
            i &+= 1
        }
        var h = h1 ^ (h2 &* 0x9E37_79B9_7F4A_7C15)
        h ^= h >> 32
        h = h &* 0xD6E8_FEB8_6659_FD93
        return h ^ (h >> 32)
    }

    /// The slot index to start probing at for `h`.
    @inline(__always)
    private func home(_ h: UInt64) -> Int {
        Int(truncatingIfNeeded: (h &* 0x9E37_79B9_7F4A_7C15) >> 20) & (slots.count - 1)
    }

    /// The token of an existing line equal to `line`, if any.
    private func find(hash h: UInt64, _ line: UnitBuffer) -> Int? {
        var slot = home(h)
        while true {
            let token = Int(slots[slot])
            if token == 0 { return nil }
            if hash[token] == h && UnitOps.equal(self.line(token), line) { return token }
            slot = (slot + 1) & (slots.count - 1)
        }
    }

    /// Adds a line and returns its token; an equal line already present is re-pointed to the new token (the
    /// reference's dictionary overwrites the key).
    private mutating func insert(hash h: UInt64, source: UInt8, _ range: Range<Int>) -> Int {
        let token = count
        self.source.append(source)
        start.append(range.lowerBound)
        end.append(range.upperBound)
        hash.append(h)
        let text = source == 0 ? texts.0 : texts.1
        let line = text.slice(range)
        var slot = home(h)
        while slots[slot] != 0 {
            let other = Int(slots[slot])
            if hash[other] == h && UnitOps.equal(self.line(other), line) {
                slots[slot] = Int32(token)
                return token
            }
            slot = (slot + 1) & (slots.count - 1)
        }
        slots[slot] = Int32(token)
        if count * 2 > slots.count { grow() }
        return token
    }

    /// Doubles the slot array and re-inserts every token.
    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        for token in 1..<count {
            var slot = home(hash[token])
            while slots[slot] != 0 { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = Int32(token)
        }
    }

    /// The units of the lines named by `tokens`, concatenated (`diff_charsToLines` for one run).
    ///
    /// Tokens outside the table are skipped (they cannot come from `encode`).
    func decode(_ tokens: [UInt32]) -> [UInt32] {
        var length = 0
        for token in tokens where Int(token) < count { length += end[Int(token)] - start[Int(token)] }
        var units: [UInt32] = []
        units.reserveCapacity(length)
        for token in tokens where Int(token) < count { units.append(contentsOf: line(Int(token))) }
        return units
    }
}
