import NIOCore
import Testing
@testable import Transport

@Suite("Failed-attempt limiter and token bucket")
struct LimiterTests {
    private let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
    private func at(_ milliseconds: Int64) -> NIODeadline { start + .milliseconds(milliseconds) }

    @Test("no failures: never delayed")
    func cleanAddress() {
        var limiter = FailedAttemptLimiter()
        for i in 0..<5 {
            #expect(limiter.admit(from: "10.0.0.1", now: at(Int64(i))) == .proceed(after: .zero))
        }
    }

    @Test("delays double per failure up to the cap")
    func delayCurve() {
        let limiter = FailedAttemptLimiter()
        #expect(limiter.delay(afterFailures: 0) == .zero)
        #expect(limiter.delay(afterFailures: 1) == .milliseconds(250))
        #expect(limiter.delay(afterFailures: 2) == .milliseconds(500))
        #expect(limiter.delay(afterFailures: 4) == .seconds(2))
        #expect(limiter.delay(afterFailures: 6) == .seconds(8))
        #expect(limiter.delay(afterFailures: 1000) == .seconds(8))
    }

    @Test("sequential guessing waits longer after each failure; another address is unaffected")
    func sequentialGuessing() {
        var limiter = FailedAttemptLimiter()
        var now = at(0)
        var waits: [TimeAmount] = []
        for _ in 0..<4 {
            guard case .proceed(let wait) = limiter.admit(from: "10.0.0.9", now: now) else {
                Issue.record("rejected")
                return
            }
            waits.append(wait)
            now = now + wait
            limiter.recordFailure(from: "10.0.0.9", now: now)
        }
        #expect(waits == [.zero, .milliseconds(250), .milliseconds(500), .seconds(1)])
        #expect(limiter.failures(from: "10.0.0.9", now: now) == 4)
        #expect(limiter.admit(from: "10.0.0.10", now: now) == .proceed(after: .zero))
    }

    @Test("parallel attempts are spaced out, and rejected beyond the maximum delay")
    func parallelGuessing() {
        var limiter = FailedAttemptLimiter()
        limiter.recordFailure(from: "a", now: at(0))
        limiter.recordFailure(from: "a", now: at(0))  // 2 failures: 500 ms between answers
        var admissions: [FailedAttemptLimiter.Admission] = []
        for _ in 0..<20 { admissions.append(limiter.admit(from: "a", now: at(0))) }
        let waits = admissions.compactMap { if case .proceed(let w) = $0 { return w } else { return nil } }
        #expect(waits.prefix(3) == [.milliseconds(500), .milliseconds(1000), .milliseconds(1500)])
        #expect(waits.allSatisfy { $0 <= .seconds(8) })
        #expect(waits.count == 16)
        #expect(admissions.last.map { if case .reject = $0 { true } else { false } } == true)
    }

    @Test("a success resets the address; failures are forgotten after the window")
    func resetAndForget() {
        var limiter = FailedAttemptLimiter()
        limiter.recordFailure(from: "a", now: at(0))
        limiter.recordSuccess(from: "a")
        #expect(limiter.admit(from: "a", now: at(1)) == .proceed(after: .zero))
        limiter.recordFailure(from: "b", now: at(0))
        #expect(limiter.failures(from: "b", now: at(0) + .minutes(11)) == 0)
        #expect(limiter.admit(from: "b", now: at(0) + .minutes(11)) == .proceed(after: .zero))
    }

    @Test("memory is bounded: the stalest addresses are forgotten first")
    func bounded() {
        var policy = FailedAttemptLimiter.Policy()
        policy.maximumTrackedAddresses = 8
        var limiter = FailedAttemptLimiter(policy: policy)
        for i in 0..<20 { limiter.recordFailure(from: "10.0.0.\(i)", now: at(Int64(i))) }
        #expect(limiter.failures(from: "10.0.0.19", now: at(20)) == 1)
        #expect(limiter.failures(from: "10.0.0.0", now: at(20)) == 0)
        #expect((0..<20).filter { limiter.failures(from: "10.0.0.\($0)", now: at(20)) > 0 }.count == 8)
    }

    @Test("token bucket admits a burst, then the refill rate")
    func tokenBucket() {
        var bucket = TokenBucket(capacity: 3, ratePerSecond: 10, now: at(0))
        #expect((0..<4).map { _ in bucket.consume(now: at(0)) } == [true, true, true, false])
        #expect(bucket.consume(now: at(50)) == false)  // half a token
        #expect(bucket.consume(now: at(100)) == true)
        #expect(bucket.consume(now: at(100)) == false)
        #expect((0..<5).map { _ in bucket.consume(now: at(10_000)) } == [true, true, true, false, false])
    }

    @Test("the rate guard counts events and bytes in two buckets, together or apart")
    func rateGuard() {
        let limit = InboundRateLimit(framesPerSecond: 2, burstFrames: 3, bytesPerSecond: 100, burstBytes: 250)
        var rate = InboundRateGuard(limit: limit, now: at(0))
        let frames = (0..<3).map { _ in rate.admit(length: 100, now: at(0)) }
        #expect(frames == [true, true, false], "250 bytes of burst")
        let fourth = rate.admitEvent(now: at(0))
        #expect(fourth == false, "three events of burst, the refused frame counted")
        let bytes = [rate.admitBytes(50, now: at(0)), rate.admitBytes(1, now: at(0))]
        #expect(bytes == [true, false])
        let events = [rate.admitEvent(now: at(500)), rate.admitEvent(now: at(500))]
        #expect(events == [true, false], "one event per 500 ms")
        let refilled = [rate.admitBytes(50, now: at(500)), rate.admitBytes(1, now: at(500))]
        #expect(refilled == [true, false], "50 bytes per 500 ms")
    }
}
