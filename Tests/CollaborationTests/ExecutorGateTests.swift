import NIOCore
import NIOPosix
import Synchronization
import Testing
import TestSupport

@testable import Collaboration

/// The host executor's gate: inline on the executor, queued elsewhere or re-entrantly, and always in hand-over order.
@Suite("Executor gate")
struct ExecutorGateTests {
    /// A log of numbers, appended on the executor and read after it finished.
    final class Log: Sendable {
        private let entries = Mutex<[Int]>([])
        func append(_ number: Int) { entries.withLock { $0.append(number) } }
        var numbers: [Int] { entries.withLock { $0 } }
    }

    @Test("work handed over on the executor with nothing queued runs inline, before `run` returns")
    func inlineOnTheExecutor() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let gate = ExecutorGate(loop: group.next())
        let log = Log()
        let ranBeforeReturn = try await gate.loop.submit {
            gate.run { log.append(1) }
            return log.numbers == [1]
        }.get()
        #expect(ranBeforeReturn)
        try await group.shutdownGracefully()
    }

    @Test("work handed over off the executor is queued; a shut gate drops work and says so")
    func queuedAndShut() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let gate = ExecutorGate(loop: group.next())
        let log = Log()
        #expect(gate.run { log.append(1) })
        try await gate.loop.submit {}.get()  // the queued work ran before this task
        #expect(log.numbers == [1])
        gate.shut()
        #expect(!gate.run { log.append(2) })
        let droppedOnLoop = try await gate.loop.submit { !gate.run { log.append(3) } }.get()
        #expect(droppedOnLoop)
        try await gate.loop.submit {}.get()
        #expect(log.numbers == [1])
        try await group.shutdownGracefully()
    }

    @Test("re-entrant work is queued behind the running work, and later work waits for it")
    func reentrantWorkKeepsOrder() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let gate = ExecutorGate(loop: group.next())
        let log = Log()
        try await gate.loop.submit {
            gate.run {
                log.append(1)
                gate.run { log.append(3) }  // e.g. a connection's `closed` raised while its answer is written
                log.append(2)
            }
            gate.run { log.append(4) }  // must not overtake 3, which is still queued
        }.get()
        try await gate.loop.submit {}.get()
        #expect(log.numbers == [1, 2, 3, 4])
        try await group.shutdownGracefully()
    }

    @Test("`runHere` marks the executor's own entries as running: work they hand over is queued behind them")
    func runHereQueuesReentrantWork() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let gate = ExecutorGate(loop: group.next())
        let log = Log()
        try await gate.loop.submit {
            gate.runHere {
                gate.run { log.append(2) }
                log.append(1)
            }
        }.get()
        try await gate.loop.submit {}.get()
        #expect(log.numbers == [1, 2])
        try await group.shutdownGracefully()
    }

    @Test("random mixes of inline, re-entrant, executor-timer and off-executor work run in hand-over order")
    func randomMixesRunInHandOverOrder() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let gate = ExecutorGate(loop: group.next())
        for seed in TestBudget.caseSeeds(TestBudget.iterations(200)) {
            var random = SeededGenerator(seed: seed)
            let log = Log()
            let plan = (0..<40).map { _ in (nested: Int.random(in: 0...3, using: &random), viaTask: Bool.random(using: &random)) }
            try await gate.loop.submit {
                let counter = NIOLoopBoundBox(0, eventLoop: gate.loop)
                /// Hands over work numbered in hand-over order, which hands over `depth` more re-entrantly.
                @Sendable func handOver(depth: Int) {
                    let number = counter.value
                    counter.value += 1
                    gate.run {
                        log.append(number)
                        if depth > 0 { handOver(depth: depth - 1) }
                        if depth > 1 { handOver(depth: depth - 2) }
                    }
                }
                for step in plan {
                    if step.viaTask {
                        gate.loop.execute { handOver(depth: step.nested) }  // a later tick, maybe with work queued
                    } else {
                        handOver(depth: step.nested)
                    }
                }
            }.get()
            for _ in 0..<8 { try await gate.loop.submit {}.get() }  // queued work hands over more queued work
            let numbers = log.numbers
            #expect(numbers == Array(0..<numbers.count), "seed \(seed): ran out of hand-over order: \(numbers)")
            /// How many pieces of work one hand-over of `depth` makes.
            func pieces(_ depth: Int) -> Int { 1 + (depth > 0 ? pieces(depth - 1) : 0) + (depth > 1 ? pieces(depth - 2) : 0) }
            #expect(numbers.count == plan.map { pieces($0.nested) }.reduce(0, +), "seed \(seed): work was lost")
        }
        try await group.shutdownGracefully()
    }
}
