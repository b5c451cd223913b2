/// The text that `apply(_:to:)` edits: a gap buffer of units.
///
/// The text is `storage[0..<gapStart] + storage[gapEnd...]`. Hunks usually arrive in text order, so moving the gap
/// to each edit costs the distance from the previous one and the whole application is linear, instead of shifting
/// the rest of the text for every hunk. Matching reads the text in place; only the fuzzy (Bitap) search needs a
/// contiguous view, for which the gap is moved to the end.
struct PatchTextBuffer {
    private var storage: [UInt32]
    private var gapStart: Int
    private var gapEnd: Int

    /// `padding + text + padding`, with an initial gap in front.
    init(_ text: String, padding: [UInt32]) {
        var text = text
        let units = text.withUTF8 { UTF8Transcoding.decode($0) }
        let gap = max(1024, units.count / 16)
        storage = [UInt32](repeating: 0, count: gap)
        storage.reserveCapacity(gap + units.count + 2 * padding.count)
        storage.append(contentsOf: padding)
        storage.append(contentsOf: units)
        storage.append(contentsOf: padding)
        gapStart = 0
        gapEnd = gap
    }

    /// The number of units in the text.
    var count: Int { storage.count - (gapEnd - gapStart) }

    /// Moves the gap so that it starts at text offset `position`.
    private mutating func moveGap(to position: Int) {
        if position == gapStart { return }
        storage.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            if position < gapStart {
                let moved = gapStart - position
                (base + gapEnd - moved).update(from: base + position, count: moved)
                gapStart -= moved
                gapEnd -= moved
            } else {
                let moved = position - gapStart
                (base + gapStart).update(from: base + gapEnd, count: moved)
                gapStart += moved
                gapEnd += moved
            }
        }
    }

    /// Runs `body` on the text as one contiguous buffer (moving the gap to the end).
    private mutating func withContiguousText<R>(_ body: (UnitBuffer) -> R) -> R {
        moveGap(to: count)
        let length = gapStart
        return storage.withUnsafeBufferPointer { body($0.slice(0..<length)) }
    }

    /// Whether `pattern` occurs at text offset `position` (read across the gap).
    private func occurs(_ pattern: [UInt32], at position: Int) -> Bool {
        guard position >= 0, position + pattern.count <= count else { return false }
        return storage.withUnsafeBufferPointer { buffer in
            pattern.withUnsafeBufferPointer { p in
                let before = max(0, min(pattern.count, gapStart - position))
                let head = UnitOps.equal(p.slice(0..<before), buffer.slice(position..<(position + before)))
                let afterStart = position + before + (gapEnd - gapStart)
                let rest = pattern.count - before
                return head && UnitOps.equal(p.slice(before..<pattern.count), buffer.slice(afterStart..<(afterStart + rest)))
            }
        }
    }

    /// `match_main` of `pattern` near `location`; -1 for no match.
    ///
    /// The exact-match shortcuts of `mainMatch` are tried in place first (same order, same answers); otherwise the
    /// full `mainMatch` runs on a contiguous view.
    mutating func match(_ pattern: [UInt32], near location: Int, using dmp: DiffMatchPatch) -> Int {
        let location = max(0, min(location, count))
        if count == pattern.count && occurs(pattern, at: 0) { return 0 }
        if count == 0 { return -1 }
        if occurs(pattern, at: location) { return location }
        return withContiguousText { text in
            pattern.withUnsafeBufferPointer { dmp.mainMatch(text, $0, location) }
        }
    }

    /// `text[lower:upper]` with Python's clamping.
    func slice(_ lower: Int, _ upper: Int) -> [UInt32] {
        let lower = min(max(lower, 0), count)
        let upper = min(max(upper, 0), count)
        guard lower < upper else { return [] }
        let gap = gapEnd - gapStart
        var units: [UInt32] = []
        units.reserveCapacity(upper - lower)
        if lower < gapStart { units.append(contentsOf: storage[lower..<min(upper, gapStart)]) }
        if upper > gapStart { units.append(contentsOf: storage[(max(lower, gapStart) + gap)..<(upper + gap)]) }
        return units
    }

    /// `text[:lower] + replacement + text[upper:]` with Python's clamping.
    mutating func replace(_ lower: Int, _ upper: Int, with replacement: [UInt32]) {
        let lower = min(max(lower, 0), count)
        let upper = max(min(max(upper, 0), count), lower)
        moveGap(to: lower)
        gapEnd += upper - lower
        if gapEnd - gapStart < replacement.count {
            // Grow the gap: reinsert it with room to spare.
            let extra = replacement.count + max(1024, storage.count / 16)
            storage.insert(contentsOf: repeatElement(0, count: extra), at: gapEnd)
            gapEnd += extra
        }
        storage.withUnsafeMutableBufferPointer { buffer in
            replacement.withUnsafeBufferPointer { r in
                if let source = r.baseAddress { (buffer.baseAddress! + gapStart).update(from: source, count: r.count) }
            }
        }
        gapStart += replacement.count
    }

    /// The text without `edge` units at each end, as a string.
    func string(droppingEdges edge: Int) -> String {
        guard count >= 2 * edge else { return "" }
        let lower = edge
        let upper = count - edge
        let gap = gapEnd - gapStart
        return storage.withUnsafeBufferPointer { buffer in
            if upper <= gapStart { return UTF8Transcoding.string(buffer.slice(lower..<upper)) }
            if lower >= gapStart { return UTF8Transcoding.string(buffer.slice((lower + gap)..<(upper + gap))) }
            let first = buffer.slice(lower..<gapStart)
            let second = buffer.slice(gapEnd..<(upper + gap))
            return UTF8Transcoding.string(concatenating: first, second)
        }
    }
}
