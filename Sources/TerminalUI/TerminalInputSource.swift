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

/// Reads the terminal's input bytes with `poll(2)`, together with the signal self-pipe and any extra descriptors,
/// and decodes them with an `InputDecoder` (kilo style: curses is used only for output).
public final class TerminalInputSource {
    /// The terminal input (standard input).
    public let inputDescriptor: Int32
    /// The terminal output, asked for the window size on SIGWINCH.
    public let outputDescriptor: Int32
    /// Extra descriptors to wake up for (reported as `.descriptorReady`).
    public var watchedDescriptors: [Int32] = []
    public var timing = InputTiming()
    /// Set when SIGCONT arrived (the process was stopped and resumed): the screen must restore its modes and
    /// repaint. Cleared by the reader.
    public var resumedFromStop = false

    private var decoder = InputDecoder()
    private var lastByteArrival = ContinuousClock.now
    private var reachedEndOfInput = false

    public init(inputDescriptor: Int32 = STDIN_FILENO, outputDescriptor: Int32 = STDOUT_FILENO) {
        self.inputDescriptor = inputDescriptor
        self.outputDescriptor = outputDescriptor
    }

    /// The size the kernel reports for the terminal, if any.
    public func windowSize() -> ScreenSize? {
        var rows: Int32 = 0
        var columns: Int32 = 0
        guard cn_window_size(outputDescriptor, &rows, &columns) == 0 else { return nil }
        return ScreenSize(rows: Int(rows), columns: Int(columns))
    }

    /// Waits up to `timeout` (nil: forever) and returns what arrived; see `TerminalScreen.readInput`.
    public func read(timeout: Duration?) -> [TerminalInput] {
        let clock = ContinuousClock()
        let deadline = timeout.map { clock.now + $0 }
        while true {
            var wait = deadline.map { max(.zero, $0 - clock.now) }
            if let pendingWait = timing.wait(for: decoder.pending) {
                let remaining = max(.zero, lastByteArrival + pendingWait - clock.now)
                wait = min(wait ?? remaining, remaining)
            }
            var results = pollOnce(wait: wait)
            if decoder.pending != .nothing, let pendingWait = timing.wait(for: decoder.pending),
                clock.now - lastByteArrival >= pendingWait
            {
                results += decoder.flush().map(TerminalInput.event)
            }
            if !results.isEmpty { return results }
            if let deadline, clock.now >= deadline { return [] }
        }
    }

    private func pollOnce(wait: Duration?) -> [TerminalInput] {
        var descriptors = [pollfd(fd: SignalPipe.readEnd, events: Int16(POLLIN), revents: 0)]
        if !reachedEndOfInput {
            descriptors.append(pollfd(fd: inputDescriptor, events: Int16(POLLIN), revents: 0))
        }
        descriptors += watchedDescriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        let ready = poll(&descriptors, nfds_t(descriptors.count), Self.milliseconds(wait))
        guard ready > 0 else { return [] }
        var results: [TerminalInput] = []
        for descriptor in descriptors where descriptor.revents != 0 {
            switch descriptor.fd {
            case SignalPipe.readEnd: results += signalInputs(SignalPipe.drain())
            case inputDescriptor where !reachedEndOfInput: results += readTerminalBytes()
            default: results.append(.descriptorReady(descriptor.fd))
            }
        }
        return results
    }

    private func readTerminalBytes() -> [TerminalInput] {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = Glibc.read(inputDescriptor, &buffer, buffer.count)
        if count > 0 {
            lastByteArrival = .now
            return decoder.decode(buffer[0..<count]).map(TerminalInput.event)
        }
        if count < 0 && (errno == EINTR || errno == EAGAIN) { return [] }
        // End of input or an error: the terminal is gone (a dropped SSH connection without SIGHUP).
        reachedEndOfInput = true
        return [.terminationRequested(signal: SIGHUP)]
    }

    private func signalInputs(_ signals: [Int32]) -> [TerminalInput] {
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

    /// A poll(2) timeout: -1 for none, otherwise whole milliseconds rounded up.
    private static func milliseconds(_ wait: Duration?) -> Int32 {
        guard let wait else { return -1 }
        let (seconds, attoseconds) = wait.components
        let total = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: max(0, total))
    }
}
