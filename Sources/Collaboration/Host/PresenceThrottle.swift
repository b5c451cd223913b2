import SyncEngine

/// Decides when the host relays a participant's cursor: at most once per `interval`, the latest position winning.
///
/// Pure (times are passed in, in nanoseconds of any monotonic clock). The first update after a quiet interval goes
/// out at once; updates inside the interval are coalesced into one relay at its end, which carries the newest
/// selections (the host re-reads them at the head revision when it sends, so a late relay is never stale).
struct PresenceThrottle {
    /// The minimum time between two relays of one participant (nanoseconds).
    let interval: UInt64
    /// When each participant's last relay went out.
    private var lastSent: [ParticipantID: UInt64] = [:]
    /// Participants whose newest update waits for the end of their interval.
    private var waiting: Set<ParticipantID> = []

    /// A throttle allowing one relay per participant per `interval` nanoseconds.
    init(interval: UInt64) {
        self.interval = interval
    }

    /// Notes an update from `participant` at `now`; returns whether to relay it now (else it waits).
    mutating func note(_ participant: ParticipantID, now: UInt64) -> Bool {
        if let last = lastSent[participant], now &- last < interval {
            waiting.insert(participant)
            return false
        }
        lastSent[participant] = now
        waiting.remove(participant)
        return true
    }

    /// The waiting participants whose interval has ended by `now`, now marked as relayed, in id order.
    mutating func due(now: UInt64) -> [ParticipantID] {
        let ready = waiting.filter { now &- (lastSent[$0] ?? 0) >= interval }.sorted()
        for participant in ready {
            waiting.remove(participant)
            lastSent[participant] = now
        }
        return ready
    }

    /// When the earliest waiting relay is due, or nil when none waits.
    var nextDeadline: UInt64? {
        waiting.map { (lastSent[$0] ?? 0) &+ interval }.min()
    }

    /// Forgets `participant` (it left).
    mutating func forget(_ participant: ParticipantID) {
        lastSent[participant] = nil
        waiting.remove(participant)
    }
}
