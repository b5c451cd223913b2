import EditorCore

/// What the keyboard currently drives.
enum EditorMode: Sendable {
    /// Keys edit the document (through `Keymap`).
    case editing
    /// A prompt on the message line takes the keys.
    case prompt(Prompt)
    /// The help screen is shown, scrolled to this line of the help text.
    case help(firstLine: Int)
    /// The history view (F7) shows past revisions; the document stays as it was underneath.
    case history(HistoryView)
}

/// A question on the message line: its purpose and, for text prompts, the field being typed.
struct Prompt: Sendable {
    var kind: PromptKind
    var line = PromptLine()
}

/// The prompts the editor can ask.
enum PromptKind: Sendable {
    /// Ctrl-F: incremental find.
    case find(FindSession)
    /// Ctrl-R, step 1: the text to replace (searched incrementally like Ctrl-F).
    case replaceSearch(FindSession)
    /// Ctrl-R, step 2: the replacement for `query`.
    case replaceWith(query: SearchQuery, session: FindSession)
    /// Ctrl-R, step 3: y/n/a/Esc on each match.
    case replaceConfirm(ReplaceSession)
    /// Ctrl-L: "line" or "line:column".
    case goToLine
    /// Ctrl-Q with unsaved changes: y saves then quits, n quits, Esc cancels.
    case saveBeforeQuit
    /// The file changed on disk since it was read: y overwrites it.
    case overwrite(thenQuit: Bool)

    /// True for prompts that take text in a `PromptLine` (the others take one key: y, n, a, Esc).
    var takesText: Bool {
        switch self {
        case .find, .replaceSearch, .replaceWith, .goToLine: true
        case .replaceConfirm, .saveBeforeQuit, .overwrite: false
        }
    }
}

/// The state of an incremental search: where it started (restored by Esc) and the match shown.
struct FindSession: Hashable, Sendable {
    /// The selection when the search started.
    var origin: Selection
    /// The view when the search started.
    var originViewport: Viewport
    /// The match currently selected, if any.
    var match: Range<Int>?

    /// Keeps the session on the same text after `change`.
    mutating func map(through change: ChangeSet) {
        origin = origin.mapped(through: change)
        originViewport.topOffset = change.mapPosition(originViewport.topOffset, association: .after)
        if let match {
            let lower = change.mapPosition(match.lowerBound, association: .after)
            let upper = max(lower, change.mapPosition(match.upperBound, association: .before))
            self.match = lower..<upper
        }
    }
}

/// The state of an interactive replace (Ctrl-R): what to replace, with what, and how far it has come.
struct ReplaceSession: Hashable, Sendable {
    let query: SearchQuery
    let replacement: String
    /// Where replacing started; the session ends when it comes back here after wrapping around.
    var start: Int
    /// True once the search has wrapped from the end of the document to its start.
    var wrapped: Bool
    /// The match being asked about.
    var match: Range<Int>
    /// How many matches were replaced so far.
    var replacedCount = 0

    /// Keeps the session on the same text after `change`.
    mutating func map(through change: ChangeSet) {
        start = change.mapPosition(start, association: .before)
        let lower = change.mapPosition(match.lowerBound, association: .after)
        match = lower..<max(lower, change.mapPosition(match.upperBound, association: .before))
    }
}

/// A note on the message line until the next key press.
struct StatusMessage: Hashable, Sendable {
    var text: String
    var isError: Bool
}
