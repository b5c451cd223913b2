import NIOCore
import Synchronization

/// Runs work on the host's executor until the session stops; afterwards work is dropped (a stopped event loop
/// must not be given tasks).
///
/// **Order.** Work runs in the order it was handed to the gate (for calls on one thread, or on the executor;
/// calls racing on different threads have no order to keep). Work handed over on the executor itself runs at
/// once, inline, when nothing handed over earlier is still queued and no gate work is running (re-entrant work,
/// e.g. a connection's `closed` event raised while the document's effects are written, is queued behind the
/// running work instead); all other work is queued with `EventLoop.execute`. Inline running saves a task
/// allocation, a queue lock and a later dispatch per frame: the joiners' connections live on the executor, so
/// every frame they deliver can run inline.
final class ExecutorGate: Sendable {
    /// The executor.
    let loop: EventLoop
    private let state = Mutex(State())
    /// Whether gate work is running on the executor now (only the executor touches it).
    private let isRunning = Atomic(false)

    private struct State {
        /// False once shut: all later work is dropped.
        var isOpen = true
        /// Work queued with `loop.execute` that has not started yet.
        var queued = 0
    }

    init(loop: EventLoop) {
        self.loop = loop
    }

    /// Runs `work` on the executor: inline when called on it with nothing queued and nothing running, else queued.
    /// Returns false (and drops `work`) once the gate is shut.
    @discardableResult
    func run(_ work: @escaping @Sendable () -> Void) -> Bool {
        let onLoop = loop.inEventLoop && !isRunning.load(ordering: .relaxed)
        let decision = state.withLock { gate -> Decision in
            guard gate.isOpen else { return .drop }
            if onLoop && gate.queued == 0 { return .inline }
            gate.queued += 1
            loop.execute { [self] in
                state.withLock { $0.queued -= 1 }
                runMarked(work)
            }
            return .queued
        }
        switch decision {
        case .drop:
            return false
        case .inline:
            runMarked(work)
            return true
        case .queued:
            return true
        }
    }

    /// Runs `work` now, on the executor, as gate work: for the executor's own entries into the document (timers,
    /// shutdown) that do not come through `run`, so that work they cause re-entrantly is queued behind them too.
    ///
    /// - Precondition: called on the executor.
    func runHere(_ work: () -> Void) {
        loop.preconditionInEventLoop()
        if isRunning.load(ordering: .relaxed) { return work() }
        runMarked(work)
    }

    /// Drops all later work.
    func shut() {
        state.withLock { $0.isOpen = false }
    }

    private enum Decision { case drop, inline, queued }

    /// Runs `work` on the executor, marked as running (so that work it hands over re-entrantly is queued).
    private func runMarked(_ work: () -> Void) {
        isRunning.store(true, ordering: .relaxed)
        work()
        isRunning.store(false, ordering: .relaxed)
    }
}
