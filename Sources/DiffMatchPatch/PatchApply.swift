/// Applying patches best-effort (`patch_apply`).
extension DiffMatchPatch {
    /// Applies the patches to `text` as well as possible (`patch_apply`).
    ///
    /// Each hunk is located near its expected place (shifted by how far the previous hunk landed from its own) with
    /// the fuzzy matcher, then applied; a hunk whose context cannot be found is skipped. Returns the new text and,
    /// per hunk, whether it was applied. The patches themselves are not changed (they are values).
    ///
    /// Hunks longer than `matchMaxBits` are split first (`splitOversizedPatches(_:)`), so `applied` can have more
    /// entries than `patches`.
    ///
    /// Results equal the Python reference's, except with `patchMargin` 0, where the reference's `text[0:-0]`
    /// returns an empty text; here the patched text is returned.
    public func apply(_ patches: [Patch], to text: String) -> (text: String, applied: [Bool]) {
        if patches.isEmpty { return (text, []) }
        var hunks = patches.map(UnitPatch.init)
        let padding = addPadding(to: &hunks)
        var buffer = PatchTextBuffer(text, padding: padding)
        splitOversizedPatches(&hunks)
        var results: [Bool] = []
        results.reserveCapacity(hunks.count)
        // How far the previous hunk landed from where it was expected.
        var delta = 0
        for hunk in hunks {
            let applied = apply(hunk, to: &buffer, delta: &delta)
            results.append(applied)
        }
        return (buffer.string(droppingEdges: padding.count), results)
    }

    /// Applies one hunk; updates `delta` as the reference does. Returns whether the hunk was applied.
    private func apply(_ hunk: UnitPatch, to buffer: inout PatchTextBuffer, delta: inout Int) -> Bool {
        let expected = hunk.start2.plus(delta)
        let text1 = hunk.sourceUnits
        let maxBits = self.maxBits
        var startLocation: Int
        var endLocation = -1
        if text1.count > maxBits {
            // Only splitOversizedPatches' monster deletions get here: match both ends.
            let head = Array(text1.prefix(maxBits))
            startLocation = buffer.match(head, near: expected, using: self)
            if startLocation != -1 {
                // Python's text1[-0:] is the whole text.
                let tail = maxBits > 0 ? Array(text1.suffix(maxBits)) : text1
                endLocation = buffer.match(tail, near: expected.plus(text1.count - maxBits), using: self)
                if endLocation == -1 || startLocation >= endLocation {
                    // Can't find valid trailing context: drop this hunk.
                    startLocation = -1
                }
            }
        } else {
            startLocation = buffer.match(text1, near: expected, using: self)
        }
        if startLocation == -1 {
            // No match found: subtract this hunk's delta from the following ones.
            delta = delta.minus(hunk.length2.minus(hunk.length1))
            return false
        }
        delta = startLocation.minus(expected)
        let text2 = endLocation == -1
            ? buffer.slice(startLocation, startLocation + text1.count)
            : buffer.slice(startLocation, endLocation + maxBits)
        if text1 == text2 {
            // A perfect match: shove the replacement text in.
            buffer.replace(startLocation, startLocation + text1.count, with: hunk.targetUnits)
            return true
        }
        // An imperfect match: diff to get a framework of equivalent indices.
        var diffs = text1.withUnsafeBufferPointer { a in
            text2.withUnsafeBufferPointer { b in mainDiff(a, b, checkLines: false, deadline: startDeadline()) }
        }
        let runs = { (diffs: [UnitDiff]) in diffs.lazy.map { ($0.operation, $0.units.count) } }
        if text1.count > maxBits
            && Double(Self.levenshtein(runs(diffs))) / Double(text1.count) > patchDeleteThreshold
        {
            // The end points match, but the content is unacceptably bad.
            return false
        }
        Self.cleanupSemanticLossless(&diffs)
        var index1 = 0
        for diff in hunk.diffs {
            let length = diff.units.count
            switch diff.operation {
            case .insert:
                let index2 = Self.targetIndex(of: index1, in: runs(diffs))
                buffer.replace(startLocation + index2, startLocation + index2, with: diff.units)
                index1 += length
            case .delete:
                let index2 = Self.targetIndex(of: index1, in: runs(diffs))
                let end2 = Self.targetIndex(of: index1 + length, in: runs(diffs))
                buffer.replace(startLocation + index2, startLocation + end2, with: [])
            case .equal:
                index1 += length
            }
        }
        return true
    }
}

