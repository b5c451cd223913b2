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
    /// The column after the last grapheme laid out, in the last row (known even when no item was kept).
    private let lastRowEndColumn: Int

    /// Lays out `text` (a line without its line break) with tab stops every `tabWidth` columns, wrapping at
    /// `wrapWidth` columns when it is not nil. Without wrapping, `columnLimit` stops the layout at the first
    /// grapheme that starts at or after that column (drawing needs no more), and `isTruncated` tells so; and
    /// graphemes that end at or before `firstColumn` are measured but not kept in `items` (a view scrolled to the
    /// right draws from there), so that a long line costs memory only for the columns on screen.
    init(text: String, tabWidth: Int, wrapWidth: Int?, columnLimit: Int? = nil, firstColumn: Int = 0) {
        self.init(tabWidth: tabWidth, wrapWidth: wrapWidth, columnLimit: columnLimit, firstColumn: firstColumn) {
            GraphemeWalk.forEach(in: text, $0)
        }
    }

    /// Lays out the graphemes `walk` yields (their lengths in scalars and glyphs, nil for a tab) like
    /// `init(text:tabWidth:wrapWidth:columnLimit:firstColumn:)`, starting at `start`: a grapheme boundary of the
    /// line at a known offset and column (without soft wrap only; a `LineColumnIndex` checkpoint at or before
    /// `firstColumn`). Items, `length` and columns then count from the line's start as if it had been walked.
    init(
        tabWidth: Int, wrapWidth: Int?, columnLimit: Int? = nil, firstColumn: Int = 0,
        start: LineColumnIndex.Checkpoint = .lineStart, walk: ((_ length: Int, _ glyph: Glyph?) -> Bool) -> Void
    ) {
        precondition(wrapWidth == nil || start == .lineStart, "a wrapped line is laid out from its start")
        var placer = LinePlacer(tabWidth: tabWidth, wrapWidth: wrapWidth, column: start.column)
        var offset = start.offset
        var rowStart = 0
        var truncated = false
        var items: [Item] = []
        var rows: [Range<Int>] = []
        let keepsEverything = wrapWidth != nil || firstColumn <= 0
        walk { length, glyph in
            if wrapWidth == nil, let columnLimit, placer.column >= columnLimit {
                truncated = true
                return false
            }
            let place = placer.place(glyph)
            if place.startsRow {
                rows.append(rowStart..<items.count)
                rowStart = items.count
            }
            if keepsEverything || place.column + place.width > firstColumn {
                items.append(Item(offset: offset, length: length, column: place.column, width: place.width, glyph: glyph))
            }
            offset += length
            return true
        }
        rows.append(rowStart..<items.count)
        let endsWithEmptyRow = placer.endsWithFullRow && offset > 0
        if endsWithEmptyRow { rows.append(items.count..<items.count) }
        lastRowEndColumn = endsWithEmptyRow ? 0 : placer.column
        self.items = items
        self.rows = rows
        self.length = offset
        self.isTruncated = truncated
    }

    /// The visual row and column of a cursor at `target` in `text` laid out like `init(text:tabWidth:wrapWidth:)`
    /// would, without keeping the layout: O(graphemes before `target`) time and O(1) memory.
    static func position(of target: Int, in text: String, tabWidth: Int, wrapWidth: Int?) -> (row: Int, column: Int) {
        var placer = LinePlacer(tabWidth: tabWidth, wrapWidth: wrapWidth)
        var offset = 0
        var found: (row: Int, column: Int)?
        GraphemeWalk.forEach(in: text) { length, glyph in
            let place = placer.place(glyph)
            if offset + length > target {
                found = (placer.row, place.column)
                return false
            }
            offset += length
            return true
        }
        if let found { return found }
        return placer.endsWithFullRow && offset > 0 ? (placer.row + 1, 0) : (placer.row, placer.column)
    }

    /// The offset of the first grapheme kept in `items` (`length` when none is): graphemes before it were left
    /// of `firstColumn`.
    var firstKeptOffset: Int { items.first?.offset ?? length }

    /// The number of visual rows `text` takes (what `rows.count` of its layout would be), in O(1) memory.
    static func rowCount(of text: String, tabWidth: Int, wrapWidth: Int?) -> Int {
        guard wrapWidth != nil else { return 1 }
        return position(of: Int.max, in: text, tabWidth: tabWidth, wrapWidth: wrapWidth).row + 1
    }

    /// The scalar offset where visual row `row` starts.
    func startOffset(ofRow row: Int) -> Int {
        let first = rows[row].lowerBound
        return first < items.count ? items[first].offset : length
    }

    /// The column just after the last item of `row`.
    func endColumn(ofRow row: Int) -> Int {
        if row == rows.count - 1 { return lastRowEndColumn }
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

/// The column arithmetic of laying out one line, one grapheme at a time: tab stops, glyph widths and soft wrap.
///
/// Laws: a glyph that does not fit in the rest of a row (and is not the row's first) starts the next row, so a
/// wide character never straddles the wrap width; a tab past the wrap width starts the next row and is otherwise
/// clipped at the wrap width (at least one column).
struct LinePlacer {
    let tabWidth: Int
    let wrapWidth: Int?
    /// The column just after the last placed grapheme, in its row.
    private(set) var column = 0
    /// The visual row of the last placed grapheme (0 without wrapping).
    private(set) var row = 0

    /// A placer at `column` of row 0 (a line's start, or a checkpoint inside it when nothing wraps).
    init(tabWidth: Int, wrapWidth: Int?, column: Int = 0) {
        self.tabWidth = max(1, tabWidth)
        self.wrapWidth = wrapWidth
        self.column = column
    }

    /// Places the next grapheme (`glyph` nil for a tab): whether it starts a new row, its column and its width.
    mutating func place(_ glyph: Glyph?) -> (startsRow: Bool, column: Int, width: Int) {
        var startsRow = false
        var width: Int
        if let glyph {
            width = glyph.width
            if let wrap = wrapWidth, column > 0, column + width > wrap { startsRow = true }
        } else {
            if let wrap = wrapWidth, column >= wrap { startsRow = true }
            width = 0
        }
        if startsRow {
            row += 1
            column = 0
        }
        if glyph == nil {
            width = tabWidth - column % tabWidth
            if let wrap = wrapWidth { width = max(1, min(width, wrap - column)) }
        }
        let start = column
        column += width
        return (startsRow, start, width)
    }

    /// Whether the last row is exactly full, so that a cursor at the end of the line goes on a new empty row.
    var endsWithFullRow: Bool {
        guard let wrap = wrapWidth else { return false }
        return column >= wrap
    }
}
