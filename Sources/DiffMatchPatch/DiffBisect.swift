/// Myers' O(ND) middle-snake bisection (`diff_bisect`), with a deadline.
extension DiffMatchPatch {
    /// The diff found by bisecting at the middle snake and recursing on both halves (`diff_bisect`).
    ///
    /// The result is not normalised (no `cleanupMerge`): a deletion and an insertion between two equalities appear
    /// as produced. When `deadline` (seconds on `clock`; `.infinity` for none) has passed, the texts are returned as
    /// one deletion and one insertion. The clock is read when a bisection starts and every 16 steps.
    public func bisect(_ text1: String, _ text2: String, deadline: Double) -> [Diff] {
        Self.withUnits(text1, text2) { a, b in
            if a.isEmpty || b.isEmpty {
                return computeDiff(a, b, checkLines: false, deadline: Deadline(seconds: deadline, clock: clock))
                    .publicDiffs()
            }
            return bisect(a, b, deadline: Deadline(seconds: deadline, clock: clock)).publicDiffs()
        }
    }

    /// `diff_bisect` over units; both buffers must be non-empty.
    ///
    /// `v1[k]` / `v2[k]` hold the furthest x reached on diagonal k by the forward / reverse paths (flat `Int32`
    /// arrays offset by `maxD`; -1 marks an unreached diagonal).
    ///
    /// The reference picks `x = v[k+1]` when `k == -d` or `v[k-1] < v[k+1]` (and `k != d`), else `v[k-1] + 1`.
    /// That equals `max(v[k-1] + 1, v[k+1])`: on diagonal `-d` the entry `v[k-1]` was never reached (-1), on
    /// diagonal `d` the entry `v[k+1]` was never reached, and in between the comparison picks the larger value.
    func bisect(_ a: UnitBuffer, _ b: UnitBuffer, deadline: Deadline) -> [UnitDiff] {
        var diffs: [UnitDiff] = []
        appendBisect(a, b, deadline: deadline, to: &diffs)
        return diffs
    }

    /// Appends `diff_bisect(a, b)` to `diffs` (see `bisect(_:_:deadline:)`).
    func appendBisect(_ a: UnitBuffer, _ b: UnitBuffer, deadline: Deadline, to diffs: inout [UnitDiff]) {
        let n1 = a.count
        let n2 = b.count
        guard n1 + n2 < Int(Int32.max) / 2 else {
            // Beyond the reach of 32-bit vectors.
            diffs.append(UnitDiff(.delete, a))
            diffs.append(UnitDiff(.insert, b))
            return
        }
        let maxD = (n1 + n2 + 1) / 2
        let vOffset = maxD
        let vLength = 2 * maxD
        // Two spare slots keep `vOffset + 1` in range for the smallest inputs.
        let stride = vLength + 2
        let storage = UnsafeMutablePointer<Int32>.allocate(capacity: 2 * stride)
        defer { storage.deallocate() }
        storage.initialize(repeating: -1, count: 2 * stride)
        let v1 = storage + vOffset  // v1[k] for k in -maxD...maxD+1
        let v2 = storage + stride + vOffset
        v1[1] = 0
        v2[1] = 0
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
        var d = 0
        while d < maxD {
            // The reference reads the clock at every step; every 16th (from the first) gives the same result
            // whenever the deadline does not pass, and a bounded overrun when it does.
            if d & 15 == 0 && deadline.hasPassed { break }
            // Walk the front path one step.
            var k1 = k1start &- d
            while k1 <= d &- k1end {
                var x1 = Int(max(v1[k1 &- 1] &+ 1, v1[k1 &+ 1]))
                var y1 = x1 &- k1
                Self.followSnake(t1, n1, t2, n2, &x1, &y1)
                v1[k1] = Int32(truncatingIfNeeded: x1)
                if x1 > n1 {
                    k1end &+= 2  // Ran off the right of the graph.
                } else if y1 > n2 {
                    k1start &+= 2  // Ran off the bottom of the graph.
                } else if front {
                    let k2 = delta &- k1
                    if k2 >= -vOffset && k2 < vOffset && v2[k2] != -1 {
                        // Mirror x2 onto the top-left coordinate system.
                        if x1 >= n1 &- Int(v2[k2]) {
                            return bisectSplit(a, b, x1, y1, deadline: deadline, to: &diffs)
                        }
                    }
                }
                k1 &+= 2
            }
            // Walk the reverse path one step.
            var k2 = k2start &- d
            while k2 <= d &- k2end {
                var x2 = Int(max(v2[k2 &- 1] &+ 1, v2[k2 &+ 1]))
                var y2 = x2 &- k2
                Self.followReverseSnake(t1, n1, t2, n2, &x2, &y2)
                v2[k2] = Int32(truncatingIfNeeded: x2)
                if x2 > n1 {
                    k2end &+= 2  // Ran off the left of the graph.
                } else if y2 > n2 {
                    k2start &+= 2  // Ran off the top of the graph.
                } else if !front {
                    let k1 = delta &- k2
                    if k1 >= -vOffset && k1 < vOffset && v1[k1] != -1 {
                        let x1 = Int(v1[k1])
                        let y1 = x1 &- k1
                        // Mirror x2 onto the top-left coordinate system.
                        if x1 >= n1 &- x2 {
                            return bisectSplit(a, b, x1, y1, deadline: deadline, to: &diffs)
                        }
                    }
                }
                k2 &+= 2
            }
            d &+= 1
        }
        // The deadline passed, or nothing is in common.
        diffs.append(UnitDiff(.delete, a))
        diffs.append(UnitDiff(.insert, b))
    }

