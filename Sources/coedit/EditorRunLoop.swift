import NIOCore
import NIOPosix
import TerminalUI

#if canImport(Glibc)
import Glibc
#endif

/// The editor's run loop: one event-loop thread (SwiftNIO) that reads the terminal, the signal pipe and the host's
/// file-change notifications, runs a joiner's connection to the host, fires the sync and input timers, and hands
/// each batch to the `EditSession`.
///
/// Why an event loop rather than `poll(2)`: a joiner's connection runs on this same loop, so a change is written
/// to the socket by the thread that made it, and what the host sends is applied by the thread that read it. No
/// keystroke waits for another thread to wake up (two fewer thread wake-ups per synced keystroke than a run loop
/// that hands its sends to a network thread; Docs/benchmarks.md). The host's own editor still hears from the host's
/// threads through `CollaborationClient.wakeTurns(on:)`, which schedules a turn on this loop.
///
/// Threading: `run` blocks the calling thread (the main thread, which must not be this loop's) until the session
/// ends; the session, the screen and the shared state are only touched on `eventLoop` meanwhile.
final class EditorRunLoop {
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    /// The loop (a joiner connects on it: `JoinerConfiguration.eventLoop`).
    var eventLoop: any EventLoop { group.next() }

    /// A descriptor for reading the terminal on standard input, opened anew: the loop makes what it reads
    /// non-blocking, and standard output usually shares standard input's file description (a non-blocking
    /// standard output would make curses lose output when the terminal is slow). Nil when the terminal cannot be
    /// opened (it belongs to another user): the run loop then reads standard input on a thread of its own.
    static func openTerminalForReading() -> Int32? {
        guard let name = ttyname(STDIN_FILENO) else { return nil }
        let descriptor = open(name, O_RDONLY | O_NOCTTY | O_CLOEXEC)
        return descriptor >= 0 ? descriptor : nil
    }

    /// Runs `session` until the user quits or a signal ends it, reading `terminal` (from `openTerminalForReading`,
    /// owned by the loop from now on; nil: standard input, on a thread) through `input`, the signal pipe, and
    /// `shared`'s notifications.
    ///
    /// - Throws: `CoeditFailure` when a descriptor cannot be watched (nothing was drawn then).
    func run(
        _ session: EditSession, input: TerminalInputSource, terminal: Int32?, shared: SharedEditing?
    ) throws(CoeditFailure) -> EditSession.Ending {
        let driver = Driver(session: session, input: input, shared: shared, loop: eventLoop)
        do {
            try driver.watch(terminal: terminal)
            try driver.watchSignalsAndDisk()
        } catch {
            try? eventLoop.submit { driver.stop() }.wait()
            throw CoeditFailure("cannot read the terminal and signals: \(error)")
        }
        eventLoop.execute { driver.start() }
        do {
            return try driver.ending.wait()
        } catch {
            return .quit  // the promise is only ever succeeded
        }
    }

    /// Stops the loop's thread (after the session's connection was closed).
    func shutdown() {
        try? group.syncShutdownGracefully()
    }
}

extension EditorRunLoop {
    /// The loop-confined state of one run: the session, its watches and its timer.
    private final class Driver: @unchecked Sendable {
        private let session: EditSession
        private let input: TerminalInputSource
        private let shared: SharedEditing?
        private let loop: any EventLoop
        private let promise: EventLoopPromise<EditSession.Ending>
        private var channels: [Channel] = []
        /// Reads standard input when the terminal could not be opened anew.
        private var readerThread: TerminalReaderThread?
        private var timer: (deadline: NIODeadline, task: Scheduled<Void>)?
        /// Whether `start` ran (input that arrives before is kept for it), and whether the session ended.
        private var started = false
        private var ended = false
        private var early: [TerminalInput] = []

        init(session: EditSession, input: TerminalInputSource, shared: SharedEditing?, loop: any EventLoop) {
            self.session = session
            self.input = input
            self.shared = shared
            self.loop = loop
            promise = loop.makePromise()
        }

