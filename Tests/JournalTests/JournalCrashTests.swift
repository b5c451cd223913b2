import Foundation
import Journal
import SyncEngine
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// kill -9 of a process appending to a journal: every revision whose append returned is there afterwards.
@Suite struct JournalCrashTests {
    /// The JournalCrashChild executable built beside the test bundle.
    static func childBinary() throws -> String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        var candidates = [URL(fileURLWithPath: executable).deletingLastPathComponent()]
        candidates += Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
        let paths = candidates.map { $0.appendingPathComponent("JournalCrashChild").path }
        guard let found = paths.first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw JournalCrashFailure(description: "JournalCrashChild not found (looked at \(paths))")
        }
        return found
    }

    /// Runs the child on `journal` until it has printed `acks` acknowledgements, kills it with SIGKILL, and
    /// returns every acknowledgement it printed: revision → hash.
    func runAndKill(journal: URL, seed: UInt64, acks: Int) throws -> (start: Int, acked: [Int: String]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.childBinary())
        process.arguments = [journal.path, String(seed)]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var buffer = Data()
        var lines: [String] = []
        let handle = output.fileHandleForReading
        while lines.filter({ $0.hasPrefix("ack ") }).count < acks {
            let chunk = handle.availableData
            if chunk.isEmpty { break }  // the child ended early: the checks below will say why
            buffer += chunk
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                lines.append(String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self))
                buffer = Data(buffer[buffer.index(after: newline)...])
            }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        buffer += handle.readDataToEndOfFile()
        lines += String(decoding: buffer, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast().map(String.init)  // only complete lines count
        #expect(process.terminationReason == .uncaughtSignal, "the child was not killed: \(lines.suffix(2))")
        guard let first = lines.first, first.hasPrefix("ready "), let start = Int(first.dropFirst(6)) else {
            throw JournalCrashFailure(description: "the child did not start: \(lines.prefix(3))")
        }
        var acked: [Int: String] = [:]
        for line in lines where line.hasPrefix("ack ") {
            let parts = line.split(separator: " ")
            guard parts.count == 3, let revision = Int(parts[1]) else { continue }
            acked[revision] = String(parts[2])
        }
        return (start, acked)
    }

    @Test func everyAcknowledgedRevisionSurvivesKillDashNine() throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("crash.journal.sqlite")
        try Journal.create(at: url, documentPath: "/docs/crash.tex", epoch: 7, text: "départ ").close()
        var allAcked: [Int: String] = [:]
        for (round, acks) in [150, 40, 400].enumerated() {
            let (start, acked) = try runAndKill(journal: url, seed: UInt64(round + 1), acks: acks)
            #expect(acked.count >= acks, "round \(round)")
            #expect(start >= (allAcked.keys.max() ?? 0), "round \(round): the journal lost acknowledged revisions")
            allAcked.merge(acked) { _, new in new }
            let journal = try Journal.open(at: url, readOnly: true)
            let latest = try journal.latestRevision()
            let highest = acked.keys.max() ?? 0
            #expect(latest >= highest, "round \(round): latest \(latest) < acknowledged \(highest)")
            #expect(latest <= highest + 1, "round \(round): more revisions than the child made")
            for (revision, hash) in acked.sorted(by: { $0.key < $1.key }) where revision > start {
                let text = try journal.text(at: revision)
                #expect(TextHash(of: text).description == hash, "round \(round) revision \(revision)")
            }
            journal.close()
        }
        // Earlier rounds' revisions are still intact after later crashes.
        let journal = try Journal.open(at: url, readOnly: true)
        for revision in allAcked.keys.sorted() where revision % 25 == 0 {
            #expect(TextHash(of: try journal.text(at: revision)).description == allAcked[revision])
        }
    }
}

struct JournalCrashFailure: Error, CustomStringConvertible {
    var description: String
}
