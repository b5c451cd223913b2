/// `diff_cleanupMerge`: merge like runs, factor out common affixes, slide single edits over equalities.
extension DiffMatchPatch {
    /// Reorders and merges like edit sections and merges equalities (`diff_cleanupMerge`).
    ///
    /// Any edit section can move as long as it doesn't cross an equality. The result describes the same two texts.
    public static func cleanupMerge(_ diffs: inout [Diff]) {
        var units = diffs.unitDiffs()
        cleanupMerge(&units)
        diffs = units.publicDiffs()
    }

    /// `diff_cleanupMerge` over the units of `diffs[start...]` (the runs before `start` are neither read nor
    /// changed): merge passes and slide passes until nothing slides.
    static func cleanupMerge(_ diffs: inout [UnitDiff], from start: Int = 0) {
        repeat {
            mergeRuns(&diffs, from: start)
        } while slideEdits(&diffs, from: start)
    }

    /// Whether `mergeRuns` would leave `diffs` as they are: no two adjacent equalities, no trailing empty equality,
    /// and every run of edits a single edit or a non-empty deletion then a non-empty insertion with no common
    /// prefix or suffix. (Most recursive diffs are already in this form; checking is cheaper than rebuilding.)
    private static func isMerged(_ diffs: ArraySlice<UnitDiff>) -> Bool {
        if let last = diffs.last, last.operation == .equal && last.units.isEmpty { return false }
        var index = diffs.startIndex
        var previousIsEqual = false
        while index < diffs.endIndex {
            if diffs[index].operation == .equal {
                if previousIsEqual { return false }
                previousIsEqual = true
                index += 1
                continue
            }
            previousIsEqual = false
            let runEnd = diffs[index...].firstIndex { $0.operation == .equal } ?? diffs.endIndex
            switch runEnd - index {
            case 1:
                break
            case 2:
                let deletion = diffs[index]
                let insertion = diffs[index + 1]
                guard deletion.operation == .delete, insertion.operation == .insert,
                    !deletion.units.isEmpty, !insertion.units.isEmpty,
                    deletion.units.first != insertion.units.first, deletion.units.last != insertion.units.last
                else { return false }
            default:
                return false
            }
            index = runEnd
        }
        return true
    }

    /// The first pass: each run of edits between equalities becomes at most one deletion and one insertion, with
    /// their common prefix moved into the previous equality and their common suffix into the next one.
    private static func mergeRuns(_ diffs: inout [UnitDiff], from start: Int) {
        if isMerged(diffs[start...]) { return }
        var input = Array(diffs[start...])
        diffs.removeSubrange(start...)
        var output: [UnitDiff] = []
        output.reserveCapacity(input.count + 1)
        var runStart = 0
        var deleteCount = 0
        var insertCount = 0
        for index in 0...input.count {
            let operation = index < input.count ? input[index].operation : .equal
            switch operation {
            case .insert: insertCount += 1
            case .delete: deleteCount += 1
            case .equal:
                // The equality closing the run (a dummy empty one after the last element).
                var equality = index < input.count ? take(&input[index]) : UnitDiff(.equal, [])
                if deleteCount + insertCount > 1 {
                    var deleted: [UInt32] = []
                    var inserted: [UInt32] = []
                    for runIndex in runStart..<index {
                        // A lone deletion or insertion is moved, not copied.
                        if input[runIndex].operation == .delete {
                            if deleteCount == 1 { deleted = take(&input[runIndex]).units } else {
                                deleted.append(contentsOf: input[runIndex].units)
                            }
                        } else if insertCount == 1 {
                            inserted = take(&input[runIndex]).units
                        } else {
                            inserted.append(contentsOf: input[runIndex].units)
                        }
                    }
                    var insertedRange = 0..<inserted.count
                    var deletedRange = 0..<deleted.count
                    if deleteCount != 0 && insertCount != 0 {
                        inserted.withUnsafeBufferPointer { ins in
                            deleted.withUnsafeBufferPointer { del in
                                let prefix = UnitOps.commonPrefix(ins, del)
                                if prefix != 0 {
                                    if let last = output.indices.last, output[last].operation == .equal {
                                        output[last].units.append(contentsOf: ins.slice(0..<prefix))
                                    } else {
                                        output.insert(UnitDiff(.equal, ins.slice(0..<prefix)), at: 0)
                                    }
                                    insertedRange = prefix..<ins.count
                                    deletedRange = prefix..<del.count
                                }
                                let suffix = UnitOps.commonSuffix(ins.slice(insertedRange), del.slice(deletedRange))
                                if suffix != 0 {
                                    let end = insertedRange.upperBound
                                    equality.units.insert(contentsOf: ins.slice((end - suffix)..<end), at: 0)
                                    insertedRange = insertedRange.lowerBound..<(end - suffix)
                                    deletedRange = deletedRange.lowerBound..<(deletedRange.upperBound - suffix)
                                }
                            }
                        }
                    }
                    if !deletedRange.isEmpty {
                        output.append(UnitDiff(.delete, deletedRange.count == deleted.count ? deleted : Array(deleted[deletedRange])))
                    }
                    if !insertedRange.isEmpty {
                        output.append(UnitDiff(.insert, insertedRange.count == inserted.count ? inserted : Array(inserted[insertedRange])))
                    }
                    output.append(equality)
                } else if deleteCount + insertCount == 1 {
                    output.append(take(&input[runStart]))
                    output.append(equality)
                } else if let last = output.indices.last, output[last].operation == .equal {
                    output[last].units.append(contentsOf: equality.units)
                } else {
                    output.append(equality)
                }
                runStart = index + 1
                deleteCount = 0
                insertCount = 0
            }
        }
        if let last = output.last, last.units.isEmpty { output.removeLast() }
        diffs.append(contentsOf: output)
    }

