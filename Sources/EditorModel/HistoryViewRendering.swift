import EditorCore

/// Drawing the history view: the shown revision in the text area with its changed lines marked, and its header
/// on the status line.
///
/// Marks: a changed line (holding inserted text) has `+` in the gutter's mark column and a green background (with
/// colour; underlined without); a line where text was only deleted has `-` (red with colour).
extension Editor {
    /// The text area for the history view, nil before the first revision arrived.
    func historyTextArea(_ view: HistoryView) -> TextAreaContent? {
        guard let shown = view.shown else { return nil }
        var content = TextAreaContent(
            buffer: shown.text, layout: historyLayout(for: shown.text), viewport: view.viewport,
            geometry: historyGeometry(for: shown.text), selection: nil, showsCursor: false, matches: [])
        content.marks = view.marks
        return content
    }

    /// The gutter mark of a line: `+` changed, `-` deletion.
    func drawChangeMark(_ mark: ChangedLines.Mark, into frame: inout Frame, row: Int, column: Int) {
        let color = configuration.colorEnabled
        switch mark {
        case .changed:
            frame.draw("+", row: row, column: column, style: color ? Style(foreground: .green, bold: true) : Style(bold: true))
        case .deletion:
            frame.draw("-", row: row, column: column, style: color ? Style(foreground: .red, bold: true) : Style(bold: true))
        }
    }

    /// Gives the text cells of a changed row the changed background (the blanks after the text included).
    func paintChangedRow(into frame: inout Frame, row: Int, bounds: Range<Int>) {
        guard configuration.colorEnabled, row >= 0, row < frame.rows else { return }
        for column in bounds where column < frame.columns {
            frame.cells[row][column].style = changedStyle(frame.cells[row][column].style)
        }
    }

    /// `style` on a changed line: black on green with colour, underlined without.
    func changedStyle(_ style: Style) -> Style {
        var style = style
        if configuration.colorEnabled {
            style.background = .green
            style.foreground = .black
        } else {
            style.underline = true
        }
        return style
    }

    /// The status line while the view is open: `History r123 of 456 · alice · 2026-11-21 09:14 · +12 −3`, in
    /// reverse video (`loading…` until the wanted revision arrives).
    func drawHistoryStatusLine(_ view: HistoryView, into frame: inout Frame, row: Int) {
        let style = Style(reverse: true)
        frame.fill(row: row, style: style)
        frame.draw(" " + historyHeader(view), row: row, column: 0, style: style)
    }

    /// The header text (see `drawHistoryStatusLine`).
    func historyHeader(_ view: HistoryView) -> String {
        guard let shown = view.shown else { return "History · loading…" }
        let latest = view.latestRevision ?? shown.latestRevision
        var pieces = ["History r\(view.targetRevision ?? shown.revision) of \(latest)"]
        guard shown.revision == view.targetRevision else { return pieces[0] + " · loading…" }
        let size = shown.size
        if let author = shown.authorName {
            pieces += [author, shown.timeText, "+\(size.inserted) \u{2212}\(size.deleted)"]
        } else {
            pieces += ["start of history", shown.timeText]
        }
        return pieces.joined(separator: " · ")
    }

    /// The help bar's keys while the view is open (`Left/Right Older/Newer  Enter Restore  Esc Close ...`).
    func historyHelpBarEntries(_ view: HistoryView) -> [(String, String)] {
        if view.confirmingRestore { return [("y", "Restore"), ("n", "Cancel")] }
        // The most needed first: a narrow terminal drops entries from the end.
        return [("Left/Right", "Older/Newer"), ("Enter", "Restore"), ("Esc", "Close"), ("Home/End", "First/Last"),
            ("n/p", "Next change"), ("Shift", "x10")]
    }
}
