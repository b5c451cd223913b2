import EditorCore

/// What the text area shows: the document (editing and prompts) or a past revision (the history view).
struct TextAreaContent {
    let buffer: TextBuffer
    let layout: TextLayout
    let viewport: Viewport
    let geometry: ScreenGeometry
    /// The selection drawn in reverse video (nil: none).
    let selection: Selection?
    /// Whether the terminal cursor is placed at `selection.head`.
    let showsCursor: Bool
    /// Search matches to highlight (sorted).
    let matches: [Range<Int>]
    /// The lines to mark as changed (the history view).
    var marks: ChangedLines? = nil
}

/// One text row as `drawTextArea` drew it, kept so that what is drawn over the text (remote cursors) is placed
/// without laying lines out again.
struct DrawnRow {
    /// The row of the screen.
    let screenRow: Int
    /// The visual row of the document shown there.
    let row: VisualRow
    /// The offset where the row's line starts.
    let lineStart: Int
    /// The layout of the row's line as drawn (shared by the rows of a wrapped line; without soft wrap only the
    /// columns on screen are kept: see `LineLayout.init`).
    let lineLayout: LineLayout
    /// The scalar range the row shows (its line break included for the last row of a line).
    let range: ClosedRange<Int>
}

/// Drawing the editor into a `Frame`: the text area here, the bars below it in `ChromeRenderer.swift`.
extension Editor {
    /// The whole screen for the current state. Costs O(visible text + log n): only the lines on screen are read
    /// (plus up to `SyntaxHighlighter.lookbackLines` lines above them for syntax state).
    ///
    /// `Frame.clipboardExport` is left nil: copies reach the shell as `EditorEffect.exportToClipboard`.
    public func render() -> Frame {
        renderWithRows().frame
    }

    /// `render()`, with the text rows as drawn (none in the help screen).
    func renderWithRows() -> (frame: Frame, rows: [DrawnRow]) {
        var frame = Frame(rows: rows, columns: columns)
        let geometry = self.geometry
        var drawn: [DrawnRow] = []
        switch mode {
        case .help(let firstLine):
            HelpScreen.draw(into: &frame, rows: geometry.textRows, firstLine: firstLine)
        case .history(let view):
            if let content = historyTextArea(view) { drawn = drawTextArea(into: &frame, content: content) }
        case .editing, .prompt:
            drawn = drawTextArea(into: &frame, content: documentTextArea(geometry: geometry))
        }
        drawStatusLine(into: &frame, geometry: geometry)
        drawMessageLine(into: &frame, geometry: geometry)
        drawHelpBar(into: &frame, geometry: geometry)
        return (frame, drawn)
    }

    /// The document as the text area shows it while editing.
    private func documentTextArea(geometry: ScreenGeometry) -> TextAreaContent {
        let layout = self.layout
        let top = layout.visualRow(containing: viewport.topOffset)
        return TextAreaContent(
            buffer: document.buffer, layout: layout, viewport: viewport, geometry: geometry, selection: selection,
            showsCursor: { if case .editing = mode { true } else { false } }(),
            matches: visibleSearchMatches(from: top, layout: layout, rows: geometry.textRows))
    }

