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
/// once when the document is created and decides what Enter and pastes insert. A missing final newline stays
/// missing.
public struct Document: Sendable {
    /// The text, exactly as it will be saved.
    public private(set) var buffer: TextBuffer
    /// The line ending Enter inserts and pasted text is converted to (detected from the text when opened).
    public let lineEnding: LineEnding
    /// Counts applied changes (local and remote); never decreases.
    public private(set) var version: Int = 0
    /// The `version` last written to disk, or nil when the document was never saved and is not the file's text.
    public private(set) var savedVersion: Int?
    /// Checkpoints through the long lines the editor shows, carried through every change (derived from `buffer`).
    var columnIndexes = ColumnIndexCache()

    /// A document holding `buffer`, which is the file's current content (so it starts unmodified).
    public init(buffer: TextBuffer) {
        self.buffer = buffer
        self.lineEnding = LineEnding.detect(in: buffer)
        self.savedVersion = 0
    }

    /// True when the text changed since it was read or last saved (undoing back to it still counts as a change).
    public var isModified: Bool { savedVersion != version }

    /// Applies `change` to the buffer; throws (leaving the document unchanged) when its base length is wrong.
    ///
    /// Both origins mark the document modified: the buffer then differs from the file on this machine.
    public mutating func apply(_ change: ChangeSet, origin: ChangeOrigin) throws {
        try change.apply(to: &buffer)
        version += 1
        columnIndexes.map(through: change, buffer: buffer)
    }

    /// Takes `twin`, a buffer holding exactly this text, as the buffer (so that the two share storage); returns
    /// false and keeps the buffer when the texts differ. Not a change: `version` stays.
    ///
    /// The sync layer keeps its own copy of the text; once both are the same storage, comparing them (the diff
    /// behind every tick and every received change) skips everything they still share instead of reading the
    /// whole document. Cost: O(what the two do not share).
    public mutating func shareStorage(with twin: TextBuffer) -> Bool {
        guard twin == buffer else { return false }
        buffer = twin
        return true
    }

    /// Records that the text as it was at `version` has been written to disk.
    public mutating func markSaved(version savedVersion: Int) {
        self.savedVersion = savedVersion
    }
}
