import NIOCore
import Transport

/// Serves joiners' history requests (the history view) from the host's `HistoryProvider`, bounded per link.
///
/// Each link may ask at most 20 revisions a second (bursts of 40) and receive at most 8 MiB of text a second
/// (bursts of 32 MiB), counted by Transport's `InboundRateGuard` (`limit`, Docs/protocol.md §6.5); beyond that,
/// or for a text over `maximumTextBytes` (the frame limit is 16 MiB), the reply is `unavailable` with the reason,
/// without closing anything. A well-behaved client has one request in flight, so it stays far below these
/// bounds; they only keep a misbehaving peer from turning the host's loop into a journal reader.
struct HistoryService {
    /// Requests (counted as the guard's frames) and bytes of text, per link.
    static let limit = InboundRateLimit(
        framesPerSecond: 20, burstFrames: 40, bytesPerSecond: 8 * 1_048_576, burstBytes: 32 * 1_048_576)
    static let maximumTextBytes = 8 * 1024 * 1024

    /// Where the history comes from (nil: this host keeps none).
    let provider: (any HistoryProvider)?
    private var budgets: [HostLink.ID: InboundRateGuard] = [:]

    init(provider: (any HistoryProvider)?) {
        self.provider = provider
    }

    /// The reply to link `id` asking for `revision` (nil: the newest) at `now`.
    mutating func reply(to revision: Int?, for id: HostLink.ID, now: NIODeadline) -> HistoryReply {
        guard let provider else { return .unavailable("this host keeps no history") }
        var budget = budgets[id] ?? InboundRateGuard(limit: Self.limit, now: now)
        defer { budgets[id] = budget }
        // The request is counted before the journal is read (that is the work being bounded); its bytes after.
        guard budget.admitEvent(now: now) else {
            return .unavailable("too many history requests: try again in a moment")
        }
        let reply = provider.historyReply(for: revision)
        guard case .revision(let entry) = reply else { return reply }
        let size = entry.text.utf8.count
        guard size <= Self.maximumTextBytes else {
            return .unavailable("revision \(entry.revision) is too large to send (\(size / 1024 / 1024) MiB of text)")
        }
        guard budget.admitBytes(size, now: now) else {
            return .unavailable("too much history requested: try again in a moment")
        }
        return reply
    }

    /// Forgets a closed link's budget.
    mutating func forget(_ id: HostLink.ID) {
        budgets[id] = nil
    }
}
