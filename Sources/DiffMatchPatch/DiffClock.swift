/// The clock a diff reads to honour `DiffMatchPatch.diffTimeout`: seconds on a monotonic timeline.
///
/// The origin is arbitrary; only differences matter. The default, `.monotonic`, reads the standard library's
/// `ContinuousClock`. Tests inject a fake clock to make time-outs deterministic.
public struct DiffClock: Sendable {
    /// The current time in seconds.
    public var now: @Sendable () -> Double

    /// Whether this is `.monotonic`, whose deadlines are compared as `ContinuousClock` instants (cheaper than
    /// converting every reading to seconds; a diff reads the clock once per bisection step).
    let isContinuousClock: Bool

    /// Creates a clock that reads the time from `now`.
    public init(now: @escaping @Sendable () -> Double) {
        self.now = now
        self.isContinuousClock = false
    }

    private init(continuousClockReading now: @escaping @Sendable () -> Double) {
        self.now = now
        self.isContinuousClock = true
    }

    /// The standard library's monotonic `ContinuousClock`, in seconds since the first use of this clock.
    public static let monotonic: DiffClock = {
        let origin = ContinuousClock.now
        return DiffClock(continuousClockReading: {
            let elapsed = origin.duration(to: ContinuousClock.now).components
            return Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
        })
    }()
}

/// A point in time after which the diff stops refining and settles for a valid but coarser result.
struct Deadline: Sendable {
    private enum Limit {
        case none
        case instant(ContinuousClock.Instant)
        case seconds(Double, DiffClock)
    }

    private let limit: Limit

    /// No limit.
    static let none = Deadline(limit: .none)

    private init(limit: Limit) {
        self.limit = limit
    }

    /// The deadline `seconds` on `clock` (`.infinity` for none).
    init(seconds: Double, clock: DiffClock) {
        limit = seconds == .infinity ? .none : .seconds(seconds, clock)
    }

    /// The deadline `timeout` seconds after now on `clock`.
    init(timeout: Double, from clock: DiffClock) {
        if clock.isContinuousClock {
            limit = .instant(ContinuousClock.now.advanced(by: .nanoseconds(Int64(min(timeout, 1e9) * 1e9))))
        } else {
            limit = .seconds(clock.now() + timeout, clock)
        }
    }

    /// Whether the limit has passed (`time.time() > deadline` in the reference).
    var hasPassed: Bool {
        switch limit {
        case .none: return false
        case let .instant(instant): return ContinuousClock.now > instant
        case let .seconds(seconds, clock): return clock.now() > seconds
        }
    }
}

extension DiffMatchPatch {
    /// The deadline for a diff starting now: `diffTimeout` seconds from now, or none when `diffTimeout <= 0`.
    func startDeadline() -> Deadline {
        // Non-positive means no limit; so do infinity and NaN (whose deadline the reference never reaches).
        if diffTimeout <= 0 || !diffTimeout.isFinite { return .none }
        return Deadline(timeout: diffTimeout, from: clock)
    }
}
