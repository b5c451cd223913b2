/// `diff_cleanupEfficiency`: trade a minimal diff for one that is cheaper to process.
extension DiffMatchPatch {
    /// Reduces the number of edits by eliminating operationally trivial equalities (`diff_cleanupEfficiency`).
    ///
    /// An equality shorter than `diffEditCost` is folded into the surrounding edits when it sits between four edits
    /// (an insertion and a deletion on each side), or is shorter than half of `diffEditCost` and sits between three.
    /// The result describes the same two texts.
    public func cleanupEfficiency(_ diffs: inout [Diff]) {
        var units = diffs.unitDiffs()
        cleanupEfficiency(&units)
        diffs = units.publicDiffs()
    }

    /// `diff_cleanupEfficiency` over units.
    func cleanupEfficiency(_ diffs: inout [UnitDiff]) {
        var changes = false
        var equalities: [Int] = []  // Stack of indices of candidate equalities.
        var lastEqualityLength = 0  // Length of diffs[equalities.last]; 0 when none is current.
        var pointer = 0
        // Whether there is an insertion/deletion before (pre) and after (post) the last equality.
        var preInsert = false
        var preDelete = false
        var postInsert = false
        var postDelete = false
        while pointer < diffs.count {
            if diffs[pointer].operation == .equal {
                if diffs[pointer].units.count < diffEditCost && (postInsert || postDelete) {
                    // Candidate found.
                    equalities.append(pointer)
                    preInsert = postInsert
                    preDelete = postDelete
                    lastEqualityLength = diffs[pointer].units.count
                } else {
                    // Not a candidate, and can never become one.
                    equalities.removeAll()
                    lastEqualityLength = 0
                }
                postInsert = false
                postDelete = false
            } else {
                if diffs[pointer].operation == .delete {
                    postDelete = true
                } else {
                    postInsert = true
                }
                let sides = (preInsert ? 1 : 0) + (preDelete ? 1 : 0) + (postInsert ? 1 : 0) + (postDelete ? 1 : 0)
                // <ins>A</ins><del>B</del>XY<ins>C</ins><del>D</del>, or three edits around a short X.
                if lastEqualityLength > 0
                    && (sides == 4 || (2 * lastEqualityLength < diffEditCost && sides == 3))
                {
                    let index = equalities.removeLast()
                    diffs.insert(UnitDiff(.delete, diffs[index].units), at: index)
                    diffs[index + 1].operation = .insert
                    lastEqualityLength = 0
                    if preInsert && preDelete {
                        // No changes made which could affect the previous entry: keep going.
                        postInsert = true
                        postDelete = true
                        equalities.removeAll()
                    } else {
                        if !equalities.isEmpty { equalities.removeLast() }
                        pointer = equalities.last ?? -1
                        postInsert = false
                        postDelete = false
                    }
                    changes = true
                }
            }
            pointer += 1
        }
        if changes { Self.cleanupMerge(&diffs) }
    }
}
