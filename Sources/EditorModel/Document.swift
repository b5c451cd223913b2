import EditorCore

/// Where a change to the document came from.
public enum ChangeOrigin: Hashable, Sendable {
    /// Made by this editor's user (recorded in the undo history).
    case local
    /// Made by someone else and delivered by the sync layer (maps the undo history, never recorded in it).
    case remote
}

/// The text being edited: a `TextBuffer`, the file's line ending and whether it differs from the saved file.
///
/// The document changes **only** through `apply(_:origin:)`, with a `ChangeSet` whose base length is the current
/// length; this is what lets local edits, undo and remote edits share one path. Offsets are Unicode scalars.
///
/// Line endings are kept byte for byte: the buffer holds `"\r\n"` where the file has it, `lineEnding` is detected
/// once when the document is created and decides what Enter and pastes insert. A file read without a final
/// newline keeps it missing; a new or empty one, or one that ended with a newline, is saved ending with one
/// (`completesFinalLineBreak`).
public struct Document: Sendable {
    /// The text, exactly as it will be saved.
    public private(set) var buffer: TextBuffer
    /// The line ending Enter inserts and pasted text is converted to (detected from the text when opened).
    public let lineEnding: LineEnding
    /// Counts applied changes (local and remote); never decreases.
    public private(set) var version: Int = 0
    /// The text last read from or written to disk; shares storage with `buffer`'s past versions.
    private var savedText: TextBuffer
    /// Whether `buffer` differs from `savedText`, decided on every change (the status line reads it every frame).
    public private(set) var isModified = false
    /// Checkpoints through the long lines the editor shows, carried through every change (derived from `buffer`).
    var columnIndexes = ColumnIndexCache()
    /// Whether a save first ends the text with a line break when it does not end with "\n" (`Editor.save` adds
    /// `lineEnding` as an undoable edit, as vim, nano and micro do): true when the text the document was made from
    /// was empty (a new file: text files end with a line break) or ended with "\n"; false for a text read
    /// non-empty without a final line break, whose convention is kept. Decided once, at creation.
    public let completesFinalLineBreak: Bool

    /// A document holding `buffer`, which is the file's current content (so it starts unmodified).
    public init(buffer: TextBuffer) {
        self.buffer = buffer
        self.lineEnding = LineEnding.detect(in: buffer)
        self.savedText = buffer
        self.completesFinalLineBreak = buffer.isEmpty || Self.endsWithLineBreak(buffer)
    }

    /// Applies `change` to the buffer; throws (leaving the document unchanged) when its base length is wrong.
    ///
    /// Both origins mark the document modified: the buffer then differs from the file on this machine.
    public mutating func apply(_ change: ChangeSet, origin: ChangeOrigin) throws {
        try change.apply(to: &buffer)
        changed(by: change)
    }

    /// Takes `result`, which is this buffer with `change` already applied (by the sync layer, once), as the buffer:
    /// the same as `apply(change, origin: .remote)` without applying the change a second time, and with the
    /// buffer sharing `result`'s storage (the sync layer's own copy of the text), so that comparing the two later
    /// skips everything they share. Throws (changing nothing) when the lengths do not fit: `change.baseLength` must
    /// be this buffer's length and `change.targetLength` `result`'s.
    public mutating func adopt(_ result: TextBuffer, changedBy change: ChangeSet) throws(ChangeSetError) {
        guard change.baseLength == buffer.scalarCount else {
            throw .lengthMismatch(expected: change.baseLength, actual: buffer.scalarCount)
        }
        guard change.targetLength == result.scalarCount else {
            throw .lengthMismatch(expected: change.targetLength, actual: result.scalarCount)
        }
        buffer = result
        changed(by: change)
    }

    /// Counts the change, carries what is derived from the buffer through it and decides `isModified`.
    private mutating func changed(by change: ChangeSet) {
        version += 1
        columnIndexes.map(through: change, buffer: buffer)
        isModified = !matchesSavedText
    }

    /// Whether the buffer holds exactly the saved text (undoing back to it, or retyping what was deleted). `==`
    /// compares lengths first (rarely equal while typing) and then skips the subtrees both buffers share.
    private var matchesSavedText: Bool { savedText == buffer }

    /// Whether the text is non-empty and does not end with "\n".
    var lacksFinalLineBreak: Bool { !buffer.isEmpty && !Self.endsWithLineBreak(buffer) }

    /// Whether `text` is non-empty and its last scalar is "\n" (which a "\r\n" ending also ends with).
    private static func endsWithLineBreak(_ text: TextBuffer) -> Bool {
        !text.isEmpty && text.scalar(at: text.scalarCount - 1) == "\n"
    }

    /// Records that `text` (the buffer as it was when the save was asked for, or as it is) has been written to disk
    /// (or found there).
    public mutating func markSaved(text: TextBuffer) {
        savedText = text
        isModified = !matchesSavedText
    }
}
