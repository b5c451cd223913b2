#if canImport(Glibc)
import Glibc
#endif
import CNcurses
import EditorModel

/// The real terminal: ncursesw for output, our own `TerminalInputSource` for input.
///
/// Taking over (`init`) installs the signal self-pipe before curses starts (so curses installs no handlers of its
/// own), starts curses in raw mode, turns on SGR mouse reporting and bracketed paste, and arms `TerminalRescue`.
/// `restore()` (also run by `deinit`, on `exit()` and on crashes) gives the terminal back as it was.
public final class CursesScreen: TerminalScreen {
    /// Turns on mouse reporting: press/release (1000), drag (1002), SGR coordinates (1006).
    static let enableMouse = Array("\u{1B}[?1000h\u{1B}[?1002h\u{1B}[?1006h".utf8)
    /// Turns on bracketed paste (2004).
    static let enablePaste = Array("\u{1B}[?2004h".utf8)
    /// Turns both off again (harmless when the mouse was never turned on).
    static let disableModes = Array("\u{1B}[?2004l\u{1B}[?1006l\u{1B}[?1002l\u{1B}[?1000l".utf8)

    public private(set) var size: ScreenSize
    /// The colour support in use (monochrome under `NO_COLOR`).
    public var colorSupport: ColorSupport { palette.support }
    public let input: TerminalInputSource

    private var palette: ColorPalette
    private var appearances: [Style: (attributes: attr_t, pair: Int16)] = [:]
    private var originalModes = termios()
    /// The mode bytes written at start-up, written again after SIGCONT.
    private var enabledModes: [UInt8] = []
    private var active = true

