/// One line of text laid out in terminal columns, split into visual rows when soft wrap is on.
///
/// Offsets are Unicode scalars from the start of the line; columns are terminal columns from the start of the
/// visual row (without soft wrap there is one row and columns count from the start of the line). The layout of a
/// line costs O(length of the line).
///
/// Invariants: `rows` is never empty; rows partition `glyphs` in order; a glyph that does not fit in the rest of a
/// row starts the next one (a wide character never straddles the wrap width); a tab is clipped at the wrap width
/// instead of wrapping. When the last row is exactly full, an empty row follows it so that the cursor at the end
/// of the line has a place to be.
struct LineLayout: Sendable {
    /// One laid-out grapheme cluster (or tab).
    struct Item: Hashable, Sendable {
        /// Scalar offset of the grapheme from the start of the line.
        var offset: Int
        /// Length of the grapheme in scalars.
        var length: Int
        /// Column where it starts in its row.
        var column: Int
        /// Columns it covers.
        var width: Int
        /// How it is drawn; nil for a tab (drawn as `width` blanks).
        var glyph: Glyph?
    }

    /// Everything in the line, in order.
    private(set) var items: [Item] = []
    /// Each visual row as a range of indices into `items`.
    private(set) var rows: [Range<Int>] = []
    /// Scalar length of the laid-out text.
    let length: Int

    /// True when laying out stopped at `columnLimit`, so `items` and `length` cover only the start of the line.
    private(set) var isTruncated = false

    /// Lays out `text` (a line without its line break) with tab stops every `tabWidth` columns, wrapping at
    /// `wrapWidth` columns when it is not nil. Without wrapping, `columnLimit` stops the layout at the first
    /// grapheme that starts at or after that column (drawing needs no more), and `isTruncated` tells so.
    init(text: String, tabWidth: Int, wrapWidth: Int?, columnLimit: Int? = nil) {
        let tabWidth = max(1, tabWidth)
        var offset = 0
        var column = 0
        var rowStart = 0
        for character in text {
            if wrapWidth == nil, let columnLimit, column >= columnLimit {
                isTruncated = true
                break
            }
            let length = character.unicodeScalars.count
            if character == "\t" {
                if let wrap = wrapWidth, column >= wrap {
                    rows.append(rowStart..<items.count)
                    rowStart = items.count
                    column = 0
                }
                var width = tabWidth - column % tabWidth
                if let wrap = wrapWidth { width = max(1, min(width, wrap - column)) }
                items.append(Item(offset: offset, length: length, column: column, width: width, glyph: nil))
                column += width
            } else {
                let glyph = DisplayWidth.glyph(for: character)
                if let wrap = wrapWidth, column > 0, column + glyph.width > wrap {
                    rows.append(rowStart..<items.count)
                    rowStart = items.count
                    column = 0
                }
                items.append(Item(offset: offset, length: length, column: column, width: glyph.width, glyph: glyph))
                column += glyph.width
            }
            offset += length
        }
        self.length = offset
        rows.append(rowStart..<items.count)
        if let wrap = wrapWidth, column >= wrap, !items.isEmpty {
            rows.append(items.count..<items.count)
        }
    }

    /// The scalar offset where visual row `row` starts.
    func startOffset(ofRow row: Int) -> Int {
        let first = rows[row].lowerBound
        return first < items.count ? items[first].offset : length
    }

    /// The column just after the last item of `row`.
    func endColumn(ofRow row: Int) -> Int {
        guard let last = rows[row].last else { return 0 }
        return items[last].column + items[last].width
    }

    /// The visual row holding `offset` (an offset inside a grapheme counts as that grapheme's; the end of the line
    /// is on the last row).
    func row(containing offset: Int) -> Int {
        if offset >= length { return rows.count - 1 }
        var low = 0
        var high = rows.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if startOffset(ofRow: middle) <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// The row and column where a cursor at `offset` is drawn (beside a wide character: its right column + 1).
    func position(of offset: Int) -> (row: Int, column: Int) {
        let row = row(containing: offset)
        for index in rows[row] where items[index].offset + items[index].length > offset {
            return (row, items[index].column)
        }
        return (row, endColumn(ofRow: row))
    }

    /// The offset of the grapheme drawn at `column` of `row`, for vertical movement and mouse clicks.
    ///
    /// A column inside a wide character or tab gives that grapheme's start. Past the end of the last row gives the
    /// end of the line; past the end of an earlier (wrapped) row gives its last grapheme, so that the cursor stays
    /// on that row.
    func offset(atRow row: Int, column: Int) -> Int {
        let row = min(max(0, row), rows.count - 1)
        for index in rows[row] where column < items[index].column + items[index].width {
            return items[index].offset
        }
        if row == rows.count - 1 { return length }
        if let last = rows[row].last { return items[last].offset }
        return startOffset(ofRow: row)
    }
}
