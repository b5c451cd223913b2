/// The core of `diff_main` over unit buffers: strip the common prefix and suffix, diff the middle, merge.
///
/// The recursion (half-match and bisection split the problem and diff the parts with `diff_main`) appends into one
/// output array; each level normalises only the runs it appended, exactly as the reference normalises each part's
/// own list before concatenating.
extension DiffMatchPatch {
    /// The diff of two unit buffers (`diff_main` with an explicit deadline).
    ///
    /// Law: the `.equal`/`.delete` runs concatenate to `a`, the `.equal`/`.insert` runs to `b`.
    func mainDiff(_ a: UnitBuffer, _ b: UnitBuffer, checkLines: Bool, deadline: Deadline) -> [UnitDiff] {
        var diffs: [UnitDiff] = []
        appendMainDiff(a, b, checkLines: checkLines, deadline: deadline, to: &diffs)
        return diffs
    }

    /// Appends `diff_main(a, b)` to `diffs`; only the appended runs are normalised.
    func appendMainDiff(
        _ a: UnitBuffer, _ b: UnitBuffer, checkLines: Bool, deadline: Deadline, to diffs: inout [UnitDiff]
    ) {
        if UnitOps.equal(a, b) {
            if !a.isEmpty { diffs.append(UnitDiff(.equal, a)) }
            return
        }
        let start = diffs.count
        let prefix = UnitOps.commonPrefix(a, b)
        let a1 = a.dropFirst(count: prefix)
        let b1 = b.dropFirst(count: prefix)
        let suffix = UnitOps.commonSuffix(a1, b1)
        if prefix > 0 { diffs.append(UnitDiff(.equal, a.slice(0..<prefix))) }
        appendComputedDiff(
            a1.slice(0..<(a1.count - suffix)), b1.slice(0..<(b1.count - suffix)),
            checkLines: checkLines, deadline: deadline, to: &diffs)
        if suffix > 0 { diffs.append(UnitDiff(.equal, a1.dropFirst(count: a1.count - suffix))) }
        Self.cleanupMerge(&diffs, from: start)
    }

    /// The diff of two texts that share no common prefix or suffix (`diff_compute`).
    func computeDiff(_ a: UnitBuffer, _ b: UnitBuffer, checkLines: Bool, deadline: Deadline) -> [UnitDiff] {
        var diffs: [UnitDiff] = []
        appendComputedDiff(a, b, checkLines: checkLines, deadline: deadline, to: &diffs)
        return diffs
    }

    /// Appends `diff_compute(a, b)` to `diffs`.
    func appendComputedDiff(
        _ a: UnitBuffer, _ b: UnitBuffer, checkLines: Bool, deadline: Deadline, to diffs: inout [UnitDiff]
    ) {
        if a.isEmpty {
            diffs.append(UnitDiff(.insert, b))
            return
        }
        if b.isEmpty {
            diffs.append(UnitDiff(.delete, a))
            return
        }
        let aIsLonger = a.count > b.count
        let long = aIsLonger ? a : b
        let short = aIsLonger ? b : a
        let index = UnitSearch.firstIndex(of: short, in: long)
        if index != -1 {
            // The shorter text is inside the longer one.
            let operation: DiffOperation = aIsLonger ? .delete : .insert
            diffs.append(UnitDiff(operation, long.slice(0..<index)))
            diffs.append(UnitDiff(.equal, short))
            diffs.append(UnitDiff(operation, long.dropFirst(count: index + short.count)))
            return
        }
        if short.count == 1 {
            // After the containment check, a single scalar cannot be an equality.
            diffs.append(UnitDiff(.delete, a))
            diffs.append(UnitDiff(.insert, b))
            return
        }
        if let split = halfMatch(a, b) {
            appendMainDiff(split.text1A, split.text2A, checkLines: checkLines, deadline: deadline, to: &diffs)
            diffs.append(UnitDiff(.equal, split.common))
            appendMainDiff(split.text1B, split.text2B, checkLines: checkLines, deadline: deadline, to: &diffs)
            return
        }
        if checkLines && a.count > 100 && b.count > 100 {
            diffs.append(contentsOf: lineModeDiff(a, b, deadline: deadline))
            return
        }
        appendBisect(a, b, deadline: deadline, to: &diffs)
    }
}
