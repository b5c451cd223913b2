import EditorCore

/// The status line, the message line (messages and prompts) and the help bar.
extension Editor {
    /// The status line: `name [+]` on the left; `line:column | N lines | LF | LaTeX` on the right, in reverse
    /// video. The column counts grapheme clusters from 1. A long name is cut at its start (`<…`).
    /// "3 lines", counted as `wc -l`, vim and nano count them: a final line break ends the last line, it does
    /// not start another ("a\nb\n" and "a\nb" both have 2 lines; "" has 1), although the cursor can go there.
    static func lineCountText(_ buffer: TextBuffer) -> String {
        let lastLine = buffer.lineCount - 1
        let count = lastLine > 0 && buffer.lineRange(lastLine).isEmpty ? lastLine : lastLine + 1
        return "\(count) \(count == 1 ? "line" : "lines")"
    }

    func drawStatusLine(into frame: inout Frame, geometry: ScreenGeometry) {
        guard let row = geometry.statusRow else { return }
        if case .history(let view) = mode { return drawHistoryStatusLine(view, into: &frame, row: row) }
        let style = Style(reverse: true)
        frame.fill(row: row, style: style)
        let buffer = document.buffer
        let line = buffer.lineIndex(containing: selection.head)
        let column = layout.graphemeCount(before: selection.head) + 1
        var pieces = ["\(line + 1):\(column)", Self.lineCountText(buffer), document.lineEnding == .crlf ? "CRLF" : "LF"]
        if let syntax { pieces.append(syntax.displayName) }
        if isOverwriting { pieces.insert("OVR", at: 0) }
        let modified = (document.isModified ? " [+]" : "") + (isReadOnly ? " [read-only]" : "")
        // The name keeps up to 16 columns; the right side drops pieces from its end to make room.
        let nameRoom = min(DisplayWidth.width(of: fileName), 16) + modified.count + 2
        var right = pieces.joined(separator: " | ") + " "
        while pieces.count > 1, nameRoom + DisplayWidth.width(of: right) > geometry.columns {
            pieces.removeLast()
            right = pieces.joined(separator: " | ") + " "
        }
        let rightWidth = DisplayWidth.width(of: right)
        let nameWidth = max(0, geometry.columns - rightWidth - modified.count - 2)
        let left = " " + fileName.keepingEnd(width: nameWidth) + modified
        frame.draw(left, row: row, column: 0, style: style)
        let rightStart = max(DisplayWidth.width(of: left) + 1, geometry.columns - rightWidth)
        frame.draw(right, row: row, column: rightStart, style: style)
    }

    /// The message line: the open prompt with its text field (and the cursor in it), or the last message.
    func drawMessageLine(into frame: inout Frame, geometry: ScreenGeometry) {
        guard let row = geometry.messageRow, geometry.columns > 0 else { return }
        if case .history(let view) = mode, let question = historyQuestion(view) {
            let end = frame.draw(question, row: row, column: 0, limit: max(0, geometry.columns - 1),
                style: Style(bold: true))
            frame.cursor = ScreenPosition(row: row, column: min(end, max(0, geometry.columns - 1)))
            return
        }
        guard case .prompt(let prompt) = mode else {
            guard let message else { return }
            frame.draw(message.text, row: row, column: 0, style: messageStyle(message))
            return
        }
        let question = promptQuestion(prompt)
        let fieldStart = frame.draw(question, row: row, column: 0, limit: max(0, geometry.columns - 1),
            style: Style(bold: true))
        guard prompt.kind.takesText else {
            frame.cursor = ScreenPosition(row: row, column: min(fieldStart, max(0, geometry.columns - 1)))
            return
        }
        // Scroll the field so that the cursor stays visible.
        let characters = Array(prompt.line.text)
        let available = max(1, geometry.columns - fieldStart)
        var first = 0
        var widthBeforeCursor = characters[..<prompt.line.cursor].reduce(0) { $0 + DisplayWidth.width(of: String($1)) }
        while widthBeforeCursor >= available, first < prompt.line.cursor {
            widthBeforeCursor -= DisplayWidth.width(of: String(characters[first]))
            first += 1
        }
        let fieldEnd = frame.draw(String(characters[first...]), row: row, column: fieldStart, style: Style())
        if let message {
            // A search's result ("Not found") shows beside the field.
            frame.draw("  [" + message.text + "]", row: row, column: fieldEnd, style: messageStyle(message))
        }
        let cursorColumn = fieldStart + widthBeforeCursor
        if cursorColumn < geometry.columns { frame.cursor = ScreenPosition(row: row, column: cursorColumn) }
    }

    /// Errors in red and bold (bold only without colour); other messages plain.
    private func messageStyle(_ message: StatusMessage) -> Style {
        guard message.isError else { return Style() }
        return configuration.colorEnabled ? Style(foreground: .red, bold: true) : Style(bold: true)
    }

    /// The one-line help bar: the main keys for the current mode, each key in reverse video.
    func drawHelpBar(into frame: inout Frame, geometry: ScreenGeometry) {
        guard let row = geometry.helpRow else { return }
        var column = 0
        for (key, label) in helpBarEntries() {
            let needed = DisplayWidth.width(of: key) + 1 + DisplayWidth.width(of: label)
            guard column + needed <= geometry.columns else { break }
            column = frame.draw(key, row: row, column: column, style: Style(reverse: true))
            column = frame.draw(" " + label + "  ", row: row, column: column, style: Style())
        }
    }

    /// The question a prompt asks, before its text field.
    func promptQuestion(_ prompt: Prompt) -> String {
        switch prompt.kind {
        case .find: "Find: "
        case .replaceSearch: "Replace: "
        case .replaceWith(let query, _): "Replace \"\(query.text)\" with: "
        case .replaceConfirm: "Replace this match? (y)es (n)o (a)ll, Esc stops "
        case .goToLine: "Go to line (line or line:column): "
        case .saveBeforeQuit: "Save changes? (y/n, Esc cancels) "
        case .overwrite: "The file changed on disk since it was read. Overwrite it? (y/n) "
        }
    }

    /// The keys listed in the help bar for the current mode.
    private func helpBarEntries() -> [(String, String)] {
        switch mode {
        case .editing:
            return [
                ("^G", "Help"), ("^S", "Save"), ("^Q", "Quit"), ("^F", "Find"), ("^R", "Replace"), ("^L", "Go to"),
                ("^Z", "Undo"), ("^Y", "Redo"), ("^C", "Copy"), ("^X", "Cut"), ("^V", "Paste"), ("M-N", "Numbers"),
                ("M-W", "Wrap"),
            ]
        case .help:
            return [("Up/Down", "Scroll"), ("PgUp/PgDn", "Page"), ("Esc", "Close help")]
        case .history(let view):
            return historyHelpBarEntries(view)
        case .prompt(let prompt):
            switch prompt.kind {
            case .find:
                return [("Enter/Down", "Next"), ("Up", "Previous"), ("Esc", "Cancel"), ("^F", "Stay here")]
            case .replaceSearch:
                return [("Enter", "Replace with..."), ("Down/Up", "Next/Previous"), ("Esc", "Cancel")]
            case .replaceWith, .goToLine:
                return [("Enter", "OK"), ("Esc", "Cancel")]
            case .replaceConfirm:
                return [("y", "Replace"), ("n", "Skip"), ("a", "All remaining"), ("Esc", "Stop")]
            case .saveBeforeQuit:
                return [("y", "Save and quit"), ("n", "Quit without saving"), ("Esc", "Cancel")]
            case .overwrite:
                return [("y", "Overwrite"), ("n", "Do not save")]
            }
        }
    }
}
