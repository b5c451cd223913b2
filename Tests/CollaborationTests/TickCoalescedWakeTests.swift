import Foundation
import NIOCore
import NIOPosix
import Synchronization
import Testing
import TestSupport
import Transport

@testable import Collaboration

/// A connection's posts wake the run loop once per event-loop tick, and never too late.
@Suite("Tick-coalesced wake")
struct TickCoalescedWakeTests {
    @Test("posts on the loop wake once, after the tick's work; posts elsewhere wake at once")
    func oneWakePerTick() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let wakes = Atomic(0)
        let inbox = EventInbox<String>(wake: { wakes.add(1, ordering: .relaxed) })
        let receipts = TickCoalescedWake(inbox: inbox)
        let wokenDuringTick = try await loop.submit {
            for word in ["Grüße", "你好", "👋🏽", "e\u{301}"] { receipts.post(word, on: loop) }
            return wakes.load(ordering: .relaxed)
        }.get()
        try await loop.submit {}.get()
        #expect(wokenDuringTick == 0)
        #expect(wakes.load(ordering: .relaxed) == 1)
        #expect(inbox.drain() == ["Grüße", "你好", "👋🏽", "e\u{301}"])
        try await loop.submit { receipts.post("again", on: loop) }.get()
        try await loop.submit {}.get()
        #expect(wakes.load(ordering: .relaxed) == 2, "a tick after the wake ran schedules a new one")
        receipts.post("off the loop", on: loop)
        #expect(wakes.load(ordering: .relaxed) == 3)
        #expect(inbox.drain() == ["again", "off the loop"])
        try await group.shutdownGracefully()
    }

    @Test("a coalesced wake is never a lost wake: a consumer draining the pipe, then the inbox, sees every post")
    func noWakeIsLost() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let pipe = try WakePipe()
        let inbox = EventInbox<Int>(wake: { pipe.wake() })
        let receipts = TickCoalescedWake(inbox: inbox)
        var random = SeededGenerator(seed: TestBudget.baseSeed())
        let seed = random.seed
        var total = 0
        for _ in 0..<TestBudget.iterations(2_000) {  // batches of posts, each batch one tick
            let batch = total..<(total + Int.random(in: 1...5, using: &random))
            total = batch.upperBound
            loop.execute { for number in batch { receipts.post(number, on: loop) } }
        }
        let expected = total
        let seen = await Task.detached {
            var seen: [Int] = []
            while seen.count < expected {
                guard pipe.wait(milliseconds: 2_000) else { break }  // a lost wake would stall here
                pipe.drain()
                seen += inbox.drain()
            }
            return seen
        }.value
        #expect(seen == Array(0..<total), "seed \(seed)")
        try await group.shutdownGracefully()
    }
}
