/// Substring search over unit buffers, with Python's `str.find` / `str.rfind` semantics.
///
/// The scan filters candidate positions on the pattern's first and last unit eight positions at a time (SIMD), then
/// verifies candidates. A work budget guards against pathological inputs (`"aaa…ab"` in `"aaa…a"`): once verification
/// has cost more than a few passes over the text, the search switches to Knuth–Morris–Pratt, so every search is
/// linear in the worst case.
enum UnitSearch {
    /// The lowest index `>= start` where `pattern` occurs in `text`, or -1 (`text.find(pattern, start)`).
    ///
    /// An empty pattern occurs at `start` when `start <= text.count`.
    static func firstIndex(of pattern: UnitBuffer, in text: UnitBuffer, from start: Int = 0) -> Int {
        let n = text.count
        let m = pattern.count
        let start = max(start, 0)
        if m == 0 { return start <= n ? start : -1 }
        if start > n - m { return -1 }
        let t = text.baseAddress!
        let first = pattern[0]
        if m == 1 { return scanForUnit(first, t, from: start, to: n) }
        let last = pattern[m - 1]
        let limit = n - m  // last candidate position
        var i = start
        var work = 0
        let budget = 4 * (n - start) + 64
        let vFirst = SIMD8<UInt32>(repeating: first)
        let vLast = SIMD8<UInt32>(repeating: last)
        while i &+ 8 <= limit &+ 1 {
            let a = UnsafeRawPointer(t + i).loadUnaligned(as: SIMD8<UInt32>.self)
            let b = UnsafeRawPointer(t + i + m - 1).loadUnaligned(as: SIMD8<UInt32>.self)
            let hits = (a .== vFirst) .& (b .== vLast)
            if any(hits) {
                for k in 0..<8 where hits[k] {
                    let matched = verify(pattern, t + i + k)
                    if matched == m { return i &+ k }
                    work &+= matched
                }
                if work > budget { return KMP(pattern).firstIndex(in: text, from: i &+ 8) }
            }
            i &+= 8
        }
        while i <= limit {
            if t[i] == first && t[i &+ m &- 1] == last {
                let matched = verify(pattern, t + i)
                if matched == m { return i }
                work &+= matched
            }
            i &+= 1
        }
        return -1
    }

    /// `firstIndex(of:in:from:)` for a text that comes with its low-byte shadow (`shadow[i] == UInt8(text[i] & 0xFF)`).
    ///
    /// Candidates are filtered on the shadow sixteen positions per step, over a quarter of the memory, by three
    /// probes (the pattern's first and last unit, and its rarest byte by English letter frequency), then verified on
    /// the units: the fast path for the repeated whole-text scans of `patch_addContext`.
    static func firstIndex(
        of pattern: UnitBuffer, in text: UnitBuffer, shadow: UnsafeBufferPointer<UInt8>, from start: Int = 0
    ) -> Int {
        let n = text.count
        let m = pattern.count
        let start = max(start, 0)
        if m < 3 || shadow.count != n || start > n - m { return firstIndex(of: pattern, in: text, from: start) }
        let t = text.baseAddress!
        let s = shadow.baseAddress!
        let limit = n - m  // last candidate position
        var rare = 1
        for index in 2..<(m - 1) where rarity(pattern[index]) > rarity(pattern[rare]) { rare = index }
        var i = start
        var work = 0
        let budget = 4 * (n - start) + 64
        let vFirst = SIMD16<UInt8>(repeating: UInt8(truncatingIfNeeded: pattern[0]))
        let vRare = SIMD16<UInt8>(repeating: UInt8(truncatingIfNeeded: pattern[rare]))
        let vLast = SIMD16<UInt8>(repeating: UInt8(truncatingIfNeeded: pattern[m - 1]))
        while i &+ 16 <= limit &+ 1 {
            let a = UnsafeRawPointer(s + i).loadUnaligned(as: SIMD16<UInt8>.self)
            let r = UnsafeRawPointer(s + i + rare).loadUnaligned(as: SIMD16<UInt8>.self)
            let b = UnsafeRawPointer(s + i + m - 1).loadUnaligned(as: SIMD16<UInt8>.self)
            let hits = (a .== vFirst) .& (r .== vRare) .& (b .== vLast)
            if any(hits) {
                var mask: UInt32 = 0
                for k in 0..<16 where hits[k] { mask |= 1 << UInt32(k) }
                while mask != 0 {
                    let k = mask.trailingZeroBitCount
                    mask &= mask &- 1
                    let matched = verify(pattern, t + i + k)
                    if matched == m { return i &+ k }
                    work &+= matched &+ 1
                }
                if work > budget { return KMP(pattern).firstIndex(in: text, from: i &+ 16) }
            }
            i &+= 16
        }
        return firstIndex(of: pattern, in: text, from: i)
    }

    /// How rare a unit's low byte is in typical text (higher is rarer): lowercase letters and space by English
    /// frequency, everything else rarer still. Only a heuristic for choosing a probe.
    @inline(__always)
    private static func rarity(_ unit: UInt32) -> Int {
        let byte = Int(unit & 0xFF)
        switch byte {
        case 0x20: return 0
        case 0x61...0x7A: return letterRarity[byte - 0x61]
        default: return 30
        }
    }

    /// Rarity of "a"..."z" (1 = most frequent, "e"; 26 = rarest).
    private static let letterRarity: [Int] = [
        3, 20, 12, 10, 1, 16, 17, 8, 5, 23, 22, 11, 14, 6, 4, 19, 25, 9, 7, 2, 13, 21, 15, 24, 18, 26,
    ]

