/// A text made of two pieces, `head + tail`, read without concatenating them.
///
/// `patch_make` keeps a rolling context: each hunk's context comes from the source text with all previous hunks
/// applied, which is a prefix of the destination text followed by a suffix of the source text. Reading it as a
/// spliced text avoids copying the whole document once per hunk.
///
/// Each piece comes with its low-byte shadow (see `UnitSearch.firstIndex(of:in:shadow:from:)`), which makes the
/// whole-text uniqueness scans of `patch_addContext` cheap.
struct SplicedText {
    let head: UnitBuffer
    let tail: UnitBuffer
    let headShadow: UnsafeBufferPointer<UInt8>
    let tailShadow: UnsafeBufferPointer<UInt8>

    init(
        _ head: UnitBuffer, _ tail: UnitBuffer,
        headShadow: UnsafeBufferPointer<UInt8>, tailShadow: UnsafeBufferPointer<UInt8>
    ) {
        self.head = head
        self.tail = tail
        self.headShadow = headShadow
        self.tailShadow = tailShadow
    }

    var count: Int { head.count + tail.count }

    /// `text[lower:upper]` with Python's clamping (for non-negative bounds).
    func slice(_ lower: Int, _ upper: Int) -> [UInt32] {
        let lower = min(max(lower, 0), count)
        let upper = min(max(upper, 0), count)
        guard lower < upper else { return [] }
        var units: [UInt32] = []
        units.reserveCapacity(upper - lower)
        if lower < head.count { units.append(contentsOf: head.slice(lower..<min(upper, head.count))) }
        if upper > head.count {
            units.append(contentsOf: tail.slice(max(lower - head.count, 0)..<(upper - head.count)))
        }
        return units
    }

    /// Whether `pattern` occurs at two or more positions (overlaps allowed), i.e. whether the reference's
    /// `text.find(pattern) != text.rfind(pattern)`.
    func occursMoreThanOnce(_ pattern: UnitBuffer) -> Bool {
        let m = pattern.count
        if m == 0 { return count > 0 }
        var found = 0
        // Occurrences inside the head.
        var index = UnitSearch.firstIndex(of: pattern, in: head, shadow: headShadow)
        while index != -1 {
            found += 1
            if found > 1 { return true }
            index = UnitSearch.firstIndex(of: pattern, in: head, shadow: headShadow, from: index + 1)
        }
        // Occurrences across the junction: start in the last m-1 units of the head, end in the tail.
        if !head.isEmpty && !tail.isEmpty && m > 1 {
            let windowStart = max(head.count - (m - 1), 0)
            let window = slice(windowStart, min(head.count + m - 1, count))
            let headPart = head.count - windowStart
            window.withUnsafeBufferPointer { w in
                var position = UnitSearch.firstIndex(of: pattern, in: w)
                while position != -1 && position < headPart {
                    if position + m > headPart { found += 1 }
                    position = UnitSearch.firstIndex(of: pattern, in: w, from: position + 1)
                }
            }
            if found > 1 { return true }
        }
        // Occurrences inside the tail.
        index = UnitSearch.firstIndex(of: pattern, in: tail, shadow: tailShadow)
        while index != -1 {
            found += 1
            if found > 1 { return true }
            index = UnitSearch.firstIndex(of: pattern, in: tail, shadow: tailShadow, from: index + 1)
        }
        return false
    }
}
