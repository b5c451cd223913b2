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
/// Lines are laid out on demand (`LineLayout`), so every query costs O(log n) for the line lookup plus the length
/// of the lines it touches, never O(document).
struct TextLayout {
    let buffer: TextBuffer
    let tabWidth: Int
    /// The text area width when soft wrap is on, nil when lines scroll horizontally instead.
    let wrapWidth: Int?

    /// The layout of line `line`; without soft wrap, `columnLimit` stops it after the grapheme at that column and
    /// graphemes ending at or before `firstColumn` are not kept (see `LineLayout.init`).
    func layout(line: Int, columnLimit: Int? = nil, firstColumn: Int = 0) -> LineLayout {
        LineLayout(text: buffer.contentText(ofLine: line), tabWidth: tabWidth, wrapWidth: wrapWidth,
            columnLimit: columnLimit, firstColumn: firstColumn)
    }

    /// The number of visual rows of line `line` (1 without soft wrap).
    func rowCount(ofLine line: Int) -> Int {
        wrapWidth == nil
            ? 1 : LineLayout.rowCount(of: buffer.contentText(ofLine: line), tabWidth: tabWidth, wrapWidth: wrapWidth)
    }

    /// The visual row and column where a cursor at `offset` is drawn.
    ///
    /// Only the line's text up to the grapheme at `offset` is laid out (where that grapheme goes decides the
    /// cursor's row when it wraps), so the cost is O(column), not O(line length).
    func position(of offset: Int) -> (row: VisualRow, column: Int) {
        let line = buffer.lineIndex(containing: offset)
        let start = buffer.lineStart(line)
        let content = buffer.contentRange(ofLine: line)
        let end = offset < content.upperBound
            ? min(content.upperBound, buffer.nextGraphemeBoundary(after: offset)) : content.upperBound
        let position = LineLayout.position(of: offset - start, in: buffer.substring(start..<end), tabWidth: tabWidth,
            wrapWidth: wrapWidth)
        return (VisualRow(line: line, row: position.row), position.column)
    }

    /// The visual row containing `offset`.
    func visualRow(containing offset: Int) -> VisualRow {
        position(of: offset).row
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