    /// Takes over the terminal on standard input/output. Throws (with the terminal untouched) when standard input
    /// or output is not a terminal or curses cannot start (unknown `TERM`).
    public init(environment: [String: String], mouse: Bool = true) throws(TerminalError) {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw TerminalError("standard input and output must be a terminal")
        }
        try SignalPipe.install()
        tcgetattr(STDIN_FILENO, &originalModes)
        cn_set_locale_from_environment()
        guard cn_newterm_stdio() != nil else {
            let name = environment["TERM"].map { "'\($0)'" } ?? "(TERM is not set)"
            throw TerminalError("cannot use terminal type \(name)")
        }
        input = TerminalInputSource()
        raw()
        noecho()
        nonl()
        typeahead(-1)  // never cut a refresh short to peek at input: we read input ourselves
        Self.makeInputRaw()
        def_prog_mode()
        palette = ColorPalette(support: Self.startColors(environment: environment))
        size = ScreenSize(rows: Int(cn_lines()), columns: Int(cn_cols()))
        if let real = input.windowSize(), real != size {
            resizeterm(Int32(real.rows), Int32(real.columns))
            size = real
        }
        enabledModes = (mouse ? Self.enableMouse : []) + Self.enablePaste
        Self.writeToTerminal(enabledModes)
        TerminalRescue.arm(descriptor: STDOUT_FILENO, restoreBytes: Self.rescueBytes(), modes: originalModes)
    }

    deinit {
        restore()
    }

    /// Gives the terminal back: modes off, curses ended, the original terminal modes restored. Idempotent.
    public func restore() {
        guard active else { return }
        active = false
        Self.writeToTerminal(Self.disableModes)
        endwin()
        tcsetattr(STDIN_FILENO, TCSANOW, &originalModes)
        TerminalRescue.disarm()
    }

    public func draw(_ frame: Frame) {
        guard active, let window = cn_stdscr() else { return }
        if frame.rows != size.rows || frame.columns != size.columns { werase(window) }
        for row in 0..<min(frame.rows, size.rows, frame.cells.count) {
            let cells = frame.cells[row]
            for column in 0..<min(cells.count, size.columns) where !cells[column].text.isEmpty {
                let columns = column + 1 < cells.count && cells[column + 1].text.isEmpty ? 2 : 1
                put(cells[column], columns: columns, row: row, column: column, window: window)
            }
        }
        if let cursor = frame.cursor, (0..<size.rows).contains(cursor.row), (0..<size.columns).contains(cursor.column) {
            curs_set(1)
            cn_move(window, Int32(cursor.row), Int32(cursor.column))
        } else {
            curs_set(0)
        }
        wrefresh(window)
        if let text = frame.clipboardExport { exportToClipboard(text) }
    }

    public func prepare(for inputs: [TerminalInput]) {
        if input.resumedFromStop {
            input.resumedFromStop = false
            reset_prog_mode()
            Self.writeToTerminal(enabledModes)
            cn_clear_on_next_refresh()
        }
        for case .event(.resize(let rows, let columns)) in inputs {
            resizeterm(Int32(rows), Int32(columns))
            size = ScreenSize(rows: rows, columns: columns)
        }
    }

    public func exportToClipboard(_ text: String) {
        guard active, let sequence = OSC52.sequence(for: text) else { return }
        Self.writeToTerminal(sequence)
    }

    // MARK: - Drawing

    /// Draws `cell`, `columns` wide in the frame (2 when a continuation follows it), split as `CursesCells` says.
    private func put(_ cell: Cell, columns: Int, row: Int, column: Int, window: UnsafeMutablePointer<WINDOW>) {
        let (attributes, pair) = appearance(for: cell.style)
        // Printable ASCII, most cells of most frames: one character, no splitting and no allocation.
        if columns == 1, cell.text.utf8.count == 1, let byte = cell.text.utf8.first, byte >= 0x20, byte < 0x7F {
            var character = wchar_t(byte)
            _ = cn_put_cluster(window, Int32(row), Int32(column), &character, 1, attributes, pair)
            return
        }
        let split = CursesCells(cluster: cell.text, columns: columns) { Int(cn_wcwidth(wchar_t(bitPattern: $0.value))) }
        for (offset, scalars) in split.cells {
            let characters = scalars.map { wchar_t(bitPattern: $0.value) }
            _ = cn_put_cluster(
                window, Int32(row), Int32(column + offset), characters, Int32(characters.count), attributes, pair)
        }
        let space = [wchar_t(UInt8(ascii: " "))]
        for offset in columns - split.padding..<columns {
            _ = cn_put_cluster(window, Int32(row), Int32(column + offset), space, 1, attributes, pair)
        }
    }

    private func appearance(for style: Style) -> (attributes: attr_t, pair: Int16) {
        if let known = appearances[style] { return known }
        let (appearance, definition) = palette.appearance(for: style)
        if let definition {
            init_pair(definition.pair, Self.cursesColor(definition.foreground), Self.cursesColor(definition.background))
        }
        var attributes = cn_a_normal()
        if appearance.bold { attributes |= cn_a_bold() }
        if appearance.underline { attributes |= cn_a_underline() }
        if appearance.reverse { attributes |= cn_a_reverse() }
        let result = (attributes, appearance.pair)
        appearances[style] = result
        return result
    }

    /// A curses colour number; -1 is the terminal's default (after `use_default_colors`).
    private static func cursesColor(_ color: Color?) -> Int16 {
        color.map { Int16($0.rawValue) } ?? -1
    }

    // MARK: - Set-up helpers

    /// Starts colours unless `NO_COLOR` or the terminal says no. Colours are not even started then: `start_color`
    /// alone would make curses paint explicit white on black.
    private static func startColors(environment: [String: String]) -> ColorSupport {
        guard ColorSupport.detect(hasColors: has_colors(), colors: 8, colorPairs: 64, environment: environment)
            != .monochrome
        else { return .monochrome }
        start_color()
        let support = ColorSupport.detect(
            hasColors: true, colors: Int(cn_colors()), colorPairs: Int(cn_color_pairs()), environment: environment)
        // Without default colours, pair colour -1 is invalid: fall back to monochrome rather than guess a theme.
        guard support != .monochrome, use_default_colors() == cn_ok() else { return .monochrome }
        return support
    }

    /// Completes raw mode beyond curses' `raw()`: no CR→LF translation, no flow control (Ctrl-S and Ctrl-Q are keys).
    private static func makeInputRaw() {
        var modes = termios()
        guard tcgetattr(STDIN_FILENO, &modes) == 0 else { return }
        modes.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INLCR | IGNCR | INPCK | ISTRIP | IXON | IXOFF)
        modes.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        // A read returns as soon as one byte is there, and never returns 0 while the terminal is open: the run
        // loop reads without blocking, and a read of 0 bytes would be the end of input.
        withUnsafeMutableBytes(of: &modes.c_cc) { controls in
            controls[Int(VMIN)] = 1
            controls[Int(VTIME)] = 0
        }
        tcsetattr(STDIN_FILENO, TCSANOW, &modes)
    }

    /// What the crash handler writes: modes off, attributes reset, cursor shown, alternate screen left.
    private static func rescueBytes() -> [UInt8] {
        func capability(_ name: String, fallback: String) -> [UInt8] {
            guard let value = cn_terminfo_string(name) else { return Array(fallback.utf8) }
            return Array(String(cString: value).utf8)
        }
        return disableModes + capability("sgr0", fallback: "\u{1B}[0m") + capability("cnorm", fallback: "\u{1B}[?25h")
            + capability("rmcup", fallback: "\u{1B}[?1049l")
    }

    /// Writes bytes straight to the terminal (after curses has flushed its own output).
    static func writeToTerminal(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written > 0 {
                offset += written
            } else if written < 0 && (errno == EINTR || errno == EAGAIN) {
                continue
            } else {
                return
            }
        }
    }
}
