import NIOCore

/// A token bucket: holds up to `capacity` tokens, refills at `ratePerSecond`, and admits an event that can take
/// its tokens (pure; the clock is a parameter).
///
/// Law: over any interval of length `t` seconds the admitted cost is at most `capacity + ratePerSecond · t`.
public struct TokenBucket: Sendable {
    /// Most tokens held at once (the largest burst).
    public let capacity: Double
    /// Tokens added per second.
    public let ratePerSecond: Double
    private var tokens: Double
    private var updated: NIODeadline

    /// A full bucket at `now`.
    public init(capacity: Double, ratePerSecond: Double, now: NIODeadline) {
        self.capacity = capacity
        self.ratePerSecond = ratePerSecond
        self.tokens = capacity
        self.updated = now
    }

    /// Takes `cost` tokens at `now` and returns true, or returns false (taking none) when fewer are left.
    public mutating func consume(_ cost: Double = 1, now: NIODeadline) -> Bool {
        if now > updated {
            let seconds = Double((now - updated).nanoseconds) / 1e9
            tokens = min(capacity, tokens + seconds * ratePerSecond)
            updated = now
        }
        guard tokens >= cost else { return false }
        tokens -= cost
        return true
    }
}

/// The inbound rate limit applied to every authenticated connection (frames and bytes per second, with bursts).
///
/// "Frames" are counted per payload: each payload of a bundled frame (`FrameBundle`) counts as one, so bundling
/// never lets a peer send more messages than the limit.
///
/// A peer that exceeds either bucket is disconnected with `TransportError.inboundRateExceeded`.
public struct InboundRateLimit: Sendable {
    /// Sustained frames per second.
    public var framesPerSecond: Double
    /// Frames allowed in a burst.
    public var burstFrames: Double
    /// Sustained payload bytes per second.
    public var bytesPerSecond: Double
    /// Payload bytes allowed in a burst (keep it at least one maximum frame).
    public var burstBytes: Double

    /// A limit with the given rates and bursts.
    public init(framesPerSecond: Double, burstFrames: Double, bytesPerSecond: Double, burstBytes: Double) {
        self.framesPerSecond = framesPerSecond
        self.burstFrames = burstFrames
        self.bytesPerSecond = bytesPerSecond
        self.burstBytes = burstBytes
    }

    /// 500 frames/s (bursts of 2,000) and 8 MiB/s (bursts of 64 MiB): far above a person typing, far below a flood.
    public static let standard = InboundRateLimit(
        framesPerSecond: 500, burstFrames: 2_000, bytesPerSecond: 8 * 1_048_576, burstBytes: 64 * 1_048_576)

    /// What a joiner accepts from its host: 20,000 frames/s (bursts of 50,000) and 64 MiB/s (bursts of 256 MiB).
    /// The host relays everyone's changes and cursors, so its traffic grows with the number of participants (32
    /// people typing 10 keys a second send a joiner ~650 frames a second); this only stops a runaway host.
    public static let relayedByHost = InboundRateLimit(
        framesPerSecond: 20_000, burstFrames: 50_000, bytesPerSecond: 64 * 1_048_576, burstBytes: 256 * 1_048_576)
}

/// The two buckets of an `InboundRateLimit` for one peer: events (frames, requests) and bytes (pure; the clock is a
/// parameter). Every authenticated connection has one for its inbound frames; the host's history service keeps
/// one per link for history requests and the text it sends back.
///
/// Law: over any interval of `t` seconds the admitted events are at most `burstFrames + framesPerSecond · t` and
/// the admitted bytes at most `burstBytes + bytesPerSecond · t`.
public struct InboundRateGuard: Sendable {
    private var frames: TokenBucket
    private var bytes: TokenBucket

    /// Full buckets at `now`.
    public init(limit: InboundRateLimit, now: NIODeadline) {
        frames = TokenBucket(capacity: limit.burstFrames, ratePerSecond: limit.framesPerSecond, now: now)
        bytes = TokenBucket(capacity: limit.burstBytes, ratePerSecond: limit.bytesPerSecond, now: now)
    }

    /// Whether a frame of `length` payload bytes arriving at `now` is within the limit (an event and its bytes).
    public mutating func admit(length: Int, now: NIODeadline) -> Bool {
        admitEvent(now: now) && admitBytes(length, now: now)
    }

    /// Whether one more event at `now` is within the limit (for a cost known only later, see `admitBytes`).
    public mutating func admitEvent(now: NIODeadline) -> Bool {
        frames.consume(1, now: now)
    }

    /// Whether `count` more bytes at `now` are within the limit.
    public mutating func admitBytes(_ count: Int, now: NIODeadline) -> Bool {
        bytes.consume(Double(count), now: now)
    }
}
