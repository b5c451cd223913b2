import EditorCore

/// Commands that change the text at the cursor: typing, newline, deletion, tab and indentation, pastes.
extension Editor {
    /// Types `text` over the selection. Consecutive typing is one undo step per word (see `UndoHistory`).
    mutating func typeText(_ text: String) {
        if !selection.isEmpty { history.closeGroup() }
        let endsInBlank = text.unicodeScalars.last.map(\.isBlank) ?? false
        replace(selection.range, with: text, kind: .typing(endsInBlank: endsInBlank))
    }

    /// Typing in overwrite mode: `text` replaces the grapheme cluster under the cursor; at a line break or at the
    /// end of the document it is inserted (overwriting never joins lines), and with a selection it replaces the
    /// selection as in insert mode. Consecutive overwrites are one undo step, like typing.
    mutating func overwrite(with text: String) {
        guard selection.isEmpty else { return typeText(text) }
        let buffer = document.buffer
        let head = selection.head
        let contentEnd = buffer.contentRange(ofLine: buffer.lineIndex(containing: head)).upperBound
        let end = head < contentEnd ? min(contentEnd, buffer.nextGraphemeBoundary(after: head)) : head
        let endsInBlank = text.unicodeScalars.last.map(\.isBlank) ?? false
        replace(head..<end, with: text, kind: .typing(endsInBlank: endsInBlank))
    }

    /// Enter: a line break (the document's own, LF or CRLF) followed by the current line's indentation, up to the
    /// cursor when the cursor is inside the indentation.
    mutating func insertNewline() {
        let buffer = document.buffer
        let range = selection.range
        let line = buffer.lineIndex(containing: range.lowerBound)
        let start = buffer.lineStart(line)
        let indentEnd = min(firstNonBlankOffset(line: line), range.lowerBound)
        let indentation = buffer.substring(start..<indentEnd)
        replace(range, with: document.lineEnding.rawValue + indentation, kind: .other)
    }

    /// Tab: indents the selected lines when there is a selection, else inserts a tab (or spaces to the next tab
    /// stop when `insertsSpacesForTab`).
    mutating func insertTabOrIndent() {
        guard selection.isEmpty else {
            indentSelection()
            return
        }
        var text = "\t"
        if configuration.insertsSpacesForTab {
            let unlimited = TextLayout(buffer: document.buffer, tabWidth: configuration.tabWidth, wrapWidth: nil,
                columnIndexes: document.columnIndexes)
            let column = unlimited.position(of: selection.head).column
            text = String(repeating: " ", count: configuration.tabWidth - column % configuration.tabWidth)
        }
        replace(selection.range, with: text, kind: .typing(endsInBlank: true))
    }

    /// Inserts one indentation unit at the start of every non-empty line the selection touches (one undo step);
    /// the selection grows to cover the inserted indentation.
    mutating func indentSelection() {
        let buffer = document.buffer
        let unit = configuration.insertsSpacesForTab ? String(repeating: " ", count: configuration.tabWidth) : "\t"
        var edits: [(range: Range<Int>, text: String)] = []
        for line in selectedLines() where !buffer.contentRange(ofLine: line).isEmpty {
            let start = buffer.lineStart(line)
            edits.append((start..<start, unit))
        }
        commitLineEdits(edits)
    }

    /// Shift-Tab: removes one tab, or up to a tab width of spaces, from the start of each selected line (or the
    /// cursor's line); one undo step.
    mutating func outdentSelection() {
        let buffer = document.buffer
        var edits: [(range: Range<Int>, text: String)] = []
        for line in selectedLines() {
            let content = buffer.contentRange(ofLine: line)
            var end = content.lowerBound
            if end < content.upperBound, buffer.scalar(at: end) == "\t" {
                end += 1
            } else {
                while end < content.upperBound, end - content.lowerBound < configuration.tabWidth,
                    buffer.scalar(at: end) == " "
                {
                    end += 1
                }
            }
            if end > content.lowerBound { edits.append((content.lowerBound..<end, "")) }
        }
        commitLineEdits(edits)
    }

    /// Backspace: deletes the selection, or the grapheme cluster before the cursor.
    mutating func deleteBackward() {
        deleteSelectionOr(kind: .deleteBackward, to: document.buffer.previousGraphemeBoundary(before: selection.head))
    }

    /// Delete: deletes the selection, or the grapheme cluster after the cursor.
    mutating func deleteForward() {
        deleteSelectionOr(kind: .deleteForward, to: document.buffer.nextGraphemeBoundary(after: selection.head))
    }

    /// Ctrl-Backspace: deletes the selection, or back to the previous word start.
    mutating func deleteWordBackward() {
        deleteSelectionOr(kind: .other, to: document.buffer.previousWordBoundary(before: selection.head))
    }

    /// Ctrl-Delete: deletes the selection, or on to the next word end.
    mutating func deleteWordForward() {
        deleteSelectionOr(kind: .other, to: document.buffer.nextWordBoundary(after: selection.head))
    }

    /// A bracketed paste from the terminal: inserted as one undo step, line breaks converted to the document's,
    /// never auto-indented.
    mutating func pasteFromTerminal(_ text: String) {
        insertAsOneStep(text.normalizingLineBreaks(to: document.lineEnding.rawValue))
    }

    /// Replaces the selection with `text` as an undo step of its own.
    mutating func insertAsOneStep(_ text: String) {
        history.closeGroup()
        replace(selection.range, with: text, kind: .other)
        history.closeGroup()
    }

    /// The lines touched by the selection; a selection ending at the start of a line does not include that line.
    func selectedLines() -> ClosedRange<Int> {
        let buffer = document.buffer
        let range = selection.range
        let first = buffer.lineIndex(containing: range.lowerBound)
        var last = buffer.lineIndex(containing: range.upperBound)
        if last > first, range.upperBound == buffer.lineStart(last) { last -= 1 }
        return first...last
    }

    /// Deletes the selection, or else the text between the cursor and `other`.
    private mutating func deleteSelectionOr(kind: UndoHistory.EditKind, to other: Int) {
        if !selection.isEmpty {
            history.closeGroup()
            replace(selection.range, with: "", kind: .other)
            return
        }
        let head = selection.head
        guard other != head else { return }
        replace(min(head, other)..<max(head, other), with: "", kind: kind)
    }

    /// Applies per-line edits as one step; the selection keeps covering the same lines (text inserted at its start
    /// is included).
    private mutating func commitLineEdits(_ edits: [(range: Range<Int>, text: String)]) {
        guard !edits.isEmpty else { return }
        let change = ChangeSet.replacing(edits, baseLength: document.buffer.scalarCount)
        let forward = selection.anchor <= selection.head
        let lower = change.mapPosition(selection.range.lowerBound, association: .before)
        let upper = change.mapPosition(selection.range.upperBound, association: selection.isEmpty ? .before : .after)
        let after = selection.isEmpty
            ? Selection(cursor: change.mapPosition(selection.head, association: .after))
            : Selection(anchor: forward ? lower : upper, head: forward ? upper : lower)
        history.closeGroup()
        commit(change, selectionAfter: after, kind: .other)
    }
}
