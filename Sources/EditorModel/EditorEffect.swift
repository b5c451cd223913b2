/// Something the editor model asks its shell (the executable) to do; the model itself never does I/O.
///
/// The shell performs each effect and reports the outcome back through the `Editor` API (for example
/// `saveSucceeded()`, `saveFailed(reason:)`, `confirmOverwriteAfterExternalChange()`), which updates the message
/// line or opens a prompt.
public enum EditorEffect: Hashable, Sendable {
    /// Write the document to its file. `overwritingExternalChanges` is true once the user confirmed overwriting a
    /// file that changed on disk since it was read. `thenQuit` is true when the save was asked for on quit.
    case save(SaveRequest)
    /// Leave the editor (the user confirmed, or there was nothing unsaved).
    case quit
    /// Put this text on the user's own clipboard (OSC 52), after a copy or cut.
    case exportToClipboard(String)
}

/// A request to write the document to disk.
public struct SaveRequest: Hashable, Sendable {
    /// The exact text to write (line endings already as in the file: the buffer keeps them byte for byte).
    public var text: String
    public var overwritingExternalChanges: Bool
    public var thenQuit: Bool

    public init(text: String, overwritingExternalChanges: Bool = false, thenQuit: Bool = false) {
        self.text = text
        self.overwritingExternalChanges = overwritingExternalChanges
        self.thenQuit = thenQuit
    }
}
