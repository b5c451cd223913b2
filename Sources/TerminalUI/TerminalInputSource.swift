#if canImport(Glibc)
import Glibc
#endif
import CNcurses
import EditorModel

/// How long the run loop waits for the rest of an incomplete input before deciding without it.
public struct InputTiming: Hashable, Sendable {
    /// After a lone ESC or a partial sequence: long enough for a sequence split across SSH packets, short enough
    /// that the Escape key feels immediate (micro and tcell use 50 ms).
    public var sequenceWait: Duration = .milliseconds(50)
    /// Inside a bracketed paste that has not ended yet.
    public var pasteWait: Duration = .seconds(2)

    public init() {}

    func wait(for pending: InputDecoder.Pending) -> Duration? {
        switch pending {
        case .nothing: nil
        case .sequence: sequenceWait
        case .paste: pasteWait
        }
    }
}

/// Turns what reaches the run loop from the terminal into `TerminalInput`s: the input bytes (decoded with an
/// `InputDecoder`, kilo style: curses is used only for output), the end of input, and the signal numbers read from
/// `SignalPipe`. The run loop does the waiting (it watches the terminal and the signal pipe on its event loop) and
/// asks `pendingDeadline` when an incomplete sequence must be decided without its rest.
public final class TerminalInputSource {
    /// The terminal output, asked for the window size on SIGWINCH.
    public let outputDescriptor: Int32
    public var timing = InputTiming()
    /// Set when SIGCONT arrived (the process was stopped and resumed): the screen must restore its modes and
    /// repaint. Cleared by the reader.
    public var resumedFromStop = false

    private var decoder = InputDecoder()
    private var lastByteArrival = ContinuousClock.now

    public init(outputDescriptor: Int32 = STDOUT_FILENO) {
        self.outputDescriptor = outputDescriptor
    }

    /// The size the kernel reports for the terminal, if any.
    public func windowSize() -> ScreenSize? {
        var rows: Int32 = 0
        var columns: Int32 = 0
        guard cn_window_size(outputDescriptor, &rows, &columns) == 0 else { return nil }
        return ScreenSize(rows: Int(rows), columns: Int(columns))
    }

    /// Decodes `bytes` the terminal sent just now. An incomplete sequence at the end stays pending until its rest
    /// arrives or `pendingDeadline` passes.
    public func bytesArrived(_ bytes: some Collection<UInt8>) -> [TerminalInput] {
        lastByteArrival = .now
        return decoder.decode(bytes).map(TerminalInput.event)
    }

    /// The terminal's input ended or failed (a dropped SSH connection without SIGHUP): the terminal is gone,
    /// reported as SIGHUP.
    public func inputEnded() -> [TerminalInput] {
        decoder.flush().map(TerminalInput.event) + [.terminationRequested(signal: SIGHUP)]
    }

    /// When the pending incomplete input (a lone ESC, a partial sequence, an unfinished paste) must be decided
    /// without its rest; nil when nothing is pending.
    public var pendingDeadline: ContinuousClock.Instant? {
        timing.wait(for: decoder.pending).map { lastByteArrival + $0 }
    }

    /// Decides the pending input when its deadline has passed (`now` is the run loop's clock); otherwise nothing.
    public func expirePending(now: ContinuousClock.Instant = .now) -> [TerminalInput] {
        guard let deadline = pendingDeadline, now >= deadline else { return [] }
        return decoder.flush().map(TerminalInput.event)
    }

    /// What the signals read from `SignalPipe` mean, in order: one resize for any number of SIGWINCH and SIGCONT
    /// (first, with the size the kernel reports now), then a termination request per other signal.
    public func signalsArrived(_ signals: [Int32]) -> [TerminalInput] {
        var results: [TerminalInput] = []
        var resized = false
        for signal in signals {
            switch signal {
            case SIGWINCH: resized = true
            case SIGCONT:
                resumedFromStop = true
                resized = true
            default: results.append(.terminationRequested(signal: signal))
            }
        }
        if resized, let size = windowSize() {
            results.insert(.event(.resize(rows: size.rows, columns: size.columns)), at: 0)
        }
        return results
    }
}
