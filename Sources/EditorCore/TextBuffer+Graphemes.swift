/// Grapheme-cluster walking over a `TextBuffer` through bounded windows, never the whole text.
///
/// Swift's `Character` segmentation runs on a window of a few hundred scalars. A window starts either at a known
/// cluster boundary (the text start or just after a "\n", after which Unicode always breaks) or at least
/// `lookBehind` scalars before the position of interest, extended back over a run of regional indicators so flag
/// pairs keep their parity. Breaks depend only on the text before them, so cutting a window's end never moves an
/// earlier break.
///
/// Limitation: a single cluster longer than `lookBehind` scalars that starts before an inexact window start, or a
/// regional-indicator run longer than `maxRegionalRun`, may be split at a window edge (no real text does this).
extension TextBuffer {
    /// Scalars looked back from a position to find a window start.
    static let lookBehind = 64
    /// Scalars per segmentation window at first (doubled while one cluster fills a window).
    static let initialWindow = 256
    /// The largest window tried; a cluster longer than this is cut.
    static let maxWindow = 1 << 16
    /// The longest run of regional indicators a window start moves back over.
    static let maxRegionalRun = 1024

    /// A window start at or before `position`, and whether it is certainly a cluster boundary.
    func segmentationStart(atOrBefore position: Int) -> (start: Int, exact: Bool) {
        if position <= 0 { return (0, true) }
        let low = max(0, position - Self.lookBehind)
        let scalars = scalarArray(low..<position)
        if let newline = scalars.lastIndex(of: "\n") { return (low + newline + 1, true) }
        if low == 0 { return (0, true) }
        var start = low
        while start > 0 && position - start < Self.maxRegionalRun
            && (0x1F1E6...0x1F1FF).contains(scalar(at: start - 1).value)
        {
            start -= 1
        }
        return (start, start == 0)
    }

    /// The clusters of `window`, starting at `start`, as scalar ranges with each cluster's first scalar.
    private static func clusters(of window: [Unicode.Scalar], from start: Int) -> [(Range<Int>, Unicode.Scalar)] {
        var text = String()
        text.unicodeScalars.append(contentsOf: window)
        var result: [(Range<Int>, Unicode.Scalar)] = []
        var position = start
        for character in text {
            let length = character.unicodeScalars.count
            result.append((position..<position + length, window[position - start]))
            position += length
        }
        return result
    }

    /// Calls `body` with each cluster that ends after `offset`, in text order (the first may contain `offset`),
    /// until `body` returns false or the text ends.
    func forEachCluster(forwardFrom offset: Int, _ body: (Range<Int>, Unicode.Scalar) -> Bool) {
        let count = scalarCount
        var start = segmentationStart(atOrBefore: offset).start
        var window = Self.initialWindow
        while start < count {
            let end = min(count, max(start + window, offset + Self.lookBehind))
            let clusters = Self.clusters(of: scalarArray(start..<end), from: start)
            var resume = start
            for (range, first) in clusters {
                // The last cluster of a window that stops short of the text end may continue past it.
                if range.upperBound == end && end < count && window < Self.maxWindow { break }
                if range.upperBound > offset && !body(range, first) { return }
                resume = range.upperBound
            }
            if resume == start { window *= 2 } else { start = resume }
        }
    }

    /// Calls `body` with each cluster that starts before `offset`, in reverse text order (the first is cut at
    /// `offset` when `offset` falls inside it), until `body` returns false or the text start is reached.
    func forEachCluster(backwardFrom offset: Int, _ body: (Range<Int>, Unicode.Scalar) -> Bool) {
        var end = offset
        var window = Self.initialWindow
        while end > 0 {
            let (start, exact) = segmentationStart(atOrBefore: max(0, end - window))
            var clusters = Self.clusters(of: scalarArray(start..<end), from: start)[...]
            // Without an exact start, the first cluster may be the tail of a longer one.
            if !exact && window < Self.maxWindow { clusters = clusters.dropFirst() }
            guard let first = clusters.first else {
                window *= 2
                continue
            }
            for (range, scalar) in clusters.reversed() where !body(range, scalar) { return }
            end = first.0.lowerBound
        }
    }

    /// The first grapheme-cluster boundary after `offset` (`scalarCount` at the end); "\r\n" is one cluster.
    public func nextGraphemeBoundary(after offset: Int) -> Int {
        checkOffset(offset)
        var result = scalarCount
        forEachCluster(forwardFrom: offset) { range, _ in
            result = range.upperBound
            return false
        }
        return result
    }

    /// The last grapheme-cluster boundary before `offset` (0 at the start).
    public func previousGraphemeBoundary(before offset: Int) -> Int {
        checkOffset(offset)
        var result = 0
        forEachCluster(backwardFrom: offset) { range, _ in
            result = range.lowerBound
            return false
        }
        return result
    }

    /// Whether `offset` is a grapheme-cluster boundary (0 and `scalarCount` are).
    public func isGraphemeBoundary(_ offset: Int) -> Bool {
        checkOffset(offset)
        return offset == 0 || offset == scalarCount
            || nextGraphemeBoundary(after: previousGraphemeBoundary(before: offset)) == offset
    }
}
