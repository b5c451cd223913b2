#if canImport(Glibc)
import Glibc
#endif

/// Plain writes to standard output and standard error, used only while curses does not own the terminal.
enum Console {
    /// Writes `text` to standard error.
    static func error(_ text: String) {
        write(STDERR_FILENO, text)
    }

    /// Writes `text` to standard output (no newline added).
    static func output(_ text: String) {
        write(STDOUT_FILENO, text)
    }

    private static func write(_ descriptor: Int32, _ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written > 0 {
                bytes = bytes.dropFirst(written)
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }
}