    /// The second pass: a single edit between two equalities slides sideways over an equality it ends (or starts)
    /// with, eliminating that equality (`A<ins>BA</ins>C -> <ins>AB</ins>AC`). Returns whether anything slid.
    ///
    /// Works in place on `diffs[start...]`: `diffs[start..<kept]` is the processed list, `diffs[index...]` the rest.
    private static func slideEdits(_ diffs: inout [UnitDiff], from start: Int) -> Bool {
        let count = diffs.count
        guard count - start >= 3 else { return false }
        var changes = false
        var kept = start + 1
        var index = start + 1
        while index < count - 1 {
            if diffs[kept - 1].operation == .equal && diffs[index + 1].operation == .equal {
                let previous = take(&diffs[kept - 1])
                var edit = take(&diffs[index])
                let next = take(&diffs[index + 1])
                let slide = edit.units.withUnsafeBufferPointer { e in
                    previous.units.withUnsafeBufferPointer { p in
                        next.units.withUnsafeBufferPointer { n -> Int in
                            UnitOps.hasSuffix(e, p) ? -1 : UnitOps.hasPrefix(e, n) ? 1 : 0
                        }
                    }
                }
                if slide == -1 {
                    // Shift the edit over the previous equality.
                    var shifted = previous.units
                    shifted.append(contentsOf: edit.units[0..<(edit.units.count - previous.units.count)])
                    edit.units = shifted
                    diffs[kept - 1] = edit
                    diffs[kept] = UnitDiff(.equal, previous.units + next.units)
                    kept += 1
                    index += 2
                    changes = true
                    continue
                }
                if slide == 1 {
                    // Shift the edit over the next equality.
                    var shifted = Array(edit.units[next.units.count...])
                    shifted.append(contentsOf: next.units)
                    edit.units = shifted
                    diffs[kept - 1] = UnitDiff(.equal, previous.units + next.units)
                    diffs[kept] = edit
                    kept += 1
                    index += 2
                    changes = true
                    continue
                }
                diffs[kept - 1] = previous
                diffs[index] = edit
                diffs[index + 1] = next
            }
            if kept != index { diffs[kept] = take(&diffs[index]) }
            kept += 1
            index += 1
        }
        while index < count {
            if kept != index { diffs[kept] = take(&diffs[index]) }
            kept += 1
            index += 1
        }
        diffs.removeLast(count - kept)
        return changes
    }
}

/// Moves the value out of `slot`, leaving an empty run behind (avoids copy-on-write of the moved units).
@inline(__always)
func take(_ slot: inout UnitDiff) -> UnitDiff {
    var value = UnitDiff(.equal, [])
    swap(&value, &slot)
    return value
}
