import NIOCore
import Synchronization
import Transport

/// Posts a connection's events into an inbox and wakes its consumer once per tick of the connection's event loop,
/// after the tick's reads, instead of once per event.
///
/// A post made on the connection's `loop` appends without waking and, unless a wake is already scheduled, schedules one as a task:
/// NIO runs a tick's tasks after all of its I/O, so the frames read in one tick wake the run loop once, when the
/// loop thread has nothing left to do but its next wait (a consumer woken earlier would often preempt the loop
/// thread in the middle of its reads on a busy machine: two extra context switches). Posts made off `loop` wake at
/// once. **No wake is lost:** on the loop, every post either schedules the wake task or finds one scheduled that
/// has not run yet; the task clears the flag before it wakes, and both run on the one loop thread, so every
/// appended event precedes a wake. Thread-safe.
final class TickCoalescedWake<Event: Sendable>: Sendable {
    private let inbox: EventInbox<Event>
    /// Whether a wake task is scheduled on the loop and has not run yet (touched on the loop only).
    private let isScheduled = Atomic(false)

    /// Coalesced wakes for the posts of one connection into `inbox`.
    init(inbox: EventInbox<Event>) {
        self.inbox = inbox
    }

    /// Appends `event`; its consumer is woken at the end of this tick (on `loop`, which must be the same loop at
    /// every call: the connection's) or at once (elsewhere).
    func post(_ event: Event, on loop: EventLoop) {
        guard loop.inEventLoop else { return inbox.post(event) }
        inbox.postWithoutWaking(event)
        guard !isScheduled.exchange(true, ordering: .relaxed) else { return }
        loop.execute { [self] in
            isScheduled.store(false, ordering: .relaxed)
            inbox.wakeConsumer()
        }
    }
}
