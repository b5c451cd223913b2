import EditorCore

/// A visual row of the document: row `row` of line `line`'s layout (always 0 without soft wrap).
struct VisualRow: Hashable, Sendable, Comparable {
    var line: Int
    var row: Int

    static func < (lhs: VisualRow, rhs: VisualRow) -> Bool {
        (lhs.line, lhs.row) < (rhs.line, rhs.row)
    }
}

extension TextBuffer {
    /// The offsets of line `line` without its line break: excludes the `"\n"` and a `"\r"` just before it.
    func contentRange(ofLine line: Int) -> Range<Int> {
        let range = lineRange(line)
        if line < lineCount - 1, !range.isEmpty, scalar(at: range.upperBound - 1) == "\r" {
            return range.lowerBound..<range.upperBound - 1
        }
        return range
    }

    /// The text of line `line` without its line break.
    func contentText(ofLine line: Int) -> String {
        substring(contentRange(ofLine: line))
    }

    /// `offset` moved back to the start of the grapheme cluster it is inside (unchanged at a boundary).
    func graphemeBoundary(atOrBefore offset: Int) -> Int {
        let offset = min(max(0, offset), scalarCount)
        guard offset > 0, offset < scalarCount else { return offset }
        let next = nextGraphemeBoundary(after: offset - 1)
        return next == offset ? offset : previousGraphemeBoundary(before: next)
    }
}

/// The document laid out for the screen: visual rows, columns and the offsets under them.
///
/// Lines are laid out on demand (`LineLayout`), so every query costs O(log n) for the line lookup plus the part
/// of the lines it touches, never O(document). Without soft wrap a query reads only from the nearest checkpoint
/// of the line's `LineColumnIndex` (when `columnIndexes` has one; else from the line's start) to what it asks
/// for, in windows of text (`GraphemeWalk.forEach(in:from:to:)`): O(segment + screen) on a long indexed line.
struct TextLayout {
    let buffer: TextBuffer
    let tabWidth: Int
    /// The text area width when soft wrap is on, nil when lines scroll horizontally instead.
    let wrapWidth: Int?
    /// Checkpoints through long lines (used without soft wrap; none: lines are measured from their start).
    var columnIndexes = ColumnIndexCache()

    /// The layout of line `line`; without soft wrap, `columnLimit` stops it after the grapheme at that column and
    /// graphemes ending at or before `firstColumn` are not kept (see `LineLayout.init`), and only the text from the
    /// checkpoint at or before `firstColumn` up to `columnLimit` is read.
    func layout(line: Int, columnLimit: Int? = nil, firstColumn: Int = 0) -> LineLayout {
        guard wrapWidth == nil else {
            return LineLayout(text: buffer.contentText(ofLine: line), tabWidth: tabWidth, wrapWidth: wrapWidth)
        }
        let content = buffer.contentRange(ofLine: line)
        let start = columnIndexes.index(forContent: content, tabWidth: tabWidth)?
            .checkpoint(atOrBeforeColumn: firstColumn) ?? .lineStart
        return LineLayout(tabWidth: tabWidth, wrapWidth: nil, columnLimit: columnLimit, firstColumn: firstColumn,
            start: start) { body in
            GraphemeWalk.forEach(in: buffer, from: content.lowerBound + start.offset, to: content.upperBound) {
                _, length, glyph in body(length, glyph)
            }
        }
    }

    /// The number of visual rows of line `line` (1 without soft wrap).
    func rowCount(ofLine line: Int) -> Int {
        wrapWidth == nil
            ? 1 : LineLayout.rowCount(of: buffer.contentText(ofLine: line), tabWidth: tabWidth, wrapWidth: wrapWidth)
    }

    /// The visual row and column where a cursor at `offset` is drawn.
    ///
    /// Only the line's text up to the grapheme at `offset` is laid out (where that grapheme goes decides the
    /// cursor's row when it wraps), so the cost is O(column), not O(line length); without soft wrap, from the
    /// nearest checkpoint: O(segment).
    func position(of offset: Int) -> (row: VisualRow, column: Int) {
        let line = buffer.lineIndex(containing: offset)
        let start = buffer.lineStart(line)
        let content = buffer.contentRange(ofLine: line)
        guard wrapWidth != nil else {
            let (checkpoint, walked) = walk(content, to: offset - start)
            return (VisualRow(line: line, row: 0), walked?.column ?? checkpoint.column)
        }
        let end = offset < content.upperBound
            ? min(content.upperBound, buffer.nextGraphemeBoundary(after: offset)) : content.upperBound
        let position = LineLayout.position(of: offset - start, in: buffer.substring(start..<end), tabWidth: tabWidth,
            wrapWidth: wrapWidth)
        return (VisualRow(line: line, row: position.row), position.column)
    }

    /// The number of grapheme clusters from the start of `offset`'s line to `offset` (a cluster cut by `offset`
    /// counts), as `String.count` of that text would say: the status line's column, minus one.
    func graphemeCount(before offset: Int) -> Int {
        let content = buffer.contentRange(ofLine: buffer.lineIndex(containing: offset))
        let target = min(offset, content.upperBound) - content.lowerBound
        let (checkpoint, walked) = walk(content, to: target)
        guard let walked else { return checkpoint.graphemes + max(0, offset - content.upperBound) }
        return walked.graphemes + (walked.offset < target ? 1 : 0)
    }

