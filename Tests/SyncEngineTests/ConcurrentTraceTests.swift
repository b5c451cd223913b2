import Foundation
import SyncEngine
import SyncTestSupport
import Testing

/// The friendsforever concurrent trace (two agents, 26,078 transactions) replayed through the engine.
@Suite struct ConcurrentTraceTests {
    /// `<root>/../shared/traces/friendsforever.concurrent.json.gz` (the package root is two levels above this
    /// file); from a git worktree under `<main>/../wt/NAME`, one level further up.
    static let traceURL: URL = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let candidates = ["../shared", "../../shared"].map {
            root.appendingPathComponent($0 + "/traces/friendsforever.concurrent.json.gz").standardized
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) } ?? candidates[0]
    }()

    /// The trace's JSON, gunzipped with /bin/gzip.
    static func loadTrace() throws -> ConcurrentTrace {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", traceURL.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ConcurrentTrace.FormatError(description: "gzip -dc \(traceURL.path) failed")
        }
        return try ConcurrentTrace(json: data)
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
