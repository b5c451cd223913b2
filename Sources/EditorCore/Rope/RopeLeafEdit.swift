/// The fast path of an edit: when the replaced range lies inside one leaf and that leaf stays within its size
/// bounds, only the leaf and its ancestors are rebuilt, with their counts adjusted by the difference instead of
/// recounted. A keystroke then costs one copy of one ≤ 2 KB leaf plus O(log n) small nodes, instead of the two
/// splits and two joins of the general path (each of which rebuilds and rescans up to four leaves).
///
/// Law: whenever `replacingWithinLeaf` returns a rope, it holds the same text as split–split–concat would, and it
/// keeps every invariant of `RopeLimits` (checked by `TextBufferModelTests`).
extension RopeNode {
    /// `node` with the scalars in `range` replaced by `inserted` (valid UTF-8 whose counts are `insertedSummary`),
    /// or nil when the range crosses a leaf boundary or the edited leaf would leave `minLeafBytes...maxLeafBytes`
    /// (a root leaf has no minimum). `range` must lie within `0...node.summary.scalars`.
    static func replacingWithinLeaf(
        _ node: RopeNode, range: Range<Int>, with inserted: [UInt8], summary insertedSummary: RopeSummary,
        isRoot: Bool = true
    ) -> RopeNode? {
        if node.isLeaf {
            return node.leafReplacing(range, with: inserted, summary: insertedSummary, isRoot: isRoot)
        }
        var before = 0
        let children = node.children
        for index in children.indices {
            let child = children[index]
            let after = before + child.summary.scalars
            if range.lowerBound >= before && range.upperBound <= after {
                guard
                    let edited = replacingWithinLeaf(
                        child, range: (range.lowerBound - before)..<(range.upperBound - before), with: inserted,
                        summary: insertedSummary, isRoot: false)
                else { return nil }
                var replaced = children
                replaced[index] = edited
                return RopeNode(children: replaced)
            }
            if range.lowerBound < after { return nil }  // the range starts here but ends in a later child
            before = after
        }
        return nil
    }

    /// This leaf with `range` (scalars) replaced, or nil when the result would be out of bounds.
    private func leafReplacing(
        _ range: Range<Int>, with inserted: [UInt8], summary insertedSummary: RopeSummary, isRoot: Bool
    ) -> RopeNode? {
        let isASCII = summary.utf8 == summary.scalars
        let start = isASCII ? range.lowerBound : UTF8Scan.byteOffset(ofScalar: range.lowerBound, in: bytes)
        let end =
            isASCII
            ? range.upperBound
            : start + UTF8Scan.byteOffset(ofScalar: range.count, in: bytes, from: start)
        let newCount = bytes.count - (end - start) + inserted.count
        guard newCount <= RopeLimits.maxLeafBytes, isRoot || newCount >= RopeLimits.minLeafBytes else { return nil }
        let removed = bytes.withUnsafeBytes { UTF8Scan.summary(of: UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
        var edited: [UInt8] = []
        edited.reserveCapacity(newCount)
        edited.append(contentsOf: bytes[..<start])
        edited.append(contentsOf: inserted)
        edited.append(contentsOf: bytes[end...])
        let counts = RopeSummary(
            utf8: newCount, scalars: summary.scalars - removed.scalars + insertedSummary.scalars,
            newlines: summary.newlines - removed.newlines + insertedSummary.newlines)
        return RopeNode(leaf: edited, summary: counts)
    }
}
