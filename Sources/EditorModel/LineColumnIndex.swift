import EditorCore

/// How a stretch of a line moves the display column (no soft wrap), as a function of the column it starts at.
///
/// Without a tab a stretch adds its width: `end = start + lead`. The first tab jumps to the next tab stop, a
/// multiple of the tab width; from there every later tab lands on stops that no longer depend on where the stretch
/// started. So `end = stop(start + lead) + afterFirstTab`, with `stop(c)` the column after a tab at column `c`.
/// This is what lets a checkpoint's column be recomputed after text before it changed width, without walking the
/// text between them.
struct ColumnSpan: Hashable, Sendable {
    /// Columns before the first tab (the whole width when there is none).
    var lead = 0
    /// Columns after the first tab's stop, counted from that stop; nil when the stretch holds no tab.
    var afterFirstTab: Int?

    /// Extends the stretch by one grapheme (`glyph` nil for a tab).
    mutating func append(_ glyph: Glyph?, tabWidth: Int) {
        switch (afterFirstTab, glyph) {
        case (nil, let glyph?): lead += glyph.width
        case (nil, nil): afterFirstTab = 0
        case (let after?, let glyph?): afterFirstTab = after + glyph.width
        case (let after?, nil): afterFirstTab = Self.stop(after, tabWidth: tabWidth)
        }
    }

    /// This stretch followed by `next`: `a.then(b).end(from: c) == b.end(from: a.end(from: c))`. (After a's first
    /// tab the column is a stop, a multiple of the tab width, so `stop(stop(…) + x) = stop(…) + stop(x)`.)
    func then(_ next: ColumnSpan, tabWidth: Int) -> ColumnSpan {
        guard let afterFirstTab else {
            return ColumnSpan(lead: lead + next.lead, afterFirstTab: next.afterFirstTab)
        }
        guard let nextAfterFirstTab = next.afterFirstTab else {
            return ColumnSpan(lead: lead, afterFirstTab: afterFirstTab + next.lead)
        }
        return ColumnSpan(lead: lead,
            afterFirstTab: Self.stop(afterFirstTab + next.lead, tabWidth: tabWidth) + nextAfterFirstTab)
    }

    /// The column after the stretch when it starts at `column`.
    func end(from column: Int, tabWidth: Int) -> Int {
        guard let afterFirstTab else { return column + lead }
        return Self.stop(column + lead, tabWidth: tabWidth) + afterFirstTab
    }

    /// The column after a tab that starts at `column`.
    static func stop(_ column: Int, tabWidth: Int) -> Int { column + tabWidth - column % tabWidth }
}

/// Checkpoints through one line laid out without soft wrap, so that the column of an offset (or the offset at a
/// column, or the number of graphemes before an offset) is found by walking from the nearest checkpoint: one
/// segment plus what is asked, instead of the line from its start.
///
/// The line is cut into segments of about `segmentLength` scalars, each ending on a grapheme boundary (a segment
/// closes after the grapheme that reaches the length). Each segment keeps its length, its grapheme count and its
/// `ColumnSpan`; `checkpoints[i]` is where segment `i` starts (offset, column, graphemes before it) and the last
/// checkpoint is the end of the line.
///
/// Invariants: segments are non-empty and cover the line's `length` scalars; `checkpoints.count ==
/// segments.count + 1`; `checkpoints[0]` is (0, 0, 0).
/// Law (`ColumnIndexLawTests`): walking from any checkpoint yields the clusters, columns and counts that walking
/// from the line's start yields, also after any sequence of `replace` calls.
///
/// Building walks the whole line once (O(line)); `replace` re-walks from the checkpoint before the edit until the
/// walk lands on an old checkpoint again (O(segment + edit)), then recomputes the later checkpoints from their
/// spans (O(line / segmentLength), no text read).
struct LineColumnIndex: Sendable {
    /// Where a segment starts: scalars, columns and grapheme clusters from the start of the line.
    struct Checkpoint: Hashable, Sendable {
        var offset: Int
        var column: Int
        var graphemes: Int

        static let lineStart = Checkpoint(offset: 0, column: 0, graphemes: 0)
    }

    /// A stretch of the line between two checkpoints.
    struct Segment: Hashable, Sendable {
        /// Length in scalars.
        var length = 0
        /// Grapheme clusters (and tabs) in it.
        var graphemes = 0
        /// How it moves the column.
        var span = ColumnSpan()
    }

    /// The scalars a segment reaches before it closes at the next grapheme boundary.
    static let segmentLength = 1024

    let tabWidth: Int
    private(set) var segments: [Segment] = []
    private(set) var checkpoints: [Checkpoint] = [.lineStart]

    /// The length of the indexed line in scalars.
    var length: Int { checkpoints[checkpoints.count - 1].offset }

