import NIOCore
import Synchronization

/// The host's `FailedAttemptLimiter`, shared by all of its connections (thread-safe; keyed by remote IP address).
final class AttemptGate: Sendable {
    private let limiter: Mutex<FailedAttemptLimiter>

    init(policy: FailedAttemptLimiter.Policy) {
        limiter = Mutex(FailedAttemptLimiter(policy: policy))
    }

    /// Admits one attempt from `address` now.
    func admit(from address: String) -> FailedAttemptLimiter.Admission {
        limiter.withLock { $0.admit(from: address, now: .now()) }
    }

    /// Records the outcome of an admitted attempt from `address`.
    func record(from address: String, succeeded: Bool) {
        limiter.withLock { limiter in
            if succeeded {
                limiter.recordSuccess(from: address)
            } else {
                limiter.recordFailure(from: address, now: .now())
            }
        }
    }

    /// Consecutive failures remembered for `address`.
    func failures(from address: String) -> Int {
        limiter.withLock { $0.failures(from: address, now: .now()) }
    }
}
