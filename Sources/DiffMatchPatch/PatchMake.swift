/// Making patches (`patch_make`) and growing their context (`patch_addContext`).
extension DiffMatchPatch {
    /// The patches that turn `text1` into `text2` (`patch_make(text1, text2)`).
    ///
    /// The diff is computed with line mode, then cleaned up semantically and for efficiency when it has more than
    /// two runs. Each hunk gets `patchMargin` scalars of context, more if needed to make it unique (up to
    /// `matchMaxBits`).
    public func patches(from text1: String, to text2: String) -> [Patch] {
        let a = UTF8Transcoding.units(text1)
        let b = UTF8Transcoding.units(text2)
        return a.withUnsafeBufferPointer { source in
            var diffs = b.withUnsafeBufferPointer { target in
                mainDiff(source, target, checkLines: true, deadline: startDeadline())
            }
            if diffs.count > 2 {
                Self.cleanupSemantic(&diffs)
                cleanupEfficiency(&diffs)
            }
            return makePatches(source, diffs).map(\.publicPatch)
        }
    }

    /// The patches for a diff; the source text is read from the diff (`patch_make(diffs)`).
    public func patches(from diffs: [Diff]) -> [Patch] {
        patches(from: Self.sourceText(of: diffs), diffs: diffs)
    }

    /// The patches for a diff of `text1` (`patch_make(text1, diffs)`, the preferred form).
    ///
    /// `diffs` must describe `text1` (its equalities and deletions must spell `text1`); otherwise the context of the
    /// hunks is unspecified (but nothing traps).
    public func patches(from text1: String, diffs: [Diff]) -> [Patch] {
        let source = UTF8Transcoding.units(text1)
        return source.withUnsafeBufferPointer { makePatches($0, diffs.unitDiffs()).map(\.publicPatch) }
    }

    /// The patches for a diff of `text1`; `text2` is not used (`patch_make(text1, text2, diffs)`, deprecated in the
    /// reference in favour of `patches(from:diffs:)`).
    public func patches(from text1: String, to text2: String, diffs: [Diff]) -> [Patch] {
        patches(from: text1, diffs: diffs)
    }

    /// Grows the context of `patch` until its pattern is unique in `text`, without letting the pattern exceed
    /// `matchMaxBits`, then adds `patchMargin` more on each side (`patch_addContext`).
    ///
    /// `text` is the text the patch applies to; `patch.start2` locates the patch in it.
    public func addContext(to patch: inout Patch, from text: String) {
        var unitPatch = UnitPatch(patch)
        let units = UTF8Transcoding.units(text)
        units.withUnsafeBufferPointer { text in
            UnitSearch.shadow(of: text).withUnsafeBufferPointer { shadow in
                let empty = UnitBuffer(start: nil, count: 0)
                let spliced = SplicedText(text, empty, headShadow: shadow, tailShadow: UnsafeBufferPointer(start: nil, count: 0))
                addContext(to: &unitPatch, from: spliced)
            }
        }
        patch = unitPatch.publicPatch
    }

    /// The smallest multiple of `step` (> 0) that is at least `value`, saturating.
    private static func roundUp(_ value: Int, to step: Int) -> Int {
        let quotient = value / step + (value % step > 0 ? 1 : 0)
        let (product, overflow) = quotient.multipliedReportingOverflow(by: step)
        return overflow ? Int.max : product
    }

