import EditorCore

/// The whole editor as a value: document, selection, view, undo history, prompts; no I/O.
///
/// The shell (the executable) owns one `Editor` and drives it:
/// ```swift
/// var editor = Editor(text: fileText, fileName: "notes.tex", configuration: .init(colorEnabled: !noColor))
/// for event in terminalEvents {
///     for effect in editor.handle(event) { perform(effect) }   // save, quit, export to clipboard
///     draw(editor.render())
/// }
/// ```
/// and reports what happened to the effects through `saveSucceeded()`, `saveFailed(reason:)`,
/// `confirmOverwriteAfterExternalChange()` and `showMessage(_:)`. Remote edits arrive through
/// `apply(_:origin:)` with `.remote`.
///
/// Offsets are Unicode scalars. Invariants after every call: `selection` lies within the document and both ends
/// sit on grapheme cluster boundaries; the cursor is visible unless the user scrolled it away (mouse wheel) or a
/// remote edit moved the text. Every per-key operation costs O(visible text + log n) except explicit whole-text
/// actions (Enter in find, replace all, select all + copy, save).
public struct Editor: Sendable {
    /// The text and its saved state.
    public internal(set) var document: Document
    /// The selection; `head` is the cursor (an empty selection is a plain cursor).
    public internal(set) var selection: Selection
    /// The settings (line numbers and soft wrap change at run time with Alt-N and Alt-W).
    public internal(set) var configuration: EditorConfiguration
    /// The file name shown in the status line.
    public let fileName: String
    /// The language coloured, from the configuration or the file name.
    public let syntax: SyntaxLanguage?

    /// The terminal size.
    var rows: Int
    var columns: Int
    var viewport = Viewport()
    var history = UndoHistory()
    var clipboard = Clipboard()
    var mode = EditorMode.editing
    var message: StatusMessage?
    /// The display column vertical movement aims for, kept across consecutive Up/Down/PgUp/PgDn.
    var goalColumn: Int?
    /// The last search query, offered again by the next Ctrl-F and used by F3.
    var lastQuery = ""
    /// True between a mouse press in the text area and its release.
    var isDraggingMouse = false
    /// Whether typed characters replace the grapheme under the cursor (Insert toggles it).
    public internal(set) var isOverwriting = false
    /// The text sent with the last `.save` effect, and whether quitting follows it.
    var pendingSave: (text: TextBuffer, thenQuit: Bool)?
    /// Effects produced while handling the current event.
    var effects: [EditorEffect] = []
    /// Whether keys that would change the text are refused (a guest's editor; see `setReadOnly`).
    public internal(set) var isReadOnly = false

    /// An editor on `text` (the file's content, or "" for a new file) for a terminal of `rows` × `columns`.
    public init(
        text: String, fileName: String, configuration: EditorConfiguration = EditorConfiguration(), rows: Int = 24,
        columns: Int = 80
    ) {
        self.init(buffer: TextBuffer(text), fileName: fileName, configuration: configuration, rows: rows,
            columns: columns)
    }

    /// An editor on an already built buffer (avoids a copy of a large file's text).
    public init(
        buffer: TextBuffer, fileName: String, configuration: EditorConfiguration = EditorConfiguration(),
        rows: Int = 24, columns: Int = 80
    ) {
        self.document = Document(buffer: buffer)
        self.selection = Selection(cursor: 0)
        self.configuration = configuration
        self.fileName = fileName
        self.syntax = configuration.syntax ?? SyntaxLanguage.detect(fileName: fileName)
        self.rows = max(0, rows)
        self.columns = max(0, columns)
    }

    /// The full help text (Ctrl-G or F1), also shipped as Resources/help.txt.
    public static let helpText = HelpScreen.text

    /// True when the text differs from what was last read or saved.
    public var isModified: Bool { document.isModified }

    /// The current message line text (a prompt's question, a message or an error), for tests and logs.
    public var messageText: String? {
        if case .prompt(let prompt) = mode { return promptQuestion(prompt) + prompt.line.text }
        if case .history(let view) = mode, let question = historyQuestion(view) { return question }
        return message?.text
    }

    /// True while a prompt (find, replace, go to line, a question) is open.
    public var isPrompting: Bool {
        if case .prompt = mode { return true }
        return false
    }

    // MARK: Events

    /// Handles one input event and returns what the shell must do (in order).
    public mutating func handle(_ event: InputEvent) -> [EditorEffect] {
        effects = []
        switch event {
        case .key(let key):
            message = nil
            switch mode {
            case .editing: handleEditingKey(key)
            case .prompt(let prompt): handlePromptKey(key, prompt: prompt)
            case .help(let line): handleHelpKey(key, firstLine: line)
            case .history(let view): handleHistoryKey(key, view: view)
            }
        case .paste(let text):
            message = nil
            switch mode {
            case .editing: if mayInsertText() { pasteFromTerminal(text) }
            case .prompt(var prompt) where prompt.kind.takesText:
                prompt.line.insert(text)
                promptTextChanged(prompt)
            case .prompt, .help, .history: break
            }
        case .mouse(let mouse):
            handleMouse(mouse)
        case .resize(let newRows, let newColumns):
            rows = max(0, newRows)
            columns = max(0, newColumns)
            viewport.snap(layout: layout)
            viewport.refill(layout: layout, geometry: geometry)
            revealCursor()
        }
        return effects
    }

    /// Runs the editing command bound to `key`, or types it.
    mutating func handleEditingKey(_ key: KeyPress) {
        if let command = Keymap.command(for: key) {
            run(command)
        } else if case .character(let character) = key.key, key.modifiers.isSubset(of: .shift) {
            if mayInsertText() {
                if isOverwriting { overwrite(with: String(character)) } else { typeText(String(character)) }
            }
        }
    }

    // MARK: Derived geometry

    /// Where the parts of the screen are now.
    var geometry: ScreenGeometry {
        ScreenGeometry(rows: rows, columns: columns, lineCount: document.buffer.lineCount,
            showsLineNumbers: configuration.showsLineNumbers)
    }

    /// The document laid out with the current tab width and wrap width.
    var layout: TextLayout {
        TextLayout(buffer: document.buffer, tabWidth: configuration.tabWidth,
            wrapWidth: configuration.softWrap ? max(1, geometry.textColumns) : nil, columnIndexes: document.columnIndexes)
    }

    /// Scrolls so that the cursor is visible.
    mutating func revealCursor() {
        indexLongLines()
        viewport.reveal(selection.head, layout: layout, geometry: geometry)
        indexLongLines()
    }

    /// Shows `text` on the message line until the next key press.
    mutating func inform(_ text: String, isError: Bool = false) {
        message = StatusMessage(text: text, isError: isError)
    }

    /// Queues an effect for the shell.
    mutating func emit(_ effect: EditorEffect) {
        effects.append(effect)
    }
}
