import EditorCore

/// Ctrl-L: go to a line, optionally a column ("12" or "12:5"; 1-based; the column counts grapheme clusters).
extension Editor {
    /// Ctrl-L: opens the prompt.
    mutating func startGoToLine() {
        mode = .prompt(Prompt(kind: .goToLine))
    }

    /// Keys in the go-to-line prompt.
    mutating func handleGoToLineKey(_ key: KeyPress, prompt: Prompt) {
        var prompt = prompt
        switch key.key {
        case .escape:
            mode = .editing
        case .enter:
            mode = .editing
            goTo(prompt.line.text)
        default:
            if prompt.line.handle(key) { mode = .prompt(prompt) }
        }
    }

    /// Moves the cursor to the position `text` names; a line past the end goes to the last line, a column past
    /// the end of the line to its end. Shows an error for text that is not a position.
    mutating func goTo(_ text: String) {
        guard let (line, column) = Self.parseLinePosition(text) else {
            inform("Not a line number: \(text)", isError: true)
            return
        }
        let lineIndex = min(line, document.buffer.lineCount) - 1
        let offset = layout.offset(afterGraphemes: column - 1, inLine: lineIndex)
        history.closeGroup()
        setSelection(Selection(cursor: offset))
    }

    /// Parses "line" or "line:column" (also "line,column"); both at least 1.
    static func parseLinePosition(_ text: String) -> (line: Int, column: Int)? {
        let parts = text.trimmingBlanks.split(
            omittingEmptySubsequences: false, whereSeparator: { $0 == ":" || $0 == "," })
        guard (1...2).contains(parts.count), let line = Int(parts[0]), line >= 1 else { return nil }
        guard parts.count == 2 else { return (line, 1) }
        guard let column = Int(parts[1]), column >= 1 else { return nil }
        return (line, column)
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs.
    var trimmingBlanks: Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return self[first...last]
    }
}
