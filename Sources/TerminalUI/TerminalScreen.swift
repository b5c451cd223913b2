import EditorModel

/// A terminal size in character cells.
public struct ScreenSize: Hashable, Sendable {
    public var rows: Int
    public var columns: Int

    public init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
    }
}

/// Something that arrived from the terminal or a signal, for the run loop.
public enum TerminalInput: Hashable, Sendable {
    /// A decoded key, paste, mouse action or resize (SIGWINCH) for the editor.
    case event(InputEvent)
    /// The process was asked to end (SIGHUP, SIGTERM, SIGINT, SIGQUIT), or the terminal went away (end of input,
    /// reported as SIGHUP). The run loop should write the recovery file when there are unsaved changes, then quit.
    case terminationRequested(signal: Int32)
}

/// The terminal as the run loop sees it: draw a whole `Frame`, follow the resizes in the input, know the size.
///
/// Implemented by `CursesScreen` (the real terminal) and `RecordingScreen` (tests).
public protocol TerminalScreen: AnyObject {
    /// The current size of the terminal.
    var size: ScreenSize { get }

    /// Draws every cell of `frame`, places (or hides) the cursor, refreshes once, then sends
    /// `frame.clipboardExport` with OSC 52 if it is set.
    func draw(_ frame: Frame)

    /// Adjusts the screen to `inputs` before the editor sees them: a resize takes the new size; after the process
    /// was stopped and resumed, the terminal modes are restored and the next frame repaints everything.
    func prepare(for inputs: [TerminalInput])

    /// Puts `text` on the user's own clipboard with OSC 52 (ignored when too large or unsupported).
    func exportToClipboard(_ text: String)
}
