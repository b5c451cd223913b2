import EditorCore

/// Copy, cut and paste through the internal clipboard; copies are also exported (OSC 52) as an effect.
extension Editor {
    /// Ctrl-C: copies the selection, or the cursor's whole line when nothing is selected.
    mutating func copySelection() {
        guard let (range, text, wholeLines) = clipboardSource() else {
            inform("Nothing to copy")
            return
        }
        store(text, wholeLines: wholeLines)
        inform(wholeLines ? "Copied the line" : "Copied \(range.count) characters")
    }

    /// Ctrl-X: cuts the selection, or the cursor's whole line when nothing is selected (one undo step).
    mutating func cutSelection() {
        guard let (range, text, wholeLines) = clipboardSource() else {
            inform("Nothing to cut")
            return
        }
        store(text, wholeLines: wholeLines)
        var deleted = range
        let buffer = document.buffer
        if wholeLines, range.lowerBound > 0, range.isEmpty || buffer.scalar(at: range.upperBound - 1) != "\n" {
            // The last line has no line break of its own: take the one before it.
            let previousLine = buffer.lineIndex(containing: range.lowerBound) - 1
            deleted = buffer.contentRange(ofLine: previousLine).upperBound..<range.upperBound
        }
        history.closeGroup()
        replace(deleted, with: "", kind: .other)
        history.closeGroup()
    }

    /// Ctrl-V: pastes the internal clipboard over the selection; whole lines copied without a selection are
    /// pasted above the cursor's line.
    mutating func pasteClipboard() {
        guard let text = clipboard.text, !text.isEmpty else {
            inform("The clipboard is empty")
            return
        }
        let normalized = text.normalizingLineBreaks(to: document.lineEnding.rawValue)
        guard clipboard.isWholeLines, selection.isEmpty else {
            insertAsOneStep(normalized)
            return
        }
        let buffer = document.buffer
        let lineStart = buffer.lineStart(buffer.lineIndex(containing: selection.head))
        let change = ChangeSet.replacing(lineStart..<lineStart, with: normalized, baseLength: buffer.scalarCount)
        history.closeGroup()
        commit(change, selectionAfter: Selection(cursor: change.mapPosition(selection.head, association: .after)),
            kind: .other)
    }

    /// What a copy or cut takes: the selection, or the cursor's line with its line break (one is added to the
    /// copied text when the last line has none). Nil when there is nothing.
    private func clipboardSource() -> (range: Range<Int>, text: String, wholeLines: Bool)? {
        let buffer = document.buffer
        if !selection.isEmpty {
            return (selection.range, buffer.substring(selection.range), false)
        }
        guard buffer.scalarCount > 0 else { return nil }
        let line = buffer.lineIndex(containing: selection.head)
        let end = line + 1 < buffer.lineCount ? buffer.lineStart(line + 1) : buffer.scalarCount
        let range = buffer.lineStart(line)..<end
        var text = buffer.substring(range)
        if line + 1 == buffer.lineCount { text += document.lineEnding.rawValue }
        return (range, text, true)
    }

    private mutating func store(_ text: String, wholeLines: Bool) {
        clipboard = Clipboard(text: text, isWholeLines: wholeLines)
        emit(.exportToClipboard(text))
    }
}