    /// Draws the visible rows of `content`: the gutter (line numbers, change marks), the text with its syntax
    /// colours, search matches, the selection and the cursor. Returns the rows drawn, with their layouts.
    ///
    /// Without soft wrap a line is read only from the checkpoint before the left edge of the view to its right
    /// edge (`TextLayout.layout(line:columnLimit:firstColumn:)`); lines longer than
    /// `SyntaxHighlighter.maximumLineLength` are not coloured, so a long line costs O(segment + screen).
    @discardableResult
    func drawTextArea(into frame: inout Frame, content: TextAreaContent) -> [DrawnRow] {
        let geometry = content.geometry
        guard geometry.textRows > 0 else { return [] }
        var drawn: [DrawnRow] = []
        let buffer = content.buffer
        let layout = content.layout
        let selected = content.selection?.range ?? 0..<0
        let top = layout.visualRow(containing: content.viewport.topOffset)
        let leftColumn = layout.wrapWidth == nil ? content.viewport.leftColumn : 0
        let textBounds = geometry.gutterWidth..<geometry.columns
        let matches = content.matches
        var highlightState = initialHighlightState(beforeLine: top.line, in: buffer)
        var row = top
        var lineLayout = LineLayout(text: "", tabWidth: 1, wrapWidth: nil)
        var spans: [HighlightSpan] = []
        var lineStart = 0
        var lineEnd = 0
        var lineMark: ChangedLines.Mark?
        for screenRow in 0..<geometry.textRows {
            if screenRow == 0 || row.row == 0 {
                let lineContent = buffer.contentRange(ofLine: row.line)
                lineLayout = layout.layout(line: row.line, columnLimit: leftColumn + geometry.textColumns,
                    firstColumn: leftColumn)
                lineStart = lineContent.lowerBound
                lineEnd = lineContent.upperBound
                spans = highlight(lineContent, of: buffer, state: &highlightState)
                lineMark = content.marks?.mark(ofLine: row.line)
            }
            let isLastRowOfLine = row.row == lineLayout.rows.count - 1
            let rowStart = row.row == 0 ? lineStart : lineStart + lineLayout.startOffset(ofRow: row.row)
            let rowEnd = isLastRowOfLine ? lineEnd : lineStart + lineLayout.startOffset(ofRow: row.row + 1) - 1
            drawn.append(DrawnRow(screenRow: screenRow, row: row, lineStart: lineStart, lineLayout: lineLayout,
                range: rowStart...max(rowStart, rowEnd)))
            if row.row == 0, geometry.gutterWidth > 0 {
                let numberWidth = geometry.gutterWidth - geometry.markWidth - 1
                if numberWidth > 0 {
                    let number = String(row.line + 1)
                    let padding = String(repeating: " ", count: max(0, numberWidth - number.count))
                    frame.draw(padding + number, row: screenRow, column: 0, limit: numberWidth,
                        style: configuration.colorEnabled ? Style(foreground: .yellow) : Style())
                }
                if geometry.markWidth > 0, let lineMark {
                    drawChangeMark(lineMark, into: &frame, row: screenRow,
                        column: geometry.gutterWidth - geometry.markWidth)
                }
            }
            if lineMark == .changed { paintChangedRow(into: &frame, row: screenRow, bounds: textBounds) }
            var spanIndex = 0
            var matchIndex = 0
            for itemIndex in lineLayout.rows[row.row] {
                let item = lineLayout.items[itemIndex]
                let offset = lineStart + item.offset
                var style = Style()
                while spanIndex < spans.count, spans[spanIndex].range.upperBound <= item.offset { spanIndex += 1 }
                if spanIndex < spans.count, spans[spanIndex].range.contains(item.offset) {
                    style = SyntaxHighlighter.style(for: spans[spanIndex].kind)
                }
                if case .substitute? = item.glyph {
                    style = configuration.colorEnabled ? Style(foreground: .magenta, bold: true) : Style(bold: true)
                }
                while matchIndex < matches.count, matches[matchIndex].upperBound <= offset { matchIndex += 1 }
                if matchIndex < matches.count, matches[matchIndex].contains(offset) {
                    style = configuration.colorEnabled
                        ? Style(foreground: .black, background: .yellow) : Style(underline: true)
                }
                if selected.contains(offset) { style.reverse = true }
                if lineMark == .changed { style = changedStyle(style) }
                frame.draw(item.glyph, width: item.width, row: screenRow,
                    column: geometry.gutterWidth + item.column - leftColumn, bounds: textBounds, style: style)
            }
            if isLastRowOfLine, !lineLayout.isTruncated, row.line + 1 < buffer.lineCount,
                selected.contains(lineEnd)
            {
                let column = geometry.gutterWidth + lineLayout.endColumn(ofRow: row.row) - leftColumn
                frame.draw(.narrow(" "), width: 1, row: screenRow, column: column, bounds: textBounds,
                    style: Style(reverse: true))
            }
            if content.showsCursor, let head = content.selection?.head, head >= lineStart, head <= lineEnd,
                lineLayout.isTruncated ? head < lineStart + lineLayout.length : true,
                head - lineStart >= lineLayout.firstKeptOffset || lineLayout.items.isEmpty,
                lineLayout.row(containing: head - lineStart) == row.row
            {
                let column = geometry.gutterWidth + lineLayout.position(of: head - lineStart).column
                    - leftColumn
                if textBounds.contains(column) { frame.cursor = ScreenPosition(row: screenRow, column: column) }
            }
            guard let next = isLastRowOfLine
                ? (row.line + 1 < buffer.lineCount ? VisualRow(line: row.line + 1, row: 0) : nil)
                : VisualRow(line: row.line, row: row.row + 1)
            else { break }
            row = next
        }
        return drawn
    }

    /// The syntax spans of the line whose content is `content` when colour is on (none otherwise), advancing the
    /// carried state. A line longer than `SyntaxHighlighter.maximumLineLength` is not coloured and leaves the state
    /// as it was (as editors commonly do: colouring it would read the whole line on every frame).
    private func highlight(_ content: Range<Int>, of buffer: TextBuffer, state: inout HighlightState)
        -> [HighlightSpan]
    {
        guard let syntax, configuration.colorEnabled, content.count <= SyntaxHighlighter.maximumLineLength else {
            return []
        }
        return SyntaxHighlighter.highlight(buffer.substring(content), language: syntax, state: &state)
    }

    /// The highlighter state at the start of `line` of `buffer`, from a bounded scan of the lines above it.
    private func initialHighlightState(beforeLine line: Int, in buffer: TextBuffer) -> HighlightState {
        var state = HighlightState.normal
        guard syntax != nil, configuration.colorEnabled else { return state }
        for previous in max(0, line - SyntaxHighlighter.lookbackLines)..<line {
            _ = highlight(buffer.contentRange(ofLine: previous), of: buffer, state: &state)
        }
        return state
    }

    /// The matches of the active search query inside the visible text (highlighted besides the selected one).
    private func visibleSearchMatches(from top: VisualRow, layout: TextLayout, rows: Int) -> [Range<Int>] {
        guard case .prompt(let prompt) = mode else { return [] }
        let query: SearchQuery?
        switch prompt.kind {
        case .find, .replaceSearch: query = SearchQuery(prompt.line.text)
        case .replaceWith(let searched, _): query = searched
        case .replaceConfirm(let session): query = session.query
        default: query = nil
        }
        guard let query else { return [] }
        let start = layout.startOffset(of: top)
        let bottom = layout.row(top, movedBy: rows).row
        let end = document.buffer.lineRange(bottom.line).upperBound
        return TextSearch.allMatches(of: query, in: document.buffer, startingIn: start..<end)
    }
}
