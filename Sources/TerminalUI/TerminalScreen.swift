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

/// Something that arrived while the run loop waited on the terminal.
public enum TerminalInput: Hashable, Sendable {
    /// A decoded key, paste, mouse action or resize (SIGWINCH) for the editor.
    case event(InputEvent)
    /// The process was asked to end (SIGHUP, SIGTERM, SIGINT, SIGQUIT), or the terminal went away (end of input,
    /// reported as SIGHUP). The run loop should write the recovery file when there are unsaved changes, then quit.
    case terminationRequested(signal: Int32)
    /// One of the extra file descriptors the screen was asked to watch became readable (network, timers...).
    case descriptorReady(Int32)
}

/// The terminal as the run loop sees it: draw a whole `Frame`, wait for input with a timeout, know the size.
///
/// Implemented by `CursesScreen` (the real terminal) and `RecordingScreen` (tests).
public protocol TerminalScreen: AnyObject {
    /// The current size of the terminal.
    var size: ScreenSize { get }

    /// Draws every cell of `frame`, places (or hides) the cursor, refreshes once, then sends
    /// `frame.clipboardExport` with OSC 52 if it is set.
    func draw(_ frame: Frame)

    /// Waits for input for at most `timeout` (nil: until something arrives) and returns what arrived; an empty
    /// array means the timeout passed.
    func readInput(timeout: Duration?) -> [TerminalInput]

    /// Puts `text` on the user's own clipboard with OSC 52 (ignored when too large or unsupported).
    func exportToClipboard(_ text: String)
}
