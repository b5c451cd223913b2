/// `diff_cleanupSemanticLossless`: slide single edits sideways to word and line boundaries.
extension DiffMatchPatch {
    /// Shifts each single edit surrounded by equalities sideways to align it with a logical boundary
    /// (`diff_cleanupSemanticLossless`): `The c<ins>at c</ins>ame.` → `The <ins>cat </ins>came.`
    ///
    /// Boundaries score (best first): the edge of the text, a blank line, a line break, the end of a sentence,
    /// whitespace, other non-alphanumeric characters. Character classes follow Python's `str.isalnum` /
    /// `str.isspace` (Unicode-aware). The result describes the same two texts.
    public static func cleanupSemanticLossless(_ diffs: inout [Diff]) {
        var units = diffs.unitDiffs()
        cleanupSemanticLossless(&units)
        diffs = units.publicDiffs()
    }

    /// `diff_cleanupSemanticLossless` over units.
    ///
    /// The edit is a window of fixed length sliding over `equality1 + edit + equality2`; positions are indices in
    /// that virtual concatenation, so no text is copied until the best position is known.
    static func cleanupSemanticLossless(_ diffs: inout [UnitDiff]) {
        var pointer = 1
        // Intentionally ignore the first and last element (they don't need checking).
        while pointer < diffs.count - 1 {
            if diffs[pointer - 1].operation == .equal && diffs[pointer + 1].operation == .equal {
                let bestStart = diffs[pointer - 1].units.withUnsafeBufferPointer { e1 in
                    diffs[pointer].units.withUnsafeBufferPointer { ed in
                        diffs[pointer + 1].units.withUnsafeBufferPointer { e2 in
                            bestEditStart(EditWindowText(e1, ed, e2))
                        }
                    }
                }
                let equality1Length = diffs[pointer - 1].units.count
                if bestStart != equality1Length {
                    // An improvement: save it back to the diff.
                    let text = diffs[pointer - 1].units + diffs[pointer].units + diffs[pointer + 1].units
                    let editLength = diffs[pointer].units.count
                    let newEquality2 = Array(text[(bestStart + editLength)...])
                    diffs[pointer].units = Array(text[bestStart..<(bestStart + editLength)])
                    if bestStart > 0 {
                        diffs[pointer - 1].units = Array(text[0..<bestStart])
                    } else {
                        diffs.remove(at: pointer - 1)
                        pointer -= 1
                    }
                    if !newEquality2.isEmpty {
                        diffs[pointer + 1].units = newEquality2
                    } else {
                        diffs.remove(at: pointer + 1)
                        pointer -= 1
                    }
                }
            }
            pointer += 1
        }
    }

    /// The start of the best position of the edit in `text` (the equality1 length of the best split).
    private static func bestEditStart(_ text: EditWindowText) -> Int {
        let length = text.editLength
        let total = text.count
        // First, shift the edit as far left as possible.
        var start = text.equality1.count - UnitOps.commonSuffix(text.equality1, text.edit)
        // Second, step character by character right, looking for the best fit.
        var best = start
        var bestScore = text.score(0, start, start + length) + text.score(start, start + length, total)
        while length > 0 && start + length < total && text[start] == text[start + length] {
            start += 1
            let score = text.score(0, start, start + length) + text.score(start, start + length, total)
            // The >= encourages trailing rather than leading whitespace on edits.
            if score >= bestScore {
                bestScore = score
                best = start
            }
        }
        return best
    }
}

/// The virtual text `equality1 + edit + equality2` that an edit slides over.
struct EditWindowText {
    let equality1: UnitBuffer
    let edit: UnitBuffer
    let equality2: UnitBuffer

    init(_ equality1: UnitBuffer, _ edit: UnitBuffer, _ equality2: UnitBuffer) {
        self.equality1 = equality1
        self.edit = edit
        self.equality2 = equality2
    }

    var editLength: Int { edit.count }
    var count: Int { equality1.count + edit.count + equality2.count }

    @inline(__always)
    subscript(index: Int) -> UInt32 {
        if index < equality1.count { return equality1[index] }
        let i = index - equality1.count
        if i < edit.count { return edit[i] }
        return equality2[i - edit.count]
    }

    /// How well the boundary between `self[lower..<boundary]` and `self[boundary..<upper]` falls on a logical
    /// boundary, from 6 (best) to 0 (`diff_cleanupSemanticScore`).
    func score(_ lower: Int, _ boundary: Int, _ upper: Int) -> Int {
        if boundary == lower || boundary == upper {
            return 6  // Edges are the best.
        }
        let char1 = self[boundary - 1]
        let char2 = self[boundary]
        let nonAlphanumeric1 = !CharacterClass.isAlphanumeric(char1)
        let nonAlphanumeric2 = !CharacterClass.isAlphanumeric(char2)
        let whitespace1 = nonAlphanumeric1 && CharacterClass.isWhitespace(char1)
        let whitespace2 = nonAlphanumeric2 && CharacterClass.isWhitespace(char2)
        let lineBreak1 = whitespace1 && (char1 == 13 || char1 == 10)
        let lineBreak2 = whitespace2 && (char2 == 13 || char2 == 10)
        let blankLine1 = lineBreak1 && endsWithBlankLine(lower, boundary)
        let blankLine2 = lineBreak2 && startsWithBlankLine(boundary, upper)
        if blankLine1 || blankLine2 { return 5 }
        if lineBreak1 || lineBreak2 { return 4 }
        if nonAlphanumeric1 && !whitespace1 && whitespace2 { return 3 }  // End of a sentence.
        if whitespace1 || whitespace2 { return 2 }
        if nonAlphanumeric1 || nonAlphanumeric2 { return 1 }
        return 0
    }

    /// Whether `self[lower..<upper]` ends with "\n\n" or "\n\r\n" (the reference's `\n\r?\n$`).
    private func endsWithBlankLine(_ lower: Int, _ upper: Int) -> Bool {
        guard upper - lower >= 2, self[upper - 1] == 10 else { return false }
        if self[upper - 2] == 10 { return true }
        return upper - lower >= 3 && self[upper - 2] == 13 && self[upper - 3] == 10
    }

    /// Whether `self[lower..<upper]` starts with a blank line (the reference's `^\r?\n\r?\n`).
    private func startsWithBlankLine(_ lower: Int, _ upper: Int) -> Bool {
        var i = lower
        if i < upper && self[i] == 13 { i += 1 }
        guard i < upper && self[i] == 10 else { return false }
        i += 1
        if i < upper && self[i] == 13 { i += 1 }
        return i < upper && self[i] == 10
    }
}

/// Python's per-character classes, which the boundary score of `diff_cleanupSemanticLossless` uses.
enum CharacterClass {
    /// Python's `str.isalnum()` for one code point: a letter (categories L*) or a character with a numeric type.
    @inline(__always)
    static func isAlphanumeric(_ unit: UInt32) -> Bool {
        if unit < 0x80 {
            return (unit >= 48 && unit <= 57) || (unit | 0x20 >= 97 && unit | 0x20 <= 122)
        }
        guard let scalar = Unicode.Scalar(unit) else { return false }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return true
        default:
            return properties.numericType != nil
        }
    }

    /// Python's `str.isspace()` for one code point: general category Zs or bidirectional class WS, B or S.
    @inline(__always)
    static func isWhitespace(_ unit: UInt32) -> Bool {
        switch unit {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }
}
