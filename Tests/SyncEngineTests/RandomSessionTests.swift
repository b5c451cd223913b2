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
        var revisions = 0, resumes = 0, moved = 0
        let seeds = TestBudget.caseSeeds(10_000)
        for seed in seeds {
            let report = RandomSession.run(seed: seed)
            revisions += report.revisions
            resumes += report.resumes
            moved += report.markersMovedByDiff
            if !report.problems.isEmpty {
                failures += 1
                if failures <= 5 {
                    Issue.record("seed \(seed): \(report.editorCount) editors: \(report.problems.prefix(5))")
                }
            }
        }
        #expect(failures == 0, "\(failures) failing sessions")
        print("\(seeds.count) sessions: \(revisions) revisions, \(resumes) exact resumes, \(moved) markers moved by a diff")
        #expect(resumes > 0 && revisions > seeds.count)
    }
}
