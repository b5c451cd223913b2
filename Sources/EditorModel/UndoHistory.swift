import EditorCore

/// The local user's undo and redo stacks, each step a `ChangeSet` with its inverse and the selections around it.
///
/// **Grouping** (what one Ctrl-Z undoes): consecutive edits of the same kind merge into the open step: typed text
/// (a new step starts when a non-blank character follows a blank, so a typed word and the space after it are one
/// step), consecutive Backspaces, consecutive Deletes. Every other edit (newline, paste, cut, indent, replace, …)
/// is a step of its own, and `closeGroup()` (called on any cursor movement, save or mode change) ends the open
/// step.
///
/// **Invariant:** the top undo entry's `change` ends in the current document and its `inverse` starts there; the
/// top redo entry's `change` starts in the current document. Every change the document sees must therefore be
/// either recorded here (local) or passed to `map(through:)` (remote).
///
/// Limitations: at most `limit` steps are kept (the oldest are dropped); remote changes never merge into a step.
struct UndoHistory: Sendable {
    /// What kind of edit a step is, for grouping.
    enum EditKind: Hashable, Sendable {
        /// Typed text; `endsInBlank` when its last character is a space or tab.
        case typing(endsInBlank: Bool)
        case deleteBackward
        case deleteForward
        /// Anything else: always a step of its own.
        case other
    }

    /// One undoable step.
    struct Entry: Sendable {
        /// Takes the document from before the step to after it.
        var change: ChangeSet
        /// Takes the document from after the step back to before it.
        var inverse: ChangeSet
        var selectionBefore: Selection
        var selectionAfter: Selection
    }

    /// The maximum number of undo steps kept.
    var limit = 1_000
    private(set) var undoStack: [Entry] = []
    private(set) var redoStack: [Entry] = []
    /// The kind of the top undo entry while it may still absorb the next edit; nil when the group is closed.
    private var openKind: EditKind?

    var canUndo: Bool { !undoStack.isEmpty }
    var canRedo: Bool { !redoStack.isEmpty }

    /// Records a local edit (clears the redo stack), merging it into the open step when the grouping rules allow.
    mutating func record(_ entry: Entry, kind: EditKind) {
        redoStack.removeAll()
        if let open = openKind, Self.merges(kind, into: open), var top = undoStack.last,
            let change = try? top.change.composed(with: entry.change),
            let inverse = try? entry.inverse.composed(with: top.inverse)
        {
            top.change = change
            top.inverse = inverse
            top.selectionAfter = entry.selectionAfter
            undoStack[undoStack.count - 1] = top
        } else {
            undoStack.append(entry)
            if undoStack.count > limit { undoStack.removeFirst(undoStack.count - limit) }
        }
        openKind = kind == .other ? nil : kind
    }

    /// Ends the open step: the next edit starts a new one.
    mutating func closeGroup() {
        openKind = nil
    }

    /// Removes the most recent step and moves it to the redo stack; the caller applies its `inverse`.
    mutating func popUndo() -> Entry? {
        openKind = nil
        guard let entry = undoStack.popLast() else { return nil }
        redoStack.append(entry)
        return entry
    }

    /// Removes the most recently undone step and moves it back to the undo stack; the caller applies its `change`.
    mutating func popRedo() -> Entry? {
        openKind = nil
        guard let entry = redoStack.popLast() else { return nil }
        undoStack.append(entry)
        return entry
    }

    /// Forgets everything (used when a change could not be mapped, so that undo never applies a wrong change).
    mutating func removeAll() {
        undoStack.removeAll()
        redoStack.removeAll()
        openKind = nil
    }

    /// Rewrites both stacks so that they apply after `remote`, a change made by someone else to the current
    /// document.
    ///
    /// Walking the undo stack from the newest step down, `remote` is carried back through each step: with `R_k`
    /// expressed on the document after step k, `(inverse', R_{k-1}) = transform(inverse_k, R_k)` and
    /// `change' = transform(change_k, R_{k-1}).a`. The redo stack is walked forwards the same way. Undo then
    /// removes only this user's edits, keeping everyone else's. Throws when a length does not fit (a bug); the
    /// caller then clears the history.
    mutating func map(through remote: ChangeSet) throws {
        var remoteAtStep = remote
        for index in undoStack.indices.reversed() {
            var entry = undoStack[index]
            let (inverse, remoteBefore) = try Self.transform(entry.inverse, against: remoteAtStep)
            let (change, _) = try Self.transform(entry.change, against: remoteBefore)
            entry.selectionAfter = entry.selectionAfter.mapped(through: remoteAtStep)
            entry.selectionBefore = entry.selectionBefore.mapped(through: remoteBefore)
            entry.inverse = inverse
            entry.change = change
            undoStack[index] = entry
            remoteAtStep = remoteBefore
        }
        remoteAtStep = remote
        for index in redoStack.indices.reversed() {
            var entry = redoStack[index]
            let (change, remoteAfter) = try Self.transform(entry.change, against: remoteAtStep)
            let (inverse, _) = try Self.transform(entry.inverse, against: remoteAfter)
            entry.selectionBefore = entry.selectionBefore.mapped(through: remoteAtStep)
            entry.selectionAfter = entry.selectionAfter.mapped(through: remoteAfter)
            entry.change = change
            entry.inverse = inverse
            redoStack[index] = entry
            remoteAtStep = remoteAfter
        }
    }

    /// Transforms a local stored change against a concurrent remote one; on an insert–insert tie the remote text
    /// comes first (an undone deletion reappears after text someone else typed at the same place).
    private static func transform(_ local: ChangeSet, against remote: ChangeSet) throws -> (ChangeSet, ChangeSet) {
        let result = try ChangeSet.transform(local, remote, tieBreak: .secondInsertsFirst)
        return (result.a, result.b)
    }

    private static func merges(_ kind: EditKind, into open: EditKind) -> Bool {
        switch (open, kind) {
        case (.typing(let openEndsInBlank), .typing(let endsInBlank)):
            // "word" + " " merge; " " + "w" starts a new word.
            return !(openEndsInBlank && !endsInBlank)
        case (.deleteBackward, .deleteBackward), (.deleteForward, .deleteForward):
            return true
        default:
            return false
        }
    }
}