    /// `patch_make` over units: cut the diff into hunks wherever an equality is at least twice `patchMargin`.
    func makePatches(_ text1: UnitBuffer, _ diffs: [UnitDiff]) -> [UnitPatch] {
        if diffs.isEmpty { return [] }
        var patches: [UnitPatch] = []
        var patch = UnitPatch()
        var count1 = 0  // Scalars into the (rolling) source text.
        var count2 = 0  // Scalars into the destination text.
        // The text with all diffs so far applied is target[0..<count2] + text1[source1...]; the text the current
        // hunk applies to ("prepatch") is target[0..<prepatchHead] + text1[prepatchTail...].
        var target: [UInt32] = []
        target.reserveCapacity(text1.count)
        var source1 = 0
        var prepatchHead = 0
        var prepatchTail = 0
        // Low-byte shadows of text1 and of the target, for the uniqueness scans of addContext.
        let shadow1 = UnitSearch.shadow(of: text1)
        var targetShadow: [UInt8] = []
        targetShadow.reserveCapacity(text1.count)
        func closePatch() {
            target.withUnsafeBufferPointer { t in
                targetShadow.withUnsafeBufferPointer { ts in
                    shadow1.withUnsafeBufferPointer { s1 in
                        let tail = min(prepatchTail, text1.count)
                        let prepatch = SplicedText(
                            t.slice(0..<prepatchHead), text1.dropFirst(count: tail),
                            headShadow: UnsafeBufferPointer(rebasing: ts[0..<prepatchHead]),
                            tailShadow: UnsafeBufferPointer(rebasing: s1[tail...]))
                        addContext(to: &patch, from: prepatch)
                    }
                }
            }
            patches.append(patch)
            patch = UnitPatch()
        }
        func appendTarget(_ units: [UInt32]) {
            target.append(contentsOf: units)
            targetShadow.append(contentsOf: units.lazy.map { UInt8(truncatingIfNeeded: $0) })
        }
        for (index, diff) in diffs.enumerated() {
            let length = diff.units.count
            if patch.diffs.isEmpty && diff.operation != .equal {
                // A new hunk starts here.
                patch.start1 = count1
                patch.start2 = count2
            }
            switch diff.operation {
            case .insert:
                patch.diffs.append(diff)
                patch.length2 += length
                appendTarget(diff.units)
            case .delete:
                patch.length1 += length
                patch.diffs.append(diff)
                source1 += length
            case .equal:
                if length <= 2 * margin && !patch.diffs.isEmpty && index != diffs.count - 1 {
                    // A small equality inside a hunk.
                    patch.diffs.append(diff)
                    patch.length1 += length
                    patch.length2 += length
                }
                if length >= 2 * margin && !patch.diffs.isEmpty {
                    // Time for a new hunk; the next one applies to the text with this one applied.
                    closePatch()
                    prepatchHead = count2
                    prepatchTail = source1
                    count1 = count2
                }
                appendTarget(diff.units)
                source1 += length
            }
            if diff.operation != .insert { count1 += length }
            if diff.operation != .delete { count2 += length }
        }
        if !patch.diffs.isEmpty { closePatch() }
        return patches
    }

    /// `patch_addContext` over a (possibly spliced) text.
    func addContext(to patch: inout UnitPatch, from text: SplicedText) {
        if text.count == 0 { return }
        let margin = self.margin
        let maxBits = self.maxBits
        let start = patch.start2
        let end = patch.start2.plus(patch.length1)
        var pattern = text.slice(start, end)
        var padding = 0
        // Look for the first and last matches of the pattern; while they differ, grow the pattern. (With a zero
        // margin the reference would loop forever here.)
        while margin > 0
            && (maxBits == 0 || pattern.count < maxBits - margin - margin)
            && pattern.withUnsafeBufferPointer({ text.occursMoreThanOnce($0) })
        {
            padding = padding.plus(margin)
            // While the window lies wholly outside the text the pattern stays empty and the loop goes on unchanged
            // (a caller's patch may start far beyond the text): skip to the first padding that can reach it.
            if start.minus(padding) >= text.count {
                padding = Self.roundUp(start.minus(text.count).plus(1), to: margin)
            }
            if end.plus(padding) <= 0 {
                padding = Self.roundUp(1.minus(end), to: margin)
            }
            // Coordinates beyond the integer range: the padding cannot grow any further.
            if padding == .max { break }
            pattern = text.slice(max(0, start.minus(padding)), end.plus(padding))
        }
        // Add one chunk for good luck.
        padding = padding.plus(margin)
        let prefix = text.slice(max(0, start.minus(padding)), start)
        if !prefix.isEmpty { patch.diffs.insert(UnitDiff(.equal, prefix), at: 0) }
        let suffix = text.slice(end, end.plus(padding))
        if !suffix.isEmpty { patch.diffs.append(UnitDiff(.equal, suffix)) }
        // Roll back the start points and extend the lengths.
        patch.start1 = patch.start1.minus(prefix.count)
        patch.start2 = patch.start2.minus(prefix.count)
        patch.length1 = patch.length1.plus(prefix.count + suffix.count)
        patch.length2 = patch.length2.plus(prefix.count + suffix.count)
    }
}
