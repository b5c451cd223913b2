import NIOCore
import NIOPosix

/// How long a joiner waits before each reconnection attempt: exponential backoff with jitter.
///
/// The n-th attempt after losing the host (n = 1, 2, ...) waits `min(maximumDelay, initialDelay · multiplierⁿ⁻¹)`
/// scaled by a random factor in `[1 − jitter, 1)`, so joiners that lost the same host do not all knock at once.
/// Pure: the random unit is passed in (`delay(attempt:unit:)`), so tests replay exact sequences.
public struct ReconnectPolicy: Hashable, Sendable {
    /// The wait before the first attempt (before jitter).
    public var initialDelay: Duration
    /// The longest wait (before jitter).
    public var maximumDelay: Duration
    /// The growth factor per failed attempt (at least 1).
    public var multiplier: Double
    /// The fraction of each wait that is random, in `0...1`.
    public var jitter: Double

    /// A policy; the defaults wait about 0.25 s, 0.5 s, 1 s, ... up to 8 s.
    public init(
        initialDelay: Duration = .milliseconds(250), maximumDelay: Duration = .seconds(8), multiplier: Double = 2,
        jitter: Double = 0.5
    ) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.multiplier = max(1, multiplier)
        self.jitter = min(max(jitter, 0), 1)
    }

    /// The wait before attempt `attempt` (from 1), for a random `unit` in `0..<1`.
    public func delay(attempt: Int, unit: Double) -> Duration {
        let initial = initialDelay.seconds
        let cap = maximumDelay.seconds
        var base = initial
        for _ in 1..<max(attempt, 1) where base < cap { base *= multiplier }
        let capped = min(base, cap)
        let scale = 1 - jitter * min(max(1 - unit, 0), 1)
        return .nanoseconds(Int64((capped * scale * 1e9).rounded()))
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }

    /// The duration as NIO's `TimeAmount`.
    var timeAmount: TimeAmount {
        .nanoseconds(Int64(components.seconds) * 1_000_000_000 + components.attoseconds / 1_000_000_000)
    }

    /// The duration in whole nanoseconds, negative ones as 0 (for arithmetic on uptime nanoseconds).
    var uptimeNanoseconds: UInt64 {
        UInt64(max(timeAmount.nanoseconds, 0))
    }
}

/// Runs work after a delay: the joiner's clock for reconnecting (tests inject a recording one).
public protocol ReconnectTimer: Sendable {
    /// Runs `work` once, `delay` from now, on any thread.
    func schedule(after delay: Duration, _ work: @escaping @Sendable () -> Void)
}

/// A `ReconnectTimer` on a NIO event loop.
public struct EventLoopTimer: ReconnectTimer {
    /// The loop whose timer is used.
    public let loop: EventLoop

    /// A timer on `loop` (by default one of NIO's shared loops).
    public init(loop: EventLoop = MultiThreadedEventLoopGroup.singleton.next()) {
        self.loop = loop
    }

    public func schedule(after delay: Duration, _ work: @escaping @Sendable () -> Void) {
        loop.scheduleTask(in: delay.timeAmount) { work() }
    }
}
