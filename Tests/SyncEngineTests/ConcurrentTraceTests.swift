import Foundation
import SyncEngine
import SyncTestSupport
import TestSupport
import Testing

/// The friendsforever concurrent trace (two agents, 26,078 transactions) replayed through the engine.
@Suite struct ConcurrentTraceTests {
    /// The friendsforever trace from `../shared/traces/`.
    static func loadTrace() throws -> ConcurrentTrace {
        try ConcurrentTrace(json: SharedTraces.data(of: "friendsforever.concurrent.json.gz"))
    }

    @Test func friendsforeverConvergesToItsEndContent() throws {
        let trace = try Self.loadTrace()
        #expect(trace.transactions.count == 26_078)
        let report = try ConcurrentTraceReplay.run(trace)
        #expect(report.violations.isEmpty)
        #expect(report.unexpectedEvents.isEmpty, "\(report.unexpectedEvents.prefix(3))")
        #expect(report.hostText == trace.endContent)
        for (agent, text) in report.editorTexts.enumerated() {
            #expect(text == trace.endContent, "agent \(agent)")
        }
        print(
            "friendsforever: \(report.revisions) revisions; \(report.transactionsOnALaterVersion) transactions made "
                + "on a later version than the trace's (at most \(report.largestExtra) extra)")
    }
}
