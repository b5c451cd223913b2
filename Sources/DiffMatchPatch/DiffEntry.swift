/// The public entry points of `diff_main`.
extension DiffMatchPatch {
    /// The differences between two texts (`diff_main`).
    ///
    /// Law: `sourceText(of: d) == text1` and `targetText(of: d) == text2` (scalar for scalar). The diff is minimal
    /// unless `diffTimeout` runs out (then it is valid but coarser) or `checkLines` lets line mode speed up texts
    /// over 100 scalars (then it can be slightly non-minimal). Runs count Unicode scalars. As in the reference, line
    /// mode can leave an empty deletion or insertion between two equalities (it describes nothing and may be dropped).
    ///
    /// The common prefix and suffix are found by comparing UTF-8 bytes directly, so a long text with a small change
    /// costs little more than the change.
    public func diff(_ text1: String, _ text2: String, checkLines: Bool = true) -> [Diff] {
        diff(text1, text2, checkLines: checkLines, deadline: startDeadline())
    }

    /// The differences between two texts, stopping refinement at `deadline` (`diff_main` with its deadline
    /// argument): seconds on `clock`, `.infinity` for no limit.
    public func diff(_ text1: String, _ text2: String, checkLines: Bool = true, deadline: Double) -> [Diff] {
        diff(text1, text2, checkLines: checkLines, deadline: Deadline(seconds: deadline, clock: clock))
    }

    /// The differences between two scalar arrays (`diff_main`), for callers that already hold scalars.
    public func diff(_ text1: [Unicode.Scalar], _ text2: [Unicode.Scalar], checkLines: Bool = true) -> [Diff] {
        let deadline = startDeadline()
        return text1.withUnsafeBufferPointer { a in
            text2.withUnsafeBufferPointer { b in
                a.withMemoryRebound(to: UInt32.self) { a in
                    b.withMemoryRebound(to: UInt32.self) { b in
                        mainDiff(a, b, checkLines: checkLines, deadline: deadline).publicDiffs()
                    }
                }
            }
        }
    }

    private func diff(_ text1: String, _ text2: String, checkLines: Bool, deadline: Deadline) -> [Diff] {
        var first = text1
        var second = text2
        return first.withUTF8 { a in
            second.withUTF8 { b in
                if UnitOps.bytesEqual(a, b) { return a.isEmpty ? [] : [Diff(.equal, text1)] }
                return diffUTF8(a, b, checkLines: checkLines, deadline: deadline)
            }
        }
    }

    /// `diff_main` on UTF-8 bytes.
    ///
    /// The common prefix and suffix are found on bytes and backed off to scalar boundaries; only the middle is
    /// decoded to scalars and diffed. The final `cleanupMerge` then needs just the last `k` scalars of the prefix
    /// and the first `k` of the suffix, where `k` exceeds the length of the middle: an edit can only slide over an
    /// equality it is at least as long as, and no edit grows beyond the middle. The untouched rest of the prefix and
    /// suffix is copied into the result as bytes.
    private func diffUTF8(
        _ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, checkLines: Bool, deadline: Deadline
    ) -> [Diff] {
        var prefix = UnitOps.commonBytePrefix(a, b)
        while prefix > 0 && prefix < a.count && UnitOps.isContinuation(a[prefix]) { prefix -= 1 }
        let aRest = UnsafeBufferPointer(rebasing: a[prefix...])
        let bRest = UnsafeBufferPointer(rebasing: b[prefix...])
        var suffix = UnitOps.commonByteSuffix(aRest, bRest)
        while suffix > 0 && UnitOps.isContinuation(a[a.count - suffix]) { suffix -= 1 }
        let middle1 = UTF8Transcoding.decode(UnsafeBufferPointer(rebasing: a[prefix..<(a.count - suffix)]))
        let middle2 = UTF8Transcoding.decode(UnsafeBufferPointer(rebasing: b[prefix..<(b.count - suffix)]))
        let middle = middle1.withUnsafeBufferPointer { m1 in
            middle2.withUnsafeBufferPointer { m2 in
                computeDiff(m1, m2, checkLines: checkLines, deadline: deadline)
            }
        }
        // Decode only the part of the prefix and suffix that cleanupMerge can touch.
        let window = middle1.count + middle2.count + 1
        var headStart = prefix
        var scalars = 0
        while headStart > 0 && scalars < window {
            headStart -= 1
            if !UnitOps.isContinuation(a[headStart]) { scalars += 1 }
        }
        let suffixStart = a.count - suffix
        var tailEnd = suffixStart
        scalars = 0
        while tailEnd < a.count && scalars < window {
            tailEnd += 1
            while tailEnd < a.count && UnitOps.isContinuation(a[tailEnd]) { tailEnd += 1 }
            scalars += 1
        }
        var diffs: [UnitDiff] = []
        diffs.reserveCapacity(middle.count + 2)
        if prefix > 0 {
            diffs.append(UnitDiff(.equal, UTF8Transcoding.decode(UnsafeBufferPointer(rebasing: a[headStart..<prefix]))))
        }
        diffs.append(contentsOf: middle)
        if suffix > 0 {
            diffs.append(UnitDiff(.equal, UTF8Transcoding.decode(UnsafeBufferPointer(rebasing: a[suffixStart..<tailEnd]))))
        }
        Self.cleanupMerge(&diffs)
        // Convert, re-attaching the undecoded bytes of the prefix and the suffix.
        let hiddenHead = UnsafeBufferPointer(rebasing: a[0..<headStart])
        let hiddenTail = UnsafeBufferPointer(rebasing: a[tailEnd...])
        var result: [Diff] = []
        result.reserveCapacity(diffs.count + 2)
        if !hiddenHead.isEmpty && diffs.first?.operation != .equal {
            result.append(Diff(.equal, UTF8Transcoding.string(UnitBuffer(start: nil, count: 0), head: hiddenHead)))
        }
        for (index, diff) in diffs.enumerated() {
            let isEqual = diff.operation == .equal
            let head = index == 0 && isEqual ? hiddenHead : UnsafeBufferPointer(start: nil, count: 0)
            let tail = index == diffs.count - 1 && isEqual ? hiddenTail : UnsafeBufferPointer(start: nil, count: 0)
            let text = diff.units.withUnsafeBufferPointer { UTF8Transcoding.string($0, head: head, tail: tail) }
            result.append(Diff(diff.operation, text))
        }
        if !hiddenTail.isEmpty && diffs.last?.operation != .equal {
            result.append(Diff(.equal, UTF8Transcoding.string(UnitBuffer(start: nil, count: 0), head: hiddenTail)))
        }
        return result
    }
}
