extension Frame {
    /// Draws `glyph` with its left edge at `column` of `row`, clipped to `bounds` (columns): a wide glyph that does
    /// not fit entirely is drawn as blanks, a substitute is cut, a tab is `width` blanks (pass nil).
    mutating func draw(_ glyph: Glyph?, width: Int, row: Int, column: Int, bounds: Range<Int>, style: Style) {
        guard row >= 0, row < rows else { return }
        func put(_ text: String, at column: Int) {
            if bounds.contains(column) { cells[row][column] = Cell(text, style: style) }
        }
        switch glyph {
        case .narrow(let text)?:
            put(text, at: column)
        case .wide(let text)?:
            if bounds.contains(column), bounds.contains(column + 1) {
                cells[row][column] = Cell(text, style: style)
                cells[row][column + 1] = Cell(Cell.continuation.text, style: style)
            } else {
                put(" ", at: column)
                put(" ", at: column + 1)
            }
        case .substitute(let text)?:
            for (index, character) in text.enumerated() { put(String(character), at: column + index) }
        case nil:
            for index in 0..<width { put(" ", at: column + index) }
        }
    }

    /// Draws `text` from `column` on `row`, one grapheme per cell, stopping before `limit`; returns the column
    /// after the last cell drawn. Tabs are drawn as one blank.
    @discardableResult
    mutating func draw(_ text: String, row: Int, column: Int, limit: Int? = nil, style: Style) -> Int {
        let limit = min(limit ?? columns, columns)
        var column = column
        for character in text {
            let glyph = character == "\t" ? Glyph.narrow(" ") : DisplayWidth.glyph(for: character)
            guard column + glyph.width <= limit else { break }
            draw(glyph, width: glyph.width, row: row, column: column, bounds: 0..<limit, style: style)
            column += glyph.width
        }
        return column
    }

    /// Gives every cell of `row` the style `style`, keeping their text.
    mutating func fill(row: Int, style: Style) {
        guard row >= 0, row < rows else { return }
        for column in 0..<columns { cells[row][column].style = style }
    }
}

extension String {
    /// The text cut to at most `width` columns, keeping its end and marking the cut with a leading `<`.
    func keepingEnd(width: Int) -> String {
        guard DisplayWidth.width(of: self) > width else { return self }
        guard width > 0 else { return "" }
        var kept: [Character] = []
        var used = 1
        for character in reversed() {
            let characterWidth = DisplayWidth.width(of: String(character))
            guard used + characterWidth <= width else { break }
            kept.append(character)
            used += characterWidth
        }
        return "<" + String(kept.reversed())
    }
}
