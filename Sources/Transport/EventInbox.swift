import Synchronization

/// A thread-safe queue between the transport's event-loop threads and one consumer thread (the editor's run loop).
///
/// Producers call `post` from any thread; the consumer calls `drain` on its own thread. `wake`, if given, runs after
/// each post on the producer's thread, to interrupt a consumer that sleeps in `poll` (e.g. by writing a byte to a
/// self-pipe); it must not block.
public final class EventInbox<Event: Sendable>: Sendable {
    private let events = Mutex<[Event]>([])
    private let wake: (@Sendable () -> Void)?

    /// An empty inbox that calls `wake` after each post.
    public init(wake: (@Sendable () -> Void)? = nil) {
        self.wake = wake
    }

    /// Appends `event` and wakes the consumer.
    public func post(_ event: Event) {
        events.withLock { $0.append(event) }
        wake?()
    }

    /// Removes and returns every event posted so far, oldest first.
    public func drain() -> [Event] {
        events.withLock { events in
            defer { events.removeAll(keepingCapacity: true) }
            return events
        }
    }

    /// How many events are waiting.
    public var count: Int { events.withLock { $0.count } }
}