        /// Completes when the session ends.
        var ending: EventLoopFuture<EditSession.Ending> { promise.futureResult }

        /// Reads the terminal (from the calling thread, before `start`): `terminal` on the loop (closed when that
        /// fails), or standard input on a thread when nil.
        func watch(terminal: Int32?) throws {
            let onBytes: @Sendable ([UInt8]) -> Void = { [self] in feed(input.bytesArrived($0)) }
            let onEnd: @Sendable () -> Void = { [self] in feed(input.inputEnded()) }
            guard let terminal else {
                readerThread = try TerminalReaderThread(loop: loop, onBytes: onBytes, onEnd: onEnd)
                return
            }
            do {
                channels.append(try DescriptorReader.start(reading: terminal, on: loop, onBytes: onBytes, onEnd: onEnd))
            } catch {
                close(terminal)
                throw error
            }
        }

        /// Reads the signal pipe and, for the host, its file's change notifications (before `start`).
        func watchSignalsAndDisk() throws {
            try read(copyOf: SignalPipe.readEnd) { [self] in
                feed(input.signalsArrived(SignalPipe.signals(inPipeBytes: $0)))
            }
            if let notifications = shared?.diskChangeDescriptor {
                try read(copyOf: notifications) { [self] in
                    shared?.diskChangeNotified($0)
                    feed([])
                }
            }
        }

        /// Reads a `dup` of `descriptor` on the loop (its owner keeps the original open), handing each read to
        /// `onBytes`; the copy is closed when it cannot be watched.
        private func read(copyOf descriptor: Int32, onBytes: @escaping @Sendable ([UInt8]) -> Void) throws {
            let copy = dup(descriptor)
            guard copy >= 0 else { throw CoeditFailure("dup: \(String(cString: strerror(errno)))") }
            do {
                channels.append(try DescriptorReader.start(reading: copy, on: loop, onBytes: onBytes))
            } catch {
                close(copy)
                throw error
            }
        }

        /// Draws the first frame and starts listening to the network (on the loop).
        func start() {
            started = true
            session.start()
            shared?.client.wakeTurns(on: loop) { [self] in feed([]) }
            let pending = early
            early = []
            if pending.isEmpty { scheduleTimer() } else { feed(pending) }
        }

        /// One turn of the session with `inputs` (on the loop).
        private func feed(_ inputs: [TerminalInput]) {
            guard started else { return early += inputs }
            guard !ended else { return }
            if let ending = session.handle(inputs) { return finish(ending) }
            scheduleTimer()
        }

        /// Keeps one timer for the earliest of the next sync tick or disk look and the pending input's deadline.
        private func scheduleTimer() {
            let clock = ContinuousClock()
            let now = clock.now
            let waits = [session.nextWakeup, input.pendingDeadline.map { max(.zero, $0 - now) }].compactMap { $0 }
            guard let wait = waits.min() else {
                timer?.task.cancel()
                timer = nil
                return
            }
            let deadline = NIODeadline.now() + .nanoseconds(Int64(wait.components.seconds) * 1_000_000_000
                + wait.components.attoseconds / 1_000_000_000)
            if let timer, timer.deadline <= deadline { return }  // it fires first; the next turn sets the rest
            timer?.task.cancel()
            timer = (deadline, loop.scheduleTask(deadline: deadline) { [self] in
                timer = nil
                feed(input.expirePending())
            })
        }

        /// Stops watching and reports `ending` to `run`.
        private func finish(_ ending: EditSession.Ending) {
            stop()
            promise.succeed(ending)
        }

        /// Stops the timer, the watches and the network's turns (on the loop). Input that still arrives is ignored.
        func stop() {
            ended = true
            timer?.task.cancel()
            timer = nil
            shared?.client.wakeTurns(on: nil)
            for channel in channels { channel.close(promise: nil) }
            channels = []
            readerThread?.stop()
            readerThread = nil
        }
    }
}