    /// Indexes the `length` scalars of `buffer` from `lineStart` (a line's content, without its line break).
    init(buffer: TextBuffer, lineStart: Int, length: Int, tabWidth: Int) {
        self.tabWidth = max(1, tabWidth)
        var builder = SegmentBuilder(tabWidth: self.tabWidth)
        GraphemeWalk.forEach(in: buffer, from: lineStart, to: lineStart + length) { _, length, glyph in
            builder.add(length: length, glyph: glyph)
            return true
        }
        segments = builder.finish()
        recomputeCheckpoints(from: 0)
    }

    /// The last checkpoint at or before `offset` (a scalar offset from the line's start).
    func checkpoint(atOrBefore offset: Int) -> Checkpoint {
        checkpoints[lastIndex { $0.offset <= offset }]
    }

    /// The last checkpoint whose column is at or before `column` (the line's start for a negative column).
    func checkpoint(atOrBeforeColumn column: Int) -> Checkpoint {
        checkpoints[lastIndex { $0.column <= column }]
    }

    /// The last checkpoint with at most `graphemes` grapheme clusters before it.
    func checkpoint(atOrBeforeGraphemes graphemes: Int) -> Checkpoint {
        checkpoints[lastIndex { $0.graphemes <= graphemes }]
    }

    /// Updates the index after the scalars `range` of the line (old offsets) were replaced by `insertedCount`
    /// scalars; `buffer` holds the new text, in which the line's content starts at `lineStart` and has
    /// `newLength` scalars. Returns false (the index must then be dropped) when the lengths do not add up.
    mutating func replace(
        _ range: Range<Int>, insertedCount: Int, buffer: TextBuffer, lineStart: Int, newLength: Int
    ) -> Bool {
        let oldLength = length
        let delta = insertedCount - range.count
        guard range.lowerBound >= 0, range.upperBound <= oldLength, oldLength + delta == newLength else {
            return false
        }
        // Checkpoints before the edit stay boundaries with the same columns: nothing before them changed.
        let first = range.lowerBound == 0 ? 0 : lastIndex { $0.offset < range.lowerBound }
        let walkStart = checkpoints[first].offset
        // Old checkpoints at or after the edit's end, where the new walk may land again (the line's end excluded).
        var candidate = first + 1
        while candidate < segments.count, checkpoints[candidate].offset < range.upperBound { candidate += 1 }
        var builder = SegmentBuilder(tabWidth: tabWidth)
        var position = walkStart
        var resumeAt: Int?
        GraphemeWalk.forEach(in: buffer, from: lineStart + walkStart, to: lineStart + newLength) { _, length, glyph in
            builder.add(length: length, glyph: glyph)
            position += length
            while candidate < segments.count, checkpoints[candidate].offset + delta < position { candidate += 1 }
            if candidate < segments.count, checkpoints[candidate].offset + delta == position {
                resumeAt = candidate
                return false
            }
            return true
        }
        var rebuilt = Array(segments[..<first])
        rebuilt.append(contentsOf: builder.finish())
        if let resumeAt { rebuilt.append(contentsOf: segments[resumeAt...]) }
        segments = rebuilt
        recomputeCheckpoints(from: first)
        return length == newLength
    }

    /// The index of the last checkpoint satisfying `isAtOrBefore` (checkpoints are sorted by offset and column;
    /// the first always satisfies it unless the target is negative, and then it is still the answer).
    private func lastIndex(where isAtOrBefore: (Checkpoint) -> Bool) -> Int {
        var low = 0
        var high = checkpoints.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if isAtOrBefore(checkpoints[middle]) { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// Recomputes `checkpoints[first + 1...]` from the segments.
    private mutating func recomputeCheckpoints(from first: Int) {
        checkpoints.removeSubrange(min(first + 1, checkpoints.count)...)
        var current = checkpoints[first]
        for segment in segments[first...] {
            current = Checkpoint(offset: current.offset + segment.length,
                column: segment.span.end(from: current.column, tabWidth: tabWidth),
                graphemes: current.graphemes + segment.graphemes)
            checkpoints.append(current)
        }
    }
}

/// Cuts a walk of graphemes into `LineColumnIndex` segments.
private struct SegmentBuilder {
    let tabWidth: Int
    var segments: [LineColumnIndex.Segment] = []
    var current = LineColumnIndex.Segment()

    init(tabWidth: Int) { self.tabWidth = tabWidth }

    mutating func add(length: Int, glyph: Glyph?) {
        current.length += length
        current.graphemes += 1
        current.span.append(glyph, tabWidth: tabWidth)
        if current.length >= LineColumnIndex.segmentLength {
            segments.append(current)
            current = LineColumnIndex.Segment()
        }
    }

    /// The segments walked; a last piece shorter than half a segment joins the one before it (so that edits do
    /// not leave ever more tiny segments behind).
    mutating func finish() -> [LineColumnIndex.Segment] {
        if current.length > 0, current.length < LineColumnIndex.segmentLength / 2, var last = segments.popLast() {
            last.length += current.length
            last.graphemes += current.graphemes
            last.span = last.span.then(current.span, tabWidth: tabWidth)
            current = last
        }
        if current.length > 0 { segments.append(current) }
        current = LineColumnIndex.Segment()
        return segments
    }
}