    /// The low bytes of `units` (the shadow that `firstIndex(of:in:shadow:from:)` filters on).
    static func shadow(of units: UnitBuffer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: units.count) { buffer, initialized in
            for index in 0..<units.count { buffer[index] = UInt8(truncatingIfNeeded: units[index]) }
            initialized = units.count
        }
    }

    /// The highest index `>= start` where `pattern` occurs in `text`, or -1 (`text.rfind(pattern, start)`).
    ///
    /// An empty pattern occurs at `text.count` when `start <= text.count`.
    static func lastIndex(of pattern: UnitBuffer, in text: UnitBuffer, notBefore start: Int = 0) -> Int {
        let n = text.count
        let m = pattern.count
        let start = max(start, 0)
        if start > n { return -1 }
        if m == 0 { return n }
        if start > n - m { return -1 }
        let t = text.baseAddress!
        let first = pattern[0]
        let last = pattern[m - 1]
        var i = n - m  // candidate position, moving down
        var work = 0
        let budget = 4 * (n - start) + 64
        let vFirst = SIMD8<UInt32>(repeating: first)
        let vLast = SIMD8<UInt32>(repeating: last)
        while i &- 7 >= start {
            let base = i &- 7
            let a = UnsafeRawPointer(t + base).loadUnaligned(as: SIMD8<UInt32>.self)
            let b = UnsafeRawPointer(t + base + m - 1).loadUnaligned(as: SIMD8<UInt32>.self)
            let hits = (a .== vFirst) .& (b .== vLast)
            if any(hits) {
                var k = 7
                while k >= 0 {
                    if hits[k] {
                        let matched = verify(pattern, t + base + k)
                        if matched == m { return base &+ k }
                        work &+= matched
                    }
                    k &-= 1
                }
                if work > budget {
                    return KMP(pattern).lastIndex(in: text.slice(0..<(base &+ m &- 1)), notBefore: start)
                }
            }
            i &-= 8
        }
        while i >= start {
            if t[i] == first && t[i &+ m &- 1] == last && verify(pattern, t + i) == m { return i }
            i &-= 1
        }
        return -1
    }

    /// Whether `pattern` occurs in `text` at `position` (false when it would run past either end).
    @inline(__always)
    static func occurs(_ pattern: UnitBuffer, in text: UnitBuffer, at position: Int) -> Bool {
        position >= 0 && position <= text.count - pattern.count
            && (pattern.isEmpty || verify(pattern, text.baseAddress! + position) == pattern.count)
    }

    /// The length of the common prefix of `pattern` and the units at `p` (which must hold `pattern.count` units).
    @inline(__always)
    private static func verify(_ pattern: UnitBuffer, _ p: UnsafePointer<UInt32>) -> Int {
        UnitOps.commonPrefix(pattern, UnitBuffer(start: p, count: pattern.count))
    }

    /// The first index in `from..<to` holding `unit`, or -1.
    private static func scanForUnit(_ unit: UInt32, _ t: UnsafePointer<UInt32>, from: Int, to: Int) -> Int {
        var i = from
        let v = SIMD8<UInt32>(repeating: unit)
        while i &+ 8 <= to {
            let hits = UnsafeRawPointer(t + i).loadUnaligned(as: SIMD8<UInt32>.self) .== v
            if any(hits) {
                for k in 0..<8 where hits[k] { return i &+ k }
            }
            i &+= 8
        }
        while i < to {
            if t[i] == unit { return i }
            i &+= 1
        }
        return -1
    }
}

/// Knuth–Morris–Pratt matching: the linear-time fallback of `UnitSearch`.
struct KMP {
    /// The pattern.
    let pattern: UnitBuffer
    /// `failure[k]`: the length of the longest proper border of `pattern[0...k]`.
    let failure: [Int]

    init(_ pattern: UnitBuffer) {
        self.pattern = pattern
        var failure = [Int](repeating: 0, count: pattern.count)
        var k = 0
        var i = 1
        while i < pattern.count {
            while k > 0 && pattern[i] != pattern[k] { k = failure[k - 1] }
            if pattern[i] == pattern[k] { k += 1 }
            failure[i] = k
            i += 1
        }
        self.failure = failure
    }

    /// The lowest index `>= start` where the (non-empty) pattern occurs in `text`, or -1.
    func firstIndex(in text: UnitBuffer, from start: Int) -> Int {
        var k = 0
        var i = max(start, 0)
        let m = pattern.count
        while i < text.count {
            while k > 0 && text[i] != pattern[k] { k = failure[k - 1] }
            if text[i] == pattern[k] { k += 1 }
            if k == m { return i - m + 1 }
            i += 1
        }
        return -1
    }

    /// The highest index `>= start` where the (non-empty) pattern occurs in `text`, or -1.
    func lastIndex(in text: UnitBuffer, notBefore start: Int) -> Int {
        var found = -1
        var k = 0
        var i = max(start, 0)
        let m = pattern.count
        while i < text.count {
            while k > 0 && text[i] != pattern[k] { k = failure[k - 1] }
            if text[i] == pattern[k] { k += 1 }
            if k == m {
                found = i - m + 1
                k = failure[k - 1]
            }
            i += 1
        }
        return found
    }

    /// The length of the longest suffix of `text` that is a prefix of the pattern (at most the pattern's length).
    func overlap(endOf text: UnitBuffer) -> Int {
        let m = pattern.count
        guard m > 0 else { return 0 }
        var k = 0
        for unit in text {
            if k == m { k = failure[k - 1] }
            while k > 0 && unit != pattern[k] { k = failure[k - 1] }
            if unit == pattern[k] { k += 1 }
        }
        return k
    }
}
