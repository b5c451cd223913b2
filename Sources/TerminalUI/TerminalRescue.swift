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
/// off mouse reporting and bracketed paste) and puts back the saved terminal modes. The crash handler then calls
/// the signal's previous handler, if there was one (the Swift runtime's backtracer prints its report), and finally
/// dies of the signal with the default action, whether the signal came from a fault or from `kill`.
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

    /// Calls the handler that was installed for `number` before ours (nothing for the default or ignore actions).
    private static func callPreviousHandler(
        _ number: Int32, _ information: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?
    ) {
        guard let previous = previousActions?[Int(number)] else { return }
        if previous.sa_flags & SA_SIGINFO != 0 {
            previous.__sigaction_handler.sa_sigaction?(number, information, context)
        } else if let handler = previous.__sigaction_handler.sa_handler,
            unsafeBitCast(handler, to: Int.self) > 1  // SIG_DFL is 0, SIG_IGN is 1
        {
            handler(number)
        }
    }

    private static func installHandlers() {
        guard !installed else { return }
        installed = true
        let actions = UnsafeMutablePointer<sigaction>.allocate(capacity: Int(NSIG))
        actions.initialize(repeating: sigaction(), count: Int(NSIG))
        previousActions = actions
        for signal in crashSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_sigaction = { number, information, context in
                TerminalRescue.restoreNow()
                TerminalRescue.callPreviousHandler(number, information, context)
                // Die of the signal: blocked while this handler runs, delivered with the default action on return.
                Glibc.signal(number, SIG_DFL)
                raise(number)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_SIGINFO
            sigaction(signal, &action, actions + Int(signal))
        }
        atexit { TerminalRescue.restoreNow() }
    }
}