    /// Advances (x, y) while `t1[x] == t2[y]`, two units per step where both texts allow.
    @inline(__always)
    private static func followSnake(
        _ t1: UnsafePointer<UInt32>, _ n1: Int, _ t2: UnsafePointer<UInt32>, _ n2: Int, _ x: inout Int, _ y: inout Int
    ) {
        #if _endian(little)
        while x &+ 2 <= n1 && y &+ 2 <= n2 {
            let diff = UnsafeRawPointer(t1 + x).loadUnaligned(as: UInt64.self)
                ^ UnsafeRawPointer(t2 + y).loadUnaligned(as: UInt64.self)
            if diff != 0 {
                let equal = diff.trailingZeroBitCount >> 5
                x &+= equal
                y &+= equal
                return
            }
            x &+= 2
            y &+= 2
        }
        #endif
        while x < n1 && y < n2 && t1[x] == t2[y] {
            x &+= 1
            y &+= 1
        }
    }

    /// Advances (x, y) while `t1[n1 - x - 1] == t2[n2 - y - 1]` (the reverse path counts from the ends).
    @inline(__always)
    private static func followReverseSnake(
        _ t1: UnsafePointer<UInt32>, _ n1: Int, _ t2: UnsafePointer<UInt32>, _ n2: Int, _ x: inout Int, _ y: inout Int
    ) {
        #if _endian(little)
        while x &+ 2 <= n1 && y &+ 2 <= n2 {
            let diff = UnsafeRawPointer(t1 + (n1 &- x &- 2)).loadUnaligned(as: UInt64.self)
                ^ UnsafeRawPointer(t2 + (n2 &- y &- 2)).loadUnaligned(as: UInt64.self)
            if diff != 0 {
                let equal = diff.leadingZeroBitCount >> 5
                x &+= equal
                y &+= equal
                return
            }
            x &+= 2
            y &+= 2
        }
        #endif
        while x < n1 && y < n2 && t1[n1 &- x &- 1] == t2[n2 &- y &- 1] {
            x &+= 1
            y &+= 1
        }
    }

    /// Diffs the two halves around the middle snake at (x, y) and concatenates them (`diff_bisectSplit`).
    private func bisectSplit(
        _ a: UnitBuffer, _ b: UnitBuffer, _ x: Int, _ y: Int, deadline: Deadline, to diffs: inout [UnitDiff]
    ) {
        appendMainDiff(a.slice(0..<x), b.slice(0..<y), checkLines: false, deadline: deadline, to: &diffs)
        appendMainDiff(a.dropFirst(count: x), b.dropFirst(count: y), checkLines: false, deadline: deadline, to: &diffs)
    }
}
