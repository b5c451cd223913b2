// EditorModel: the whole editor as a pure value. No files, terminals, clocks or sockets: the shell feeds it
// `InputEvent`s, performs the `EditorEffect`s it returns, draws the `Frame` from `render()` and reports back.
//
// - `Editor` (Editor.swift): the façade. `handle(_:)`, `render()`, `apply(_:origin:)` for remote edits, and the
//   replies `saveSucceeded()`, `saveFailed(reason:)`, `confirmOverwriteAfterExternalChange()`, `showMessage(_:)`.
// - `Document`: the `TextBuffer`, its line ending and saved state; it changes only through `ChangeSet`s
//   (EditorChanges.swift is the one path: local edits, undo/redo and remote edits).
// - `UndoHistory`: grouped steps (ChangeSet + inverse + selections), transformed through remote changes.
// - Commands (MovementCommands, EditingCommands, ClipboardCommands, FindCommands, ReplaceCommands, GoToLine,
//   SaveAndQuit, MouseCommands, HelpScreen) are verb-named methods; `EditorCommand` names them and `Keymap` binds
//   keys to them.
// - Layout: `DisplayWidth` (terminal columns of a grapheme), `LineLayout` (a line in columns and wrapped rows),
//   `TextLayout` (visual rows over the document), `ScreenGeometry`, `Viewport` (scroll position anchored to text).
// - Drawing: Renderer.swift (text area), ChromeRenderer.swift (status, message and help bars), FramePainting.
// - `SyntaxHighlighter` with `LaTeXLexer` and `MarkdownLexer`, line by line with a carried state.
// - `TextSearch`: chunked, smart-case search over a `TextBuffer`.
//
// **Unit.** Offsets are Unicode scalars (as in EditorCore); columns are terminal columns. The cursor and the
// selection always sit on grapheme cluster boundaries.
//
// **Cost.** Every key press costs O(visible text + log n) plus the length of the cursor's line up to the cursor;
// only explicit whole-document actions (Enter in find, replace all remaining, copying a huge selection, save)
// read the whole text. Known limit: a single very long line (a minified file) makes each key cost O(its length).
