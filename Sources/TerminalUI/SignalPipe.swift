#if canImport(Glibc)
import Glibc
#endif

/// The write end of the self-pipe, read by the signal handler (-1 before `SignalPipe.install`).
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1

/// Turns asynchronous signals into bytes on a pipe (the self-pipe trick), so the run loop sees them as readable bytes.
///
/// The handler only calls `write(2)` (async-signal-safe); everything else happens in the run loop. Installed once
/// per process; signals are delivered with `SA_RESTART`.
public enum SignalPipe {
    /// The signals the editor watches: resize, continue after a stop, and the polite ways to ask it to end.
    public static let watchedSignals: [Int32] = [SIGWINCH, SIGCONT, SIGHUP, SIGTERM, SIGINT, SIGQUIT]

    /// The read end, or -1 before `install`.
    nonisolated(unsafe) public private(set) static var readEnd: Int32 = -1

    /// Creates the pipe (non-blocking, close-on-exec) and installs the handler for `watchedSignals`. Idempotent.
    public static func install() throws(TerminalError) {
        guard readEnd < 0 else { return }
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            throw TerminalError("cannot create the signal pipe: \(String(cString: strerror(errno)))")
        }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        readEnd = ends[0]
        signalPipeWriteEnd = ends[1]
        for signal in watchedSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                let savedErrno = errno
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(signalPipeWriteEnd, &byte, 1)
                errno = savedErrno
            }
            action.sa_flags = SA_RESTART
            sigemptyset(&action.sa_mask)
            sigaction(signal, &action, nil)
        }
        // A parent may have started us with these signals blocked; the editor must see them.
        var watched = sigset_t()
        sigemptyset(&watched)
        for signal in watchedSignals { sigaddset(&watched, signal) }
        pthread_sigmask(SIG_UNBLOCK, &watched, nil)
    }

    /// The signal numbers in bytes read from `readEnd`, oldest first (the handler writes one byte per signal).
    public static func signals(inPipeBytes bytes: some Sequence<UInt8>) -> [Int32] {
        bytes.map { Int32($0) }
    }
}

/// A failure to set up or use the terminal, with a one-line reason.
public struct TerminalError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
