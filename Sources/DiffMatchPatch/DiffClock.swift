/// The clock a diff reads to honour `DiffMatchPatch.diffTimeout`: seconds on a monotonic timeline.
///
/// The origin is arbitrary; only differences matter. The default, `.monotonic`, reads the standard library's
/// `ContinuousClock`. Tests inject a fake clock to make time-outs deterministic.
public struct DiffClock: Sendable {
    /// The current time in seconds.
    public var now: @Sendable () -> Double

    /// Creates a clock that reads the time from `now`.
    public init(now: @escaping @Sendable () -> Double) {
        self.now = now
    }

    /// The standard library's monotonic `ContinuousClock`, in seconds since the first use of this clock.
    public static let monotonic: DiffClock = {
        let origin = ContinuousClock.now
        return DiffClock {
            let elapsed = origin.duration(to: ContinuousClock.now).components
            return Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
        }
    }()
}

/// A point in time after which the diff stops refining and settles for a valid but coarser result.
struct Deadline {
    /// The limit in `clock` seconds; `.infinity` means no limit.
    let limit: Double
    /// The clock the limit is measured on.
    let clock: DiffClock

    /// Whether the limit has passed (`time.time() > deadline` in the reference).
    var hasPassed: Bool {
        limit != .infinity && clock.now() > limit
    }
}

extension DiffMatchPatch {
    /// The deadline for a diff starting now: `diffTimeout` seconds from now, or none when `diffTimeout <= 0`.
    func startDeadline() -> Deadline {
        if diffTimeout <= 0 { return Deadline(limit: .infinity, clock: clock) }
        return Deadline(limit: clock.now() + diffTimeout, clock: clock)
    }
}
