/// Myers' O(ND) middle-snake bisection (`diff_bisect`), with a deadline.
extension DiffMatchPatch {
    /// The diff found by bisecting at the middle snake and recursing on both halves (`diff_bisect`).
    ///
    /// The result is not normalised (no `cleanupMerge`): a deletion and an insertion between two equalities appear
    /// as produced. When `deadline` (seconds on `clock`; `.infinity` for none) has passed, the texts are returned as
    /// one deletion and one insertion.
    public func bisect(_ text1: String, _ text2: String, deadline: Double) -> [Diff] {
        Self.withUnits(text1, text2) { a, b in
            if a.isEmpty || b.isEmpty {
                return computeDiff(a, b, checkLines: false, deadline: Deadline(limit: deadline, clock: clock))
                    .publicDiffs()
            }
            return bisect(a, b, deadline: Deadline(limit: deadline, clock: clock)).publicDiffs()
        }
    }

    /// `diff_bisect` over units; both buffers must be non-empty.
    ///
    /// `v1[k]` / `v2[k]` hold the furthest x reached on diagonal k by the forward / reverse paths (flat `Int`
    /// arrays offset by `maxD`; -1 marks an unreached diagonal).
    func bisect(_ a: UnitBuffer, _ b: UnitBuffer, deadline: Deadline) -> [UnitDiff] {
        let n1 = a.count
        let n2 = b.count
        let maxD = (n1 + n2 + 1) / 2
        let vOffset = maxD
        let vLength = 2 * maxD
        // Two spare slots keep `vOffset + 1` in range for the smallest inputs.
        let storage = UnsafeMutablePointer<Int>.allocate(capacity: 2 * (vLength + 2))
        defer { storage.deallocate() }
        storage.initialize(repeating: -1, count: 2 * (vLength + 2))
        let v1 = storage
        let v2 = storage + (vLength + 2)
        v1[vOffset + 1] = 0
        v2[vOffset + 1] = 0
        let delta = n1 - n2
        // With an odd total length the front path collides with the reverse path.
        let front = delta % 2 != 0
        // Bounds of the k loops that keep the paths inside the grid.
        var k1start = 0
        var k1end = 0
        var k2start = 0
        var k2end = 0
        let t1 = a.baseAddress!
        let t2 = b.baseAddress!
        let e1 = t1 + n1 - 1  // last unit, for the reverse walk
        let e2 = t2 + n2 - 1
        var d = 0
        while d < maxD {
            if deadline.hasPassed { break }
            // Walk the front path one step.
            var k1 = -d + k1start
            while k1 <= d - k1end {
                let k1Offset = vOffset + k1
                var x1: Int
                if k1 == -d || (k1 != d && v1[k1Offset - 1] < v1[k1Offset + 1]) {
                    x1 = v1[k1Offset + 1]
                } else {
                    x1 = v1[k1Offset - 1] + 1
                }
                var y1 = x1 - k1
                while x1 < n1 && y1 < n2 && t1[x1] == t2[y1] {
                    x1 &+= 1
                    y1 &+= 1
                }
                v1[k1Offset] = x1
                if x1 > n1 {
                    k1end += 2  // Ran off the right of the graph.
                } else if y1 > n2 {
                    k1start += 2  // Ran off the bottom of the graph.
                } else if front {
                    let k2Offset = vOffset + delta - k1
                    if k2Offset >= 0 && k2Offset < vLength && v2[k2Offset] != -1 {
                        // Mirror x2 onto the top-left coordinate system.
                        if x1 >= n1 - v2[k2Offset] {
                            return bisectSplit(a, b, x1, y1, deadline: deadline)
                        }
                    }
                }
                k1 += 2
            }
            // Walk the reverse path one step.
            var k2 = -d + k2start
            while k2 <= d - k2end {
                let k2Offset = vOffset + k2
                var x2: Int
                if k2 == -d || (k2 != d && v2[k2Offset - 1] < v2[k2Offset + 1]) {
                    x2 = v2[k2Offset + 1]
                } else {
                    x2 = v2[k2Offset - 1] + 1
                }
                var y2 = x2 - k2
                while x2 < n1 && y2 < n2 && e1[-x2] == e2[-y2] {
                    x2 &+= 1
                    y2 &+= 1
                }
                v2[k2Offset] = x2
                if x2 > n1 {
                    k2end += 2  // Ran off the left of the graph.
                } else if y2 > n2 {
                    k2start += 2  // Ran off the top of the graph.
                } else if !front {
                    let k1Offset = vOffset + delta - k2
                    if k1Offset >= 0 && k1Offset < vLength && v1[k1Offset] != -1 {
                        let x1 = v1[k1Offset]
                        let y1 = vOffset + x1 - k1Offset
                        // Mirror x2 onto the top-left coordinate system.
                        if x1 >= n1 - x2 {
                            return bisectSplit(a, b, x1, y1, deadline: deadline)
                        }
                    }
                }
                k2 += 2
            }
            d += 1
        }
        // The deadline passed, or nothing is in common.
        return [UnitDiff(.delete, a), UnitDiff(.insert, b)]
    }

    /// Diffs the two halves around the middle snake at (x, y) and concatenates them (`diff_bisectSplit`).
    private func bisectSplit(_ a: UnitBuffer, _ b: UnitBuffer, _ x: Int, _ y: Int, deadline: Deadline) -> [UnitDiff] {
        var diffs = mainDiff(a.slice(0..<x), b.slice(0..<y), checkLines: false, deadline: deadline)
        diffs.append(contentsOf: mainDiff(a.dropFirst(count: x), b.dropFirst(count: y), checkLines: false, deadline: deadline))
        return diffs
    }
}
