import EditorCore

/// Which part of the document the text area shows.
///
/// The vertical position is anchored to **text**, not to a line number: `topOffset` is the offset where the first
/// visible visual row starts, and it is mapped through every change like a cursor. Text inserted or deleted above
/// the view (by a remote user) therefore leaves the same line at the top of the screen.
struct Viewport: Hashable, Sendable {
    /// Scalar offset of the start of the first visible visual row (a line start when soft wrap is off).
    var topOffset = 0
    /// The first visible display column when soft wrap is off (0 with soft wrap).
    var leftColumn = 0

    /// Keeps the same text at the top after `change`: text inserted exactly at the anchor goes above it.
    mutating func map(through change: ChangeSet, layout: TextLayout) {
        topOffset = change.mapPosition(topOffset, association: .after)
        snap(layout: layout)
    }

    /// Moves `topOffset` to the start of the visual row that contains it (after a change or a new wrap width).
    mutating func snap(layout: TextLayout) {
        topOffset = min(max(0, topOffset), layout.buffer.scalarCount)
        topOffset = layout.startOffset(of: layout.visualRow(containing: topOffset))
        if layout.wrapWidth != nil { leftColumn = 0 }
    }

    /// Scrolls by `count` visual rows (negative: up) without moving the cursor; stops at the first row and when
    /// the last row reaches the top. Returns the number of rows actually scrolled.
    @discardableResult
    mutating func scroll(by count: Int, layout: TextLayout) -> Int {
        let top = layout.visualRow(containing: topOffset)
        let (row, moved) = layout.row(top, movedBy: count)
        topOffset = layout.startOffset(of: row)
        return moved
    }

    /// Scrolls as little as possible so that a cursor at `offset` is inside the text area, or centres it when it
    /// is more than a screen away. Costs O(text rows), never O(document).
    mutating func reveal(_ offset: Int, layout: TextLayout, geometry: ScreenGeometry) {
        guard geometry.textRows > 0 else { return }
        let (cursorRow, column) = layout.position(of: offset)
        let top = layout.visualRow(containing: topOffset)
        let rows = geometry.textRows
        if cursorRow < top {
            if layout.distance(from: cursorRow, to: top, limit: rows) != nil {
                topOffset = layout.startOffset(of: cursorRow)
            } else {
                center(cursorRow, layout: layout, rows: rows)
            }
        } else if let distance = layout.distance(from: top, to: cursorRow, limit: 2 * rows) {
            if distance >= rows {
                topOffset = layout.startOffset(of: layout.row(top, movedBy: distance - rows + 1).row)
            }
        } else {
            center(cursorRow, layout: layout, rows: rows)
        }
        guard layout.wrapWidth == nil else {
            leftColumn = 0
            return
        }
        let width = max(1, geometry.textColumns)
        if column < leftColumn {
            leftColumn = max(0, column - width / 4)
        } else if column >= leftColumn + width {
            leftColumn = column - width + 1 + min(width / 4, 8)
        }
        if column < leftColumn || column >= leftColumn + width { leftColumn = max(0, column - width + 1) }
    }

    /// After the text area changed size: shows as much text as fits. Scrolls up when the document's last row is
    /// above the bottom of the text area while rows above the view are hidden, and scrolls back to column 0 (the
    /// next `reveal` scrolls right again only as far as the cursor needs). Costs O(text rows).
    mutating func refill(layout: TextLayout, geometry: ScreenGeometry) {
        leftColumn = 0
        topOffset = layout.startOffset(of: Self.filling(layout.visualRow(containing: topOffset), layout: layout,
            rows: geometry.textRows))
    }

    /// Puts `row` in the middle of the text area, or lower near the end of the document so that the last row is
    /// at the bottom (as vim and micro do: Ctrl-End shows a screenful, not half of one).
    mutating func center(_ row: VisualRow, layout: TextLayout, rows: Int) {
        topOffset = layout.startOffset(of: Self.filling(layout.row(row, movedBy: -(rows / 2)).row, layout: layout,
            rows: rows))
    }

    /// `top`, moved up as far as needed for `rows` rows from it to reach the document's last row (when they would
    /// leave rows empty below it). Costs O(rows).
    private static func filling(_ top: VisualRow, layout: TextLayout, rows: Int) -> VisualRow {
        guard rows > 0 else { return top }
        let below = layout.row(top, movedBy: rows - 1).moved
        return below < rows - 1 ? layout.row(top, movedBy: below - (rows - 1)).row : top
    }
}
