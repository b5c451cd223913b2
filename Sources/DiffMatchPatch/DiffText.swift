/// Reading a diff: its two texts, its Levenshtein distance, index translation and an HTML rendering.
extension DiffMatchPatch {
    /// The source text: all equalities and deletions (`diff_text1`).
    public static func sourceText(of diffs: [Diff]) -> String {
        var text = ""
        for diff in diffs where diff.operation != .insert { text += diff.text }
        return text
    }

    /// The destination text: all equalities and insertions (`diff_text2`).
    public static func targetText(of diffs: [Diff]) -> String {
        var text = ""
        for diff in diffs where diff.operation != .delete { text += diff.text }
        return text
    }

    /// The number of inserted, deleted or substituted scalars (`diff_levenshtein`).
    ///
    /// A deletion and an insertion between the same two equalities count as substitutions.
    public static func levenshteinDistance(of diffs: [Diff]) -> Int {
        levenshtein(diffs.lazy.map { ($0.operation, $0.text.unicodeScalars.count) })
    }

    /// The location in the destination text that corresponds to `location` in the source text (`diff_xIndex`).
    ///
    /// Locations count scalars. A location inside a deletion maps to the start of the deletion's place in the
    /// destination; e.g. "The cat" → "The big cat" maps 1 to 1 and 5 to 8.
    public static func targetIndex(of location: Int, in diffs: [Diff]) -> Int {
        targetIndex(of: location, in: diffs.lazy.map { ($0.operation, $0.text.unicodeScalars.count) })
    }

    /// The diff as HTML: `<del>` and `<ins>` with background colours, and `<span>` for equalities
    /// (`diff_prettyHtml`). `&`, `<`, `>` are escaped and newlines shown as `&para;<br>`.
    public static func prettyHTML(of diffs: [Diff]) -> String {
        var html = ""
        for diff in diffs where !diff.text.isEmpty {
            var text = ""
            for scalar in diff.text.unicodeScalars {
                switch scalar {
                case "&": text += "&amp;"
                case "<": text += "&lt;"
                case ">": text += "&gt;"
                case "\n": text += "&para;<br>"
                default: text.unicodeScalars.append(scalar)
                }
            }
            switch diff.operation {
            case .insert: html += "<ins style=\"background:#e6ffe6;\">\(text)</ins>"
            case .delete: html += "<del style=\"background:#ffe6e6;\">\(text)</del>"
            case .equal: html += "<span>\(text)</span>"
            }
        }
        return html
    }

    /// `diff_levenshtein` over (operation, length) pairs.
    static func levenshtein<S: Sequence>(_ runs: S) -> Int where S.Element == (DiffOperation, Int) {
        var distance = 0
        var insertions = 0
        var deletions = 0
        for (operation, length) in runs {
            switch operation {
            case .insert: insertions += length
            case .delete: deletions += length
            case .equal:
                distance += max(insertions, deletions)
                insertions = 0
                deletions = 0
            }
        }
        return distance + max(insertions, deletions)
    }

    /// `diff_xIndex` over (operation, length) pairs.
    ///
    /// As in the reference: when the location lies beyond the source text and the last run is a deletion, the
    /// result is the end of the destination text.
    static func targetIndex<S: Sequence>(of location: Int, in runs: S) -> Int
    where S.Element == (DiffOperation, Int) {
        var chars1 = 0
        var chars2 = 0
        var lastChars1 = 0
        var lastChars2 = 0
        var stoppedAt: DiffOperation?
        for (operation, length) in runs {
            if operation != .insert { chars1 += length }
            if operation != .delete { chars2 += length }
            stoppedAt = operation
            if chars1 > location { break }  // Overshot the location.
            lastChars1 = chars1
            lastChars2 = chars2
        }
        if stoppedAt == .delete { return lastChars2 }  // The location was deleted.
        return lastChars2.plus(location.minus(lastChars1))
    }
}
