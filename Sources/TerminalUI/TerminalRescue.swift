#if canImport(Glibc)
import Glibc
#endif

/// State read by the crash handler. Set up before the handler is armed and never freed, so the handler only loads
/// plain values and calls async-signal-safe functions (`write`, `tcsetattr`, `sigaction`, `raise`).
nonisolated(unsafe) private var rescueArmed: Int32 = 0
nonisolated(unsafe) private var rescueDescriptor: Int32 = -1
nonisolated(unsafe) private var rescueBytes: UnsafeMutablePointer<UInt8>?
nonisolated(unsafe) private var rescueByteCount = 0
nonisolated(unsafe) private var rescueTermios: UnsafeMutablePointer<termios>?
/// The action each crash signal had before ours, indexed by signal number (to chain to, e.g., the Swift backtracer).
nonisolated(unsafe) private var previousActions: UnsafeMutablePointer<sigaction>?

/// Restores the terminal when the process dies while curses owns the screen: on crashes (SIGSEGV, SIGILL, SIGABRT,
/// SIGBUS, SIGTRAP, SIGFPE) and on `exit()` from anywhere.
///
/// The restore writes a prepared byte string (leave the alternate screen, show the cursor, reset attributes, turn
/// off mouse reporting and bracketed paste) and puts back the saved terminal modes. A crash handler then restores
/// the previous action for the signal and raises it again, so the process still dies with that signal (and the
/// Swift runtime can still print its backtrace).
public enum TerminalRescue {
    /// The crash signals handled.
    public static let crashSignals: [Int32] = [SIGSEGV, SIGILL, SIGABRT, SIGBUS, SIGTRAP, SIGFPE]

    nonisolated(unsafe) private static var installed = false

    /// Arms the rescue: on a crash or exit, write `restoreBytes` to `descriptor` and restore `modes` on it.
    public static func arm(descriptor: Int32, restoreBytes: [UInt8], modes: termios) {
        installHandlers()
        rescueArmed = 0
        let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, restoreBytes.count))
        bytes.initialize(from: restoreBytes, count: restoreBytes.count)
        let savedModes = UnsafeMutablePointer<termios>.allocate(capacity: 1)
        savedModes.initialize(to: modes)
        // The previous buffers are leaked on purpose: a handler may be reading them right now.
        rescueBytes = bytes
        rescueByteCount = restoreBytes.count
        rescueTermios = savedModes
        rescueDescriptor = descriptor
        rescueArmed = 1
    }

    /// Disarms the rescue after an orderly restore.
    public static func disarm() {
        rescueArmed = 0
    }

    /// Whether a restore is pending (the screen is taken over).
    public static var isArmed: Bool { rescueArmed != 0 }

    /// Performs the restore now if armed, once. Async-signal-safe.
    public static func restoreNow() {
        guard rescueArmed != 0 else { return }
        rescueArmed = 0
        if let bytes = rescueBytes { _ = write(rescueDescriptor, bytes, rescueByteCount) }
        if let modes = rescueTermios { _ = tcsetattr(rescueDescriptor, TCSANOW, modes) }
    }

    private static func installHandlers() {
        guard !installed else { return }
        installed = true
        let actions = UnsafeMutablePointer<sigaction>.allocate(capacity: Int(NSIG))
        actions.initialize(repeating: sigaction(), count: Int(NSIG))
        previousActions = actions
        for signal in crashSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                TerminalRescue.restoreNow()
                if let previous = previousActions {
                    sigaction(number, previous + Int(number), nil)
                } else {
                    Glibc.signal(number, SIG_DFL)
                }
                // Blocked while this handler runs: delivered to the previous action as soon as it returns.
                raise(number)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signal, &action, actions + Int(signal))
        }
        atexit { TerminalRescue.restoreNow() }
    }
}