    /// The offset after the first `count` grapheme clusters of line `line` (its end when it has fewer): where
    /// "go to line:column" puts the cursor. Walks from the nearest checkpoint: O(segment) on an indexed line.
    func offset(afterGraphemes count: Int, inLine line: Int) -> Int {
        let content = buffer.contentRange(ofLine: line)
        let checkpoint = columnIndexes.index(forContent: content, tabWidth: tabWidth)?
            .checkpoint(atOrBeforeGraphemes: count) ?? .lineStart
        var offset = content.lowerBound + checkpoint.offset
        var remaining = count - checkpoint.graphemes
        GraphemeWalk.forEach(in: buffer, from: offset, to: content.upperBound) { _, length, _ in
            guard remaining > 0 else { return false }
            offset += length
            remaining -= 1
            return true
        }
        return offset
    }

    /// Walks line `content` from the checkpoint at or before `target` (a scalar offset from the line's start)
    /// until the grapheme that ends after `target`; returns the checkpoint and the column and grapheme count
    /// where that grapheme starts (nil when `target` is at or past the end of the line: then the walk reached the
    /// end, and the checkpoint returned is the line's end, with its column and count).
    private func walk(_ content: Range<Int>, to target: Int) -> (LineColumnIndex.Checkpoint, LineColumnIndex.Checkpoint?) {
        var checkpoint = columnIndexes.index(forContent: content, tabWidth: tabWidth)?
            .checkpoint(atOrBefore: target) ?? .lineStart
        var placer = LinePlacer(tabWidth: tabWidth, wrapWidth: nil, column: checkpoint.column)
        var found: LineColumnIndex.Checkpoint?
        var graphemes = checkpoint.graphemes
        var offset = checkpoint.offset
        GraphemeWalk.forEach(in: buffer, from: content.lowerBound + offset, to: content.upperBound) {
            _, length, glyph in
            if offset + length > target {
                found = LineColumnIndex.Checkpoint(offset: offset, column: placer.column, graphemes: graphemes)
                return false
            }
            _ = placer.place(glyph)
            offset += length
            graphemes += 1
            return true
        }
        if found == nil { checkpoint = LineColumnIndex.Checkpoint(offset: offset, column: placer.column, graphemes: graphemes) }
        return (checkpoint, found)
    }

    /// The visual row containing `offset`.
    func visualRow(containing offset: Int) -> VisualRow {
        wrapWidth == nil ? VisualRow(line: buffer.lineIndex(containing: offset), row: 0) : position(of: offset).row
    }

    /// The offset where `row` starts.
    func startOffset(of row: VisualRow) -> Int {
        let start = buffer.lineStart(row.line)
        return row.row == 0 ? start : start + layout(line: row.line).startOffset(ofRow: row.row)
    }

    /// The offset of the grapheme drawn at `column` of `row` (see `LineLayout.offset(atRow:column:)`).
    func offset(at row: VisualRow, column: Int) -> Int {
        let limit = wrapWidth == nil ? max(0, column) + 1 : nil
        let line = layout(line: row.line, columnLimit: limit, firstColumn: wrapWidth == nil ? max(0, column) : 0)
        return buffer.lineStart(row.line) + line.offset(atRow: row.row, column: column)
    }

    /// The row after `row`, or nil at the end of the document.
    func row(after row: VisualRow) -> VisualRow? {
        if row.row + 1 < rowCount(ofLine: row.line) { return VisualRow(line: row.line, row: row.row + 1) }
        return row.line + 1 < buffer.lineCount ? VisualRow(line: row.line + 1, row: 0) : nil
    }

    /// The row before `row`, or nil at the start of the document.
    func row(before row: VisualRow) -> VisualRow? {
        if row.row > 0 { return VisualRow(line: row.line, row: row.row - 1) }
        guard row.line > 0 else { return nil }
        return VisualRow(line: row.line - 1, row: rowCount(ofLine: row.line - 1) - 1)
    }

    /// `row` moved by `count` visual rows (negative: up), stopping at the first or last row of the document.
    /// Returns the row reached and how many rows were actually moved (never more than |count|).
    func row(_ row: VisualRow, movedBy count: Int) -> (row: VisualRow, moved: Int) {
        var current = row
        var moved = 0
        if wrapWidth == nil {
            let target = min(max(0, row.line + count), buffer.lineCount - 1)
            return (VisualRow(line: target, row: 0), abs(target - row.line))
        }
        while moved < abs(count) {
            guard let next = count > 0 ? self.row(after: current) : self.row(before: current) else { break }
            current = next
            moved += 1
        }
        return (current, moved)
    }

    /// The number of rows from `from` down to `to`, counting at most `limit`; nil when `to` is further away
    /// (or above `from`).
    func distance(from: VisualRow, to: VisualRow, limit: Int) -> Int? {
        guard from <= to else { return nil }
        if wrapWidth == nil { return to.line - from.line <= limit ? to.line - from.line : nil }
        var current = from
        var count = 0
        while current != to {
            guard count < limit, let next = row(after: current) else { return nil }
            current = next
            count += 1
        }
        return count
    }
}
