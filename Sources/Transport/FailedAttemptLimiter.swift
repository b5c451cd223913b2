import NIOCore

/// Slows down secret guessing: per remote address, the answer to each attempt waits longer the more attempts
/// from that address have failed (pure; the clock is a parameter).
///
/// After `n` consecutive failures from an address, attempts from it are answered at most once per `delay(n)`
/// (`baseDelay · 2^(n-1)`, capped at `maximumDelay`): `admit` reserves the next free answer slot and returns the
/// wait. An attempt whose slot would be more than `maximumDelay` away is rejected outright, so parallel
/// connections cannot queue up guesses. An address with no failures is never delayed; a success resets it; an
/// address whose last failure is older than `forgetAfter` starts over. At most `maximumTrackedAddresses` are
/// remembered (the stalest are forgotten first), so memory stays bounded.
public struct FailedAttemptLimiter: Sendable {
    /// The limiter's tuning.
    public struct Policy: Sendable {
        /// The wait after the first failure.
        public var baseDelay: TimeAmount = .milliseconds(250)
        /// The largest wait (and the furthest slot that may be reserved).
        public var maximumDelay: TimeAmount = .seconds(8)
        /// How long an address's failures are remembered after its last one.
        public var forgetAfter: TimeAmount = .minutes(10)
        /// How many addresses are remembered at most.
        public var maximumTrackedAddresses = 4096

        /// The default policy: 250 ms doubling up to 8 s, forgotten after 10 minutes.
        public init() {}
    }

    /// Whether an attempt may go ahead, and when its answer may be sent.
    public enum Admission: Sendable, Equatable {
        /// Check the attempt; send its answer after this wait (zero: at once).
        case proceed(after: TimeAmount)
        /// Refuse without checking; the address may try again after this long.
        case reject(retryAfter: TimeAmount)
    }

    private struct Record: Sendable {
        var failures: Int
        var lastFailure: NIODeadline
        var nextSlot: NIODeadline
    }

    /// The tuning in force.
    public let policy: Policy
    private var records: [String: Record] = [:]

    /// A limiter with `policy`.
    public init(policy: Policy = Policy()) {
        self.policy = policy
    }

    /// The wait between answers after `failures` consecutive failures: 0 for none, then doubling from `baseDelay`.
    public func delay(afterFailures failures: Int) -> TimeAmount {
        guard failures > 0 else { return .zero }
        let doublings = min(failures - 1, 30)
        let nanoseconds = policy.baseDelay.nanoseconds.multipliedReportingOverflow(by: 1 << doublings)
        if nanoseconds.overflow { return policy.maximumDelay }
        return .nanoseconds(min(nanoseconds.partialValue, policy.maximumDelay.nanoseconds))
    }

    /// Consecutive failures remembered for `address` at `now`.
    public func failures(from address: String, now: NIODeadline) -> Int {
        guard let record = records[address], !isStale(record, now: now) else { return 0 }
        return record.failures
    }

    /// Admits one attempt from `address` at `now`, reserving its answer slot.
    public mutating func admit(from address: String, now: NIODeadline) -> Admission {
        guard var record = records[address], !isStale(record, now: now), record.failures > 0 else {
            records[address] = nil
            return .proceed(after: .zero)
        }
        let start = max(now, record.nextSlot)
        let wait = start - now
        guard wait <= policy.maximumDelay else {
            return .reject(retryAfter: wait)
        }
        record.nextSlot = start + delay(afterFailures: record.failures)
        records[address] = record
        return .proceed(after: wait)
    }

    /// Records a failed attempt (wrong secret) from `address` at `now`.
    public mutating func recordFailure(from address: String, now: NIODeadline) {
        var record = records[address].flatMap { isStale($0, now: now) ? nil : $0 }
            ?? Record(failures: 0, lastFailure: now, nextSlot: now)
        record.failures += 1
        record.lastFailure = now
        record.nextSlot = max(record.nextSlot, now + delay(afterFailures: record.failures))
        records[address] = record
        evictIfNeeded(now: now)
    }

    /// Records a successful attempt from `address`: its failures are forgotten.
    public mutating func recordSuccess(from address: String) {
        records[address] = nil
    }

    private func isStale(_ record: Record, now: NIODeadline) -> Bool {
        now - record.lastFailure > policy.forgetAfter
    }

    private mutating func evictIfNeeded(now: NIODeadline) {
        guard records.count > policy.maximumTrackedAddresses else { return }
        records = records.filter { !isStale($0.value, now: now) }
        while records.count > policy.maximumTrackedAddresses,
            let stalest = records.min(by: { $0.value.lastFailure < $1.value.lastFailure })?.key
        {
            records[stalest] = nil
        }
    }
}
