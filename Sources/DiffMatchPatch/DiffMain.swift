/// The core of `diff_main` over unit buffers: strip the common prefix and suffix, diff the middle, merge.
extension DiffMatchPatch {
    /// The diff of two unit buffers (`diff_main` with an explicit deadline).
    ///
    /// Law: the `.equal`/`.delete` runs concatenate to `a`, the `.equal`/`.insert` runs to `b`.
    func mainDiff(_ a: UnitBuffer, _ b: UnitBuffer, checkLines: Bool, deadline: Deadline) -> [UnitDiff] {
        if UnitOps.equal(a, b) {
            return a.isEmpty ? [] : [UnitDiff(.equal, a)]
        }
        let prefix = UnitOps.commonPrefix(a, b)
        let a1 = a.dropFirst(count: prefix)
        let b1 = b.dropFirst(count: prefix)
        let suffix = UnitOps.commonSuffix(a1, b1)
        let middle = computeDiff(
            a1.slice(0..<(a1.count - suffix)), b1.slice(0..<(b1.count - suffix)),
            checkLines: checkLines, deadline: deadline)
        var diffs: [UnitDiff] = []
        diffs.reserveCapacity(middle.count + 2)
        if prefix > 0 { diffs.append(UnitDiff(.equal, a.slice(0..<prefix))) }
        diffs.append(contentsOf: middle)
        if suffix > 0 { diffs.append(UnitDiff(.equal, a1.dropFirst(count: a1.count - suffix))) }
        Self.cleanupMerge(&diffs)
        return diffs
    }

    /// The diff of two texts that share no common prefix or suffix (`diff_compute`).
    func computeDiff(_ a: UnitBuffer, _ b: UnitBuffer, checkLines: Bool, deadline: Deadline) -> [UnitDiff] {
        if a.isEmpty { return [UnitDiff(.insert, b)] }
        if b.isEmpty { return [UnitDiff(.delete, a)] }
        let aIsLonger = a.count > b.count
        let long = aIsLonger ? a : b
        let short = aIsLonger ? b : a
        let index = UnitSearch.firstIndex(of: short, in: long)
        if index != -1 {
            // The shorter text is inside the longer one.
            let operation: DiffOperation = aIsLonger ? .delete : .insert
            return [
                UnitDiff(operation, long.slice(0..<index)),
                UnitDiff(.equal, short),
                UnitDiff(operation, long.dropFirst(count: index + short.count)),
            ]
        }
        if short.count == 1 {
            // After the containment check, a single scalar cannot be an equality.
            return [UnitDiff(.delete, a), UnitDiff(.insert, b)]
        }
        if let split = halfMatch(a, b) {
            var diffs = mainDiff(split.text1A, split.text2A, checkLines: checkLines, deadline: deadline)
            diffs.append(UnitDiff(.equal, split.common))
            diffs.append(contentsOf: mainDiff(split.text1B, split.text2B, checkLines: checkLines, deadline: deadline))
            return diffs
        }
        if checkLines && a.count > 100 && b.count > 100 {
            return lineModeDiff(a, b, deadline: deadline)
        }
        return bisect(a, b, deadline: deadline)
    }
}
