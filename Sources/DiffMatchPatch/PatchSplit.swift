/// Preparing patches for application: edge padding (`patch_addPadding`) and splitting (`patch_splitMax`).
extension DiffMatchPatch {
    /// Pads the first and last hunks with `patchMargin` scalars of padding context so that edits at the edges of
    /// the text can be matched, shifting every hunk accordingly (`patch_addPadding`). Returns the padding, the
    /// scalars U+0001, U+0002, … (which the text must be wrapped in before applying).
    ///
    /// Intended for `apply(_:to:)`, which does this on a copy.
    @discardableResult
    public func addPadding(to patches: inout [Patch]) -> String {
        var units = patches.map(UnitPatch.init)
        let padding = addPadding(to: &units)
        patches = units.map(\.publicPatch)
        return UTF8Transcoding.string(padding)
    }

    /// Splits every hunk whose source text is longer than `matchMaxBits` into hunks that the matcher can locate,
    /// each with `patchMargin` scalars of context (`patch_splitMax`). Nothing happens when `matchMaxBits` is 0.
    ///
    /// As in the Python reference, only as many hunks are examined as the list held at the start (hunks pushed
    /// past that count by earlier splits stay as they are). Intended for `apply(_:to:)`, which does this on a copy.
    public func splitOversizedPatches(_ patches: inout [Patch]) {
        var units = patches.map(UnitPatch.init)
        splitOversizedPatches(&units)
        patches = units.map(\.publicPatch)
    }

    /// `patch_addPadding` over unit patches.
    func addPadding(to patches: inout [UnitPatch]) -> [UInt32] {
        let paddingLength = margin
        let padding = (0..<paddingLength).map { UInt32($0 + 1) }
        // Bump all the patches forward.
        for index in patches.indices {
            patches[index].start1 = patches[index].start1.plus(paddingLength)
            patches[index].start2 = patches[index].start2.plus(paddingLength)
        }
        guard !patches.isEmpty else { return padding }
        // Add some padding on the start of the first hunk.
        var first = patches[0]
        if first.diffs.first?.operation != .equal {
            first.diffs.insert(UnitDiff(.equal, padding), at: 0)
            first.start1 = first.start1.minus(paddingLength)  // Should be 0.
            first.start2 = first.start2.minus(paddingLength)  // Should be 0.
            first.length1 = first.length1.plus(paddingLength)
            first.length2 = first.length2.plus(paddingLength)
        } else if paddingLength > first.diffs[0].units.count {
            // Grow the first equality.
            let extraLength = paddingLength - first.diffs[0].units.count
            first.diffs[0].units.insert(contentsOf: padding[first.diffs[0].units.count...], at: 0)
            first.start1 = first.start1.minus(extraLength)
            first.start2 = first.start2.minus(extraLength)
            first.length1 = first.length1.plus(extraLength)
            first.length2 = first.length2.plus(extraLength)
        }
        patches[0] = first
        // Add some padding on the end of the last hunk.
        var last = patches[patches.count - 1]
        if last.diffs.last?.operation != .equal {
            last.diffs.append(UnitDiff(.equal, padding))
            last.length1 = last.length1.plus(paddingLength)
            last.length2 = last.length2.plus(paddingLength)
        } else if paddingLength > last.diffs[last.diffs.count - 1].units.count {
            // Grow the last equality.
            let extraLength = paddingLength - last.diffs[last.diffs.count - 1].units.count
            last.diffs[last.diffs.count - 1].units.append(contentsOf: padding[0..<extraLength])
            last.length1 = last.length1.plus(extraLength)
            last.length2 = last.length2.plus(extraLength)
        }
        patches[patches.count - 1] = last
        return padding
    }

    /// `patch_splitMax` over unit patches.
    func splitOversizedPatches(_ patches: inout [UnitPatch]) {
        let patchSize = maxBits
        if patchSize == 0 { return }
        let margin = self.margin
        let originalCount = patches.count
        for x in 0..<originalCount {
            guard x < patches.count else { break }
            if patches[x].length1 <= patchSize { continue }
            var bigPatch = patches.remove(at: x)
            var insertAt = x
            var start1 = bigPatch.start1
            var start2 = bigPatch.start2
            var precontext: [UInt32] = []
            var bigDiffs = bigPatch.diffs[...]
            bigPatch.diffs = []
            while !bigDiffs.isEmpty {
                // Create one of several smaller patches.
                var patch = UnitPatch()
                var empty = true
                patch.start1 = start1.minus(precontext.count)
                patch.start2 = start2.minus(precontext.count)
                if !precontext.isEmpty {
                    patch.length1 = precontext.count
                    patch.length2 = precontext.count
                    patch.diffs.append(UnitDiff(.equal, precontext))
                }
                var consumed = false
                while !bigDiffs.isEmpty && patch.length1 < patchSize - margin {
                    let operation = bigDiffs.first!.operation
                    let units = bigDiffs.first!.units
                    if operation == .insert {
                        // Insertions are harmless.
                        patch.length2 += units.count
                        start2 = start2.plus(units.count)
                        patch.diffs.append(bigDiffs.removeFirst())
                        empty = false
                        consumed = true
                    } else if operation == .delete && patch.diffs.count == 1 && patch.diffs[0].operation == .equal
                        && units.count > 2 * patchSize
                    {
                        // A large deletion: let it pass in one chunk.
                        patch.length1 += units.count
                        start1 = start1.plus(units.count)
                        empty = false
                        patch.diffs.append(bigDiffs.removeFirst())
                        consumed = true
                    } else {
                        // A deletion or an equality: only take as much as fits.
                        let piece = Array(units.prefix(max(patchSize - patch.length1 - margin, 0)))
                        patch.length1 += piece.count
                        start1 = start1.plus(piece.count)
                        if operation == .equal {
                            patch.length2 += piece.count
                            start2 = start2.plus(piece.count)
                        } else {
                            empty = false
                        }
                        patch.diffs.append(UnitDiff(operation, piece))
                        if piece.count == units.count {
                            bigDiffs.removeFirst()
                        } else {
                            bigDiffs[bigDiffs.startIndex].units = Array(units[piece.count...])
                        }
                        consumed = consumed || !piece.isEmpty || units.isEmpty
                    }
                }
                if !consumed {
                    // The context alone fills the hunk (a margin too large for matchMaxBits); the reference would
                    // loop forever here. Keep the rest of the big hunk in this one instead.
                    for diff in bigDiffs {
                        if diff.operation != .insert { patch.length1 += diff.units.count }
                        if diff.operation != .delete { patch.length2 += diff.units.count }
                        if diff.operation != .equal { empty = false }
                        patch.diffs.append(diff)
                    }
                    bigDiffs = []
                }
                // Compute the head context for the next patch.
                let target = patch.targetUnits
                precontext = Array(target.suffix(margin))
                // Append the end context for this patch.
                var postcontext: [UInt32] = []
                for diff in bigDiffs where diff.operation != .insert {
                    postcontext.append(contentsOf: diff.units.prefix(margin - postcontext.count))
                    if postcontext.count >= margin { break }
                }
                if !postcontext.isEmpty {
                    patch.length1 += postcontext.count
                    patch.length2 += postcontext.count
                    if let last = patch.diffs.indices.last, patch.diffs[last].operation == .equal {
                        patch.diffs[last].units.append(contentsOf: postcontext)
                    } else {
                        patch.diffs.append(UnitDiff(.equal, postcontext))
                    }
                }
                if !empty {
                    patches.insert(patch, at: insertAt)
                    insertAt += 1
                }
            }
        }
    }
}
