import NIOCore
import Transport

/// Serves joiners' history requests (the history view) from the host's `HistoryProvider`, bounded per link.
///
/// Each link may ask at most `requestsPerSecond` revisions a second (bursts of `burstRequests`) and receive at most
/// `bytesPerSecond` of text (bursts of `burstBytes`); beyond that, or for a text over `maximumTextBytes` (the frame
/// limit is 16 MiB), the reply is `unavailable` with the reason, without closing anything. A well-behaved client
/// has one request in flight, so it stays far below these bounds; they only keep a misbehaving peer from turning
/// the host's loop into a journal reader.
struct HistoryService {
    static let requestsPerSecond = 20.0
    static let burstRequests = 40.0
    static let bytesPerSecond = 8.0 * 1024 * 1024
    static let burstBytes = 32.0 * 1024 * 1024
    static let maximumTextBytes = 8 * 1024 * 1024

    /// Where the history comes from (nil: this host keeps none).
    let provider: (any HistoryProvider)?
    private var requests: [HostLink.ID: TokenBucket] = [:]
    private var bytes: [HostLink.ID: TokenBucket] = [:]

    init(provider: (any HistoryProvider)?) {
        self.provider = provider
    }

    /// The reply to link `id` asking for `revision` (nil: the newest) at `now`.
    mutating func reply(to revision: Int?, for id: HostLink.ID, now: NIODeadline) -> HistoryReply {
        guard let provider else { return .unavailable("this host keeps no history") }
        var requestBudget = requests[id]
            ?? TokenBucket(capacity: Self.burstRequests, ratePerSecond: Self.requestsPerSecond, now: now)
        defer { requests[id] = requestBudget }
        guard requestBudget.consume(now: now) else {
            return .unavailable("too many history requests: try again in a moment")
        }
        let reply = provider.historyReply(for: revision)
        guard case .revision(let entry) = reply else { return reply }
        let size = entry.text.utf8.count
        guard size <= Self.maximumTextBytes else {
            return .unavailable("revision \(entry.revision) is too large to send (\(size / 1024 / 1024) MiB of text)")
        }
        var byteBudget = bytes[id] ?? TokenBucket(capacity: Self.burstBytes, ratePerSecond: Self.bytesPerSecond, now: now)
        defer { bytes[id] = byteBudget }
        guard byteBudget.consume(Double(size), now: now) else {
            return .unavailable("too much history requested: try again in a moment")
        }
        return reply
    }

    /// Forgets a closed link's budgets.
    mutating func forget(_ id: HostLink.ID) {
        requests[id] = nil
        bytes[id] = nil
    }
}
