#if canImport(Glibc)
import Glibc
#endif
import BlockingTestThreads
import Foundation
import Testing

/// The trait really moves a test off the cooperative pool.
@Suite(.blockingThreads) struct BlockingThreadsTests {
    @Test("a test in a .blockingThreads suite runs on one of the pool's own threads")
    func runsOnThePool() {
        #expect(BlockingThreadPool.isCurrentThreadInPool)
    }
}

/// Without the trait a test runs on the cooperative pool (so the check above can fail).
@Suite struct CooperativeThreadsTests {
    @Test("a test without the trait is not on the blocking pool")
    func runsOnTheCooperativePool() {
        #expect(!BlockingThreadPool.isCurrentThreadInPool)
    }
}
