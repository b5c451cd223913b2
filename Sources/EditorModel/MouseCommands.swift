import EditorCore

/// Mouse: a press places the cursor (Shift extends the selection), a drag selects, the wheel scrolls 3 rows.
extension Editor {
    /// Rows scrolled per wheel step.
    static let wheelRows = 3

    mutating func handleMouse(_ event: MouseEvent) {
        switch mode {
        case .help(let firstLine):
            if event.action == .scrollUp || event.action == .scrollDown {
                handleHelpKey(KeyPress(event.action == .scrollUp ? .up : .down), firstLine: firstLine)
            }
            return
        case .prompt(let prompt):
            // A click ends a search at its match; the questions ignore the mouse.
            guard event.action == .press else { break }
            switch prompt.kind {
            case .find, .replaceSearch: acceptSearch(prompt)
            default: return
            }
        case .history(let view):
            handleHistoryMouse(event, view: view)
            return
        case .editing:
            break
        }
        switch event.action {
        case .scrollUp:
            viewport.scroll(by: -Self.wheelRows, layout: layout)
        case .scrollDown:
            viewport.scroll(by: Self.wheelRows, layout: layout)
        case .press:
            guard let offset = offset(atScreenRow: event.row, column: event.column) else { return }
            history.closeGroup()
            let anchor = event.modifiers.contains(.shift) ? selection.anchor : offset
            setSelection(Selection(anchor: anchor, head: offset))
            isDraggingMouse = true
        case .drag, .release:
            guard isDraggingMouse, case .editing = mode else { return }
            let textRows = geometry.textRows
            if event.row < 0 || event.row >= textRows { viewport.scroll(by: event.row < 0 ? -1 : 1, layout: layout) }
            let row = min(max(0, event.row), max(0, textRows - 1))
            if let offset = offset(atScreenRow: row, column: event.column) {
                setSelection(Selection(anchor: selection.anchor, head: offset))
            }
            if event.action == .release { isDraggingMouse = false }
        }
    }

    /// The text offset under a screen cell of the text area, or nil outside it. Below the last line gives the end
    /// of the document; the gutter gives the start of the row.
    func offset(atScreenRow row: Int, column: Int) -> Int? {
        let geometry = self.geometry
        guard row >= 0, row < geometry.textRows, column >= 0 else { return nil }
        let layout = self.layout
        let top = layout.visualRow(containing: viewport.topOffset)
        let (visualRow, moved) = layout.row(top, movedBy: row)
        if moved < row { return document.buffer.scalarCount }
        let leftColumn = layout.wrapWidth == nil ? viewport.leftColumn : 0
        return layout.offset(at: visualRow, column: max(0, column - geometry.gutterWidth) + leftColumn)
    }
}
