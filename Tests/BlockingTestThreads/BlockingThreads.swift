#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// Runs each test of a suite on a small pool of threads of its own instead of Swift's cooperative pool.
///
/// The tmux and real-process tests block while they wait for a screen or a peer (`usleep` polling, `waitpid`); on
/// the cooperative pool, which has one thread per core (two here), two such tests would stall every async test of
/// the run (network tests awaiting loopback replies) until they finish. With `.blockingThreads` on a suite, its tests run on
/// `BlockingThreadPool.shared` (two threads, so no more blocking tests run at once than before) and the
/// cooperative pool stays free.
public struct BlockingThreadsTrait: SuiteTrait, TestTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? {
        testCase == nil ? nil : self
    }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        try await withTaskExecutorPreference(BlockingThreadPool.shared) {
            try await function()
        }
    }
}

extension Trait where Self == BlockingThreadsTrait {
    /// Run the tests on threads that may block (see `BlockingThreadsTrait`).
    public static var blockingThreads: Self { BlockingThreadsTrait() }
}

/// A task executor with a fixed number of threads of its own, named `coedit-blocking-N`.
public final class BlockingThreadPool: TaskExecutor, @unchecked Sendable {
    public static let shared = BlockingThreadPool(threads: 2)

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    init(threads: Int) {
        for index in 0..<threads {
            let thread = Thread { [unowned self] in self.work() }
            thread.name = "coedit-blocking-\(index)"
            thread.start()
        }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Whether the calling thread is one of a pool's threads.
    public static var isCurrentThreadInPool: Bool {
        Thread.current.threadDictionary[poolMarker] as? Bool == true
    }

    private static let poolMarker = "coedit-blocking-thread"

    private func work() {
        Thread.current.threadDictionary[Self.poolMarker] = true
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
