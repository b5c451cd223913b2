import EditorCore

/// Cursor movement and selection commands.
extension Editor {
    /// Moves the cursor; a plain Left/Right with a selection goes to the selection's edge instead.
    mutating func moveCursor(_ motion: Motion) {
        if !selection.isEmpty, motion == .characterLeft || motion == .characterRight {
            let edge = motion == .characterLeft ? selection.range.lowerBound : selection.range.upperBound
            setSelection(Selection(cursor: edge))
            return
        }
        let target = self.target(of: motion)
        setSelection(Selection(cursor: target), keepingGoalColumn: motion.isVertical)
    }

    /// Moves the cursor (the selection's head) and keeps the anchor: Shift with any movement.
    mutating func extendSelection(_ motion: Motion) {
        let target = self.target(of: motion)
        setSelection(Selection(anchor: selection.anchor, head: target), keepingGoalColumn: motion.isVertical)
    }

    /// Ctrl-A: selects the whole document (the cursor goes to its end).
    mutating func selectAll() {
        setSelection(Selection(anchor: 0, head: document.buffer.scalarCount))
    }

    /// Esc: drops the selection, keeping the cursor.
    mutating func collapseSelection() {
        setSelection(Selection(cursor: selection.head))
    }

    /// Sets the selection (snapped to grapheme boundaries) and scrolls the cursor into view.
    mutating func setSelection(_ newSelection: Selection, keepingGoalColumn: Bool = false) {
        selection = snapped(newSelection)
        if !keepingGoalColumn { goalColumn = nil }
        revealCursor()
    }

    /// Where `motion` takes the cursor from `selection.head`. Vertical motions set `goalColumn` (and Page Up/Down
    /// scroll the view by the rows they move).
    mutating func target(of motion: Motion) -> Int {
        let buffer = document.buffer
        let head = selection.head
        switch motion {
        case .characterLeft: return buffer.previousGraphemeBoundary(before: head)
        case .characterRight: return buffer.nextGraphemeBoundary(after: head)
        case .wordLeft: return buffer.previousWordBoundary(before: head)
        case .wordRight: return buffer.nextWordBoundary(after: head)
        case .lineUp: return verticalTarget(rows: -1, scrollsView: false)
        case .lineDown: return verticalTarget(rows: 1, scrollsView: false)
        case .pageUp: return verticalTarget(rows: -pageRows, scrollsView: true)
        case .pageDown: return verticalTarget(rows: pageRows, scrollsView: true)
        case .documentStart: return 0
        case .documentEnd: return buffer.scalarCount
        case .lineStart:
            let line = buffer.lineIndex(containing: head)
            let start = buffer.lineStart(line)
            let firstNonBlank = firstNonBlankOffset(line: line)
            return head == firstNonBlank ? start : firstNonBlank
        case .lineEnd:
            return buffer.contentRange(ofLine: buffer.lineIndex(containing: head)).upperBound
        }
    }

    /// The offset of the first character of `line` that is not a space or tab (its end when it is blank).
    func firstNonBlankOffset(line: Int) -> Int {
        let buffer = document.buffer
        let range = buffer.contentRange(ofLine: line)
        var offset = range.lowerBound
        while offset < range.upperBound, buffer.scalar(at: offset).isBlank { offset += 1 }
        return offset
    }

    /// Rows moved by Page Up/Down: the text area's height minus one row of context.
    private var pageRows: Int { max(1, geometry.textRows - 1) }

    /// The offset `rows` visual rows away at the goal column; the first/last row go to the document's start/end.
    private mutating func verticalTarget(rows: Int, scrollsView: Bool) -> Int {
        let layout = self.layout
        let (row, column) = layout.position(of: selection.head)
        let goal = goalColumn ?? column
        goalColumn = goal
        let (targetRow, moved) = layout.row(row, movedBy: rows)
        if scrollsView { viewport.scroll(by: rows > 0 ? moved : -moved, layout: layout) }
        if moved == 0 { return rows < 0 ? 0 : document.buffer.scalarCount }
        return layout.offset(at: targetRow, column: goal)
    }
}

extension Motion {
    /// Up, Down, Page Up and Page Down keep the goal column.
    var isVertical: Bool {
        switch self {
        case .lineUp, .lineDown, .pageUp, .pageDown: true
        default: false
        }
    }
}

extension Unicode.Scalar {
    /// A space or a tab (what indentation is made of).
    var isBlank: Bool { self == " " || self == "\t" }
}
