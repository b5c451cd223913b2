/// `diff_cleanupSemantic`: trade a minimal diff for a readable one.
extension DiffMatchPatch {
    /// Reduces the number of edits by eliminating semantically trivial equalities (`diff_cleanupSemantic`).
    ///
    /// An equality no longer than the edits on both sides of it is turned into a deletion plus an insertion; edits
    /// are then aligned to word and line boundaries (`cleanupSemanticLossless(_:)`), and overlaps between a deletion
    /// and the following insertion become equalities (`<del>abcxxx</del><ins>xxxdef</ins>` →
    /// `<del>abc</del>xxx<ins>def</ins>`). The result describes the same two texts.
    public static func cleanupSemantic(_ diffs: inout [Diff]) {
        var units = diffs.unitDiffs()
        cleanupSemantic(&units)
        diffs = units.publicDiffs()
    }

    /// `diff_cleanupSemantic` over units.
    static func cleanupSemantic(_ diffs: inout [UnitDiff]) {
        var changes = false
        var equalities: [Int] = []  // Stack of indices of equalities.
        var lastEqualityLength = 0  // Length of diffs[equalities.last]; 0 when none is current.
        var pointer = 0
        // Scalars changed before (1) and after (2) the last equality.
        var insertions1 = 0
        var deletions1 = 0
        var insertions2 = 0
        var deletions2 = 0
        while pointer < diffs.count {
            if diffs[pointer].operation == .equal {
                equalities.append(pointer)
                insertions1 = insertions2
                deletions1 = deletions2
                insertions2 = 0
                deletions2 = 0
                lastEqualityLength = diffs[pointer].units.count
            } else {
                if diffs[pointer].operation == .insert {
                    insertions2 += diffs[pointer].units.count
                } else {
                    deletions2 += diffs[pointer].units.count
                }
                // Eliminate an equality no longer than the edits on both sides of it.
                if lastEqualityLength > 0
                    && lastEqualityLength <= max(insertions1, deletions1)
                    && lastEqualityLength <= max(insertions2, deletions2)
                {
                    let index = equalities.removeLast()
                    diffs.insert(UnitDiff(.delete, diffs[index].units), at: index)
                    diffs[index + 1].operation = .insert
                    // Throw away the previous equality too (it needs to be reevaluated).
                    if !equalities.isEmpty { equalities.removeLast() }
                    pointer = equalities.last ?? -1
                    insertions1 = 0
                    deletions1 = 0
                    insertions2 = 0
                    deletions2 = 0
                    lastEqualityLength = 0
                    changes = true
                }
            }
            pointer += 1
        }
        if changes { cleanupMerge(&diffs) }
        cleanupSemanticLossless(&diffs)
        extractOverlaps(&diffs)
    }

    /// Turns the overlap of a deletion and the following insertion into an equality when the overlap is at least
    /// half as long as either edit (the last pass of `diff_cleanupSemantic`).
    private static func extractOverlaps(_ diffs: inout [UnitDiff]) {
        var pointer = 1
        while pointer < diffs.count {
            if diffs[pointer - 1].operation == .delete && diffs[pointer].operation == .insert {
                let deletion = diffs[pointer - 1].units
                let insertion = diffs[pointer].units
                let (overlap1, overlap2) = deletion.withUnsafeBufferPointer { d in
                    insertion.withUnsafeBufferPointer { i in (commonOverlap(d, i), commonOverlap(i, d)) }
                }
                if overlap1 >= overlap2 {
                    if 2 * overlap1 >= deletion.count || 2 * overlap1 >= insertion.count {
                        // Overlap found: insert an equality and trim the surrounding edits.
                        diffs.insert(UnitDiff(.equal, Array(insertion[0..<overlap1])), at: pointer)
                        diffs[pointer - 1].units = Array(deletion[0..<(deletion.count - overlap1)])
                        diffs[pointer + 1].units = Array(insertion[overlap1...])
                        pointer += 1
                    }
                } else if 2 * overlap2 >= deletion.count || 2 * overlap2 >= insertion.count {
                    // Reverse overlap found: insert an equality, swap and trim the surrounding edits.
                    diffs.insert(UnitDiff(.equal, Array(deletion[0..<overlap2])), at: pointer)
                    diffs[pointer - 1] = UnitDiff(.insert, Array(insertion[0..<(insertion.count - overlap2)]))
                    diffs[pointer + 1] = UnitDiff(.delete, Array(deletion[overlap2...]))
                    pointer += 1
                }
                pointer += 1
            }
            pointer += 1
        }
    }
}
