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
        var revisions = 0
        var resumes = 0
        var moved = 0
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
        print(
            "\(seeds.count) sessions: \(revisions) revisions, \(resumes) exact resumes, "
                + "\(moved) markers moved by a diff"
        )
        #expect(resumes > 0 && revisions > seeds.count)
    }
}

/// The fallback path: with a log of only a few revisions, editors that fall behind (disconnected, or slow while
/// others race ahead) get a snapshot and merge their local work onto it best effort.
@Suite struct FallbackSessionTests {
    /// Corrupted hashes (a simulated bug) make editors resync from snapshots mid-session; they still converge.
    @Test func sessionsWithCorruptedHashesResyncAndConverge() {
        var options = RandomSession.Options()
        options.expectExact = false
        options.corruptHashes = true
        options.steps = 60
        var failures = 0
        var mismatches = 0
        let seeds = TestBudget.caseSeeds(1_000, default: 8_888)
        for seed in seeds {
            let report = RandomSession.run(seed: seed, options: options)
            mismatches += report.hashMismatches
            if !report.problems.isEmpty {
                failures += 1
                if failures <= 5 { Issue.record("seed \(seed): \(report.problems.prefix(5))") }
            }
        }
        #expect(failures == 0, "\(failures) failing sessions")
        #expect(mismatches > seeds.count / 10, "only \(mismatches) hash mismatches: the resync path was hardly used")
        print("\(seeds.count) sessions with corrupted hashes: \(mismatches) mismatches detected and resynced")
    }

    @Test func sessionsWithTinyLogsStillConverge() {
        var options = RandomSession.Options()
        options.expectExact = false
        options.steps = 60
        var failures = 0
        var fallbacks = 0
        var conflicts = 0
        var lost = 0
        var reported = 0
        let seeds = TestBudget.caseSeeds(1_000, default: 7_777)
        for seed in seeds {
            options.logWindow = Int(seed % 4) + 1
            let report = RandomSession.run(seed: seed, options: options)
            if report.usedFallback { fallbacks += 1 }
            conflicts += report.conflicts
            lost += report.markersLost
            reported += report.markersLostButReported
            if !report.problems.isEmpty {
                failures += 1
                if failures <= 5 { Issue.record("seed \(seed): \(report.problems.prefix(5))") }
            }
        }
        #expect(failures == 0, "\(failures) failing sessions")
        print(
            "\(seeds.count) sessions with tiny logs: \(fallbacks) used the fallback, \(conflicts) conflict hunks, "
                + "\(lost) markers lost of which \(reported) reported"
        )
        #expect(fallbacks > seeds.count / 10, "the fallback path was hardly exercised")
    }
}
