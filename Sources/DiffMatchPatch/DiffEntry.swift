/// The public entry points of `diff_main`.
extension DiffMatchPatch {
    /// The differences between two texts (`diff_main`).
    ///
    /// Law: `sourceText(of: d) == text1` and `targetText(of: d) == text2` (scalar for scalar). The diff is minimal
    /// unless `diffTimeout` runs out (then it is valid but coarser) or `checkLines` lets line mode speed up texts
    /// over 100 scalars (then it can be slightly non-minimal). Runs count Unicode scalars. As in the reference, line
    /// mode can leave an empty deletion or insertion between two equalities (it describes nothing and may be dropped).
    ///
    /// The common prefix and suffix are found by comparing UTF-8 bytes directly, and the result's texts are copied
    /// from the inputs, so a long text with a small change costs little more than the change.
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
        let result = first.withUTF8 { a in
            second.withUTF8 { b -> UTF8Diff? in
                UnitOps.bytesEqual(a, b) ? nil : diffUTF8(a, b, checkLines: checkLines, deadline: deadline)
            }
        }
        guard let result else { return text1.isEmpty ? [] : [Diff(.equal, text1)] }
        return result.diffs(of: text1, text2)
    }

    /// `diff_main` on UTF-8 bytes.
    ///
    /// The common prefix and suffix are found on bytes and backed off to scalar boundaries; only the middle is
    /// decoded to scalars and diffed. The final `cleanupMerge` then needs just the last `k` scalars of the prefix
    /// and the first `k` of the suffix, where `k` exceeds the length of the middle: an edit can only slide over an
    /// equality it is at least as long as, and no edit grows beyond the middle. The rest of the prefix and suffix
    /// is never decoded.
    private func diffUTF8(
        _ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, checkLines: Bool, deadline: Deadline
    ) -> UTF8Diff {
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
        return UTF8Diff(runs: diffs, hiddenHead: headStart, hiddenTail: a.count - tailEnd)
    }
}

/// A diff of two UTF-8 texts whose common prefix and suffix were only partly decoded: `runs` describe the texts
/// without their first `hiddenHead` and last `hiddenTail` bytes, which are equal in both.
private struct UTF8Diff {
    var runs: [UnitDiff]
    var hiddenHead: Int
    var hiddenTail: Int

    /// The public diff, each text a slice of the inputs: equalities and deletions are consecutive pieces of
    /// `text1`, insertions of `text2`. Copying the inputs' bytes skips re-encoding and re-validating UTF-8.
    func diffs(of text1: String, _ text2: String) -> [Diff] {
        // (operation, byte length) per run, the hidden bytes joined to the first and last equality.
        var pieces = runs.map { run in
            (run.operation, run.units.withUnsafeBufferPointer { UTF8Transcoding.encodedLength($0) })
        }
        if hiddenHead > 0 {
            if pieces.first?.0 == .equal { pieces[0].1 += hiddenHead } else { pieces.insert((.equal, hiddenHead), at: 0) }
        }
        if hiddenTail > 0 {
            if pieces.last?.0 == .equal { pieces[pieces.count - 1].1 += hiddenTail } else { pieces.append((.equal, hiddenTail)) }
        }
        var cursor1 = text1.utf8.startIndex
        var cursor2 = text2.utf8.startIndex
        return pieces.map { operation, length in
            let source = operation == .insert ? text2 : text1
            let lower = operation == .insert ? cursor2 : cursor1
            let upper = source.utf8.index(lower, offsetBy: length)
            if operation != .insert { cursor1 = upper }
            if operation != .delete { cursor2 = text2.utf8.index(cursor2, offsetBy: length) }
            // Runs are whole scalars, so the scalar view's slice is exact (no rounding to characters).
            return Diff(operation, String(Substring(source.unicodeScalars[lower..<upper])))
        }
    }
}
