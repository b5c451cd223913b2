/// The table of distinct lines behind line mode (`diff_linesToChars` / `diff_charsToLines`).
///
/// Each distinct line gets a token, its index in the table; token 0 is reserved (an empty line that is never
/// matched), as in the reference. Lines are kept as ranges of the two source texts, hashed with FNV-1a, and found
/// through an open-addressing table of token indices, so encoding is linear in the text length.
struct LineTable {
    /// Which text each line comes from: 0 for text1, 1 for text2.
    private(set) var source: [UInt8] = [0]
    /// Start offset (in units) of each line in its source.
    private(set) var start: [Int] = [0]
    /// End offset (exclusive) of each line in its source.
    private(set) var end: [Int] = [0]
    /// FNV-1a hash of each line.
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
            var h: UInt64 = 0xCBF2_9CE4_8422_2325
            var i = lineStart
            while i < n {
                let unit = text[i]
                h = (h ^ UInt64(unit)) &* 0x0000_0100_0000_01B3
                i &+= 1
                if unit == 10 { break }
            }
            if let token = find(hash: h, text.slice(lineStart..<i)) {
                tokens.append(UInt32(token))
                lineStart = i
                continue
            }
            var lineEnd = i
            if count == maxLines {
                // Bail out: the rest of the text is one last line.
                while i < n {
                    h = (h ^ UInt64(text[i])) &* 0x0000_0100_0000_01B3
                    i &+= 1
                }
                lineEnd = n
            }
            tokens.append(UInt32(insert(hash: h, source: source, lineStart..<lineEnd)))
            lineStart = lineEnd
        }
        return tokens
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
