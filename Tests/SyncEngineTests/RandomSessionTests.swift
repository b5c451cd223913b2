import SyncEngine
import SyncTestSupport
import TestSupport
import Testing

/// Convergence of seeded random sessions on the simulated network.
@Suite struct RandomSessionTests {
    /// The exact path: disconnects and reconnects resume exactly, so every marker survives unless a user deleted
    /// it, no change is applied twice, and everyone ends with the host's text and sees everyone's cursor.
    @Test func randomSessionsConvergeExactly() {
        var failures = 0
        for seed in TestBudget.caseSeeds(10_000) {
            let report = RandomSession.run(seed: seed)
            if !report.problems.isEmpty {
                failures += 1
                if failures <= 5 {
                    Issue.record("seed \(seed): \(report.editorCount) editors: \(report.problems.prefix(5))")
                }
            }
        }
        #expect(failures == 0, "\(failures) failing sessions")
    }
}
