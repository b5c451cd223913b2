import Synchronization

/// Tells a `CollaborationClient`'s run loop that its inbox has events: by its wake pipe (a run loop that sleeps in
/// `poll`), or, once a handler is set, by calling the handler instead (a run loop that is an event loop: the handler
/// schedules the processing on it, with no system call when the event came from that loop's own thread).
///
/// Thread-safe: `wake` is called on the producers' threads; the handler may be set or cleared from any thread.
final class InboxWaker: Sendable {
    /// The self-pipe, used while no handler is set.
    let pipe: WakePipe
    /// The handler, boxed: a function value kept in a generic `Mutex` and read through `withLock`'s `inout`
    /// would be wrapped in two more reabstraction thunks on every access.
    private let handler = Mutex<Handler?>(nil)

    private final class Handler: Sendable {
        let call: @Sendable () -> Void
        init(_ call: @escaping @Sendable () -> Void) { self.call = call }
    }

    init(pipe: WakePipe) {
        self.pipe = pipe
    }

    /// Makes the run loop look at the inbox: calls the handler, or wakes the pipe when there is none.
    func wake() {
        if let handler = handler.withLock({ $0 }) { handler.call() } else { pipe.wake() }
    }

    /// Replaces the pipe by `handler` (nil: back to the pipe). A post made while switching reaches one of the two, and
    /// the pipe is woken once after switching back so that nothing posted meanwhile goes unseen.
    func setHandler(_ newHandler: (@Sendable () -> Void)?) {
        handler.withLock { $0 = newHandler.map(Handler.init) }
        if let newHandler { newHandler() } else { pipe.wake() }
    }
}

/// Whether a turn is scheduled and not started yet (thread-safe).
final class ScheduledFlag: Sendable {
    private let value = Atomic(false)

    /// Sets the flag; returns whether it was clear (the caller then schedules the turn).
    func set() -> Bool {
        !value.exchange(true, ordering: .acquiringAndReleasing)
    }

    /// Clears the flag (the turn starts: later wakes schedule another).
    func clear() {
        value.store(false, ordering: .releasing)
    }
}
