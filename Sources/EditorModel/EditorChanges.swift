import EditorCore

/// The one path by which text changes: local edits, undo/redo and remote edits all become a `ChangeSet` applied
/// to the document, after which the view is mapped through it.
extension Editor {
    /// Applies a change made elsewhere (`.remote`) or by the shell on the user's behalf (`.local`).
    ///
    /// Remote: the undo history is transformed so that undo still removes only this user's edits; the selection,
    /// the search state and the scroll anchor are mapped so they stay on the same text: text inserted above the
    /// view does not move the view off its line, and the selection follows `Selection.mapped(through:)` (a cursor
    /// stays before text inserted exactly at it). The cursor is not scrolled into view.
    /// Local: recorded as one undo step, the cursor mapped through it.
    /// Throws (changing nothing) when `change.baseLength` is not the document's length.
    public mutating func apply(_ change: ChangeSet, origin: ChangeOrigin) throws {
        switch origin {
        case .local:
            let before = document.buffer
            try document.apply(change, origin: .local)
            let after = snapped(selection.mapped(through: change))
            record(change, inverse: change.inverted(against: before), selectionAfter: after, kind: .other)
        case .remote:
            try document.apply(change, origin: .remote)
            follow(remote: change)
        }
    }

    /// Applies a remote change whose resulting text the sync layer already made (`result`: the buffer with
    /// `change` applied): the buffer becomes `result`, sharing its storage, and everything else is as
    /// `apply(change, origin: .remote)`. Throws (changing nothing) when the lengths do not fit.
    public mutating func applyRemote(_ change: ChangeSet, result: TextBuffer) throws {
        try document.adopt(result, changedBy: change)
        follow(remote: change)
    }

    /// Maps the undo history, the selection and the view through a remote change already in the buffer.
    private mutating func follow(remote change: ChangeSet) {
        do {
            try history.map(through: change)
        } catch {
            history.removeAll()
            inform("Undo history cleared: a remote change did not fit it (\(error))", isError: true)
        }
        selection = snapped(selection.mapped(through: change))
        mapView(through: change)
    }

    /// Applies a local edit: records it for undo (grouped by `kind`), sets the selection and shows the cursor.
    mutating func commit(_ change: ChangeSet, selectionAfter: Selection, kind: UndoHistory.EditKind) {
        guard !change.isIdentity else {
            selection = snapped(selectionAfter)
            revealCursor()
            return
        }
        let inverse = change.inverted(against: document.buffer)
        do {
            try document.apply(change, origin: .local)
        } catch {
            inform("Edit not applied: \(error)", isError: true)
            return
        }
        record(change, inverse: inverse, selectionAfter: selectionAfter, kind: kind)
    }

    /// Replaces `range` with `text` as one local edit and puts the cursor after the inserted text.
    mutating func replace(_ range: Range<Int>, with text: String, kind: UndoHistory.EditKind) {
        let change = ChangeSet.replacing(range, with: text, baseLength: document.buffer.scalarCount)
        commit(change, selectionAfter: Selection(cursor: range.lowerBound + text.scalarCount), kind: kind)
    }

    /// Undoes the last step of this user's edits.
    mutating func undo() {
        guard let entry = history.popUndo() else {
            inform("Nothing to undo")
            return
        }
        applyHistoryChange(entry.inverse, selection: entry.selectionBefore)
    }

    /// Redoes the last undone step.
    mutating func redo() {
        guard let entry = history.popRedo() else {
            inform("Nothing to redo")
            return
        }
        applyHistoryChange(entry.change, selection: entry.selectionAfter)
    }

    /// Keeps every offset that lives beside the selection on its text after `change` (scroll anchor, searches).
    mutating func mapView(through change: ChangeSet) {
        viewport.map(through: change, layout: layout)
        guard case .prompt(var prompt) = mode else { return }
        switch prompt.kind {
        case .find(var session):
            session.map(through: change)
            prompt.kind = .find(session)
        case .replaceSearch(var session):
            session.map(through: change)
            prompt.kind = .replaceSearch(session)
        case .replaceWith(let query, var session):
            session.map(through: change)
            prompt.kind = .replaceWith(query: query, session: session)
        case .replaceConfirm(var session):
            session.map(through: change)
            prompt.kind = .replaceConfirm(session)
        case .goToLine, .saveBeforeQuit, .overwrite:
            return
        }
        mode = .prompt(prompt)
    }

    /// `selection` clamped to the document and moved to grapheme boundaries.
    func snapped(_ selection: Selection) -> Selection {
        let buffer = document.buffer
        return Selection(anchor: buffer.graphemeBoundary(atOrBefore: selection.anchor),
            head: buffer.graphemeBoundary(atOrBefore: selection.head))
    }

    private mutating func record(
        _ change: ChangeSet, inverse: ChangeSet, selectionAfter: Selection, kind: UndoHistory.EditKind
    ) {
        history.record(
            UndoHistory.Entry(change: change, inverse: inverse, selectionBefore: selection,
                selectionAfter: selectionAfter),
            kind: kind)
        mapView(through: change)
        selection = snapped(selectionAfter)
        goalColumn = nil
        revealCursor()
    }

    private mutating func applyHistoryChange(_ change: ChangeSet, selection newSelection: Selection) {
        do {
            try document.apply(change, origin: .local)
        } catch {
            history.removeAll()
            inform("Undo history cleared: \(error)", isError: true)
            return
        }
        mapView(through: change)
        selection = snapped(newSelection)
        goalColumn = nil
        revealCursor()
    }
}
