#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import SyncEngine

/// `coedit-bench latency`: keystroke → another editor's screen (issue 4, "Speed").
struct LatencyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latency", abstract: "Keystroke → visible on another coedit's screen, real programs on ptys.")

    @Option(help: "Keystrokes measured per direction and sync interval.")
    var keystrokes = 300

    @Flag(help: "A short run (40 keystrokes) for trying it.")
    var quick = false

    func run() throws {
        CollaborationBench.prepare()
        let rows = try KeystrokeLatencyBenchmark(keystrokes: quick ? 40 : keystrokes).run()
        print("\n### Keystroke → other editor's screen, loopback, real `coedit` on ptys (\(CollaborationBench.load))\n")
        print("| direction | sync interval | keys | remote screen p50 / p90 / p99 / max (ms) | local echo p50 / p90 / p99 / max (ms) | remote ÷ local, p50 | p99 | lost |")
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for row in rows {
            let ratio = { (p: Double) -> String in
                guard let remote = row.remote.percentile(p), let local = row.local.percentile(p), local > 0 else { return "—" }
                return String(format: "%.2f", remote / local)
            }
            print("| \(row.direction) | \(row.syncInterval) | \(row.remote.count) | \(row.remote.summary) | \(row.local.summary) | \(ratio(50)) | \(ratio(99)) | \(row.lost) |")
        }
    }
}

/// `coedit-bench crowd`: many editors typing into a large document at once.
struct CrowdCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crowd", abstract: "N coedit-peer editors typing into a 1 MB document: host CPU, memory, bytes.")

    @Option(help: "Number of editors (joiner processes).")
    var editors = 32

    @Option(help: "How long they type, in seconds.")
    var seconds = 60

    @Option(help: "Keystrokes per second per editor.")
    var rate = 10

    @Flag(help: "Every keystroke at a random offset instead of at the editor's cursor (diff-based sync's worst case).")
    var scattered = false

    @Option(help: "How long after the last keystroke every editor must be in sync, in seconds.")
    var catchUp = 120

    @Flag(help: "A short run (8 editors for 10 s) for trying it.")
    var quick = false

    func run() throws {
        CollaborationBench.prepare()
        var bench = CrowdBenchmark(editors: editors, rate: rate, duration: .seconds(seconds))
        bench.catchUpLimit = .seconds(catchUp)
        bench.scattered = scattered
        if quick { (bench.editors, bench.duration) = (8, .seconds(10)) }
        let outcome = try bench.run()
        let keys = Double(outcome.keystrokes)
        let counts = outcome.counts
        let perKey = { (value: Int) in String(format: "%.0f", Double(value) / keys) }
        let synced = outcome.joinersInSync == bench.editors
        print("\n### \(bench.editors) editors × \(bench.rate) keystrokes/s for \(seconds(bench.duration)) into a 1 MB document, \(bench.scattered ? "each keystroke at a random offset" : "each at its editor's cursor") (\(CollaborationBench.load))\n")
        print("| measure | value |")
        print("| --- | ---: |")
        print("| keystrokes typed (revisions on the host) | \(outcome.keystrokes) (\(synced ? "\(outcome.revisions)" : "—")) |")
        print("| host CPU while typing (\(seconds(outcome.typingSeconds))) | \(cpu(outcome.hostCPUTyping, over: outcome.typingSeconds, keys: keys)) |")
        print("| host CPU, first keystroke → all in sync (\(seconds(outcome.typingSeconds + outcome.catchUpSeconds))) | \(cpu(outcome.hostCPUSeconds, over: outcome.typingSeconds + outcome.catchUpSeconds, keys: keys)) |")
        print("| last keystroke → every joiner in sync | \(synced ? seconds(outcome.catchUpSeconds) : "**not within \(seconds(outcome.catchUpSeconds))**: \(outcome.joinersInSync) of \(bench.editors) joiners in sync") |")
        print("| host peak RSS (VmHWM, joins included) | \(formatBytes(Double(outcome.hostPeakResidentBytes))) |")
        print("| bytes on the wire per keystroke, all connections, both directions | \(perKey(counts.totalBytes)) (sealed plaintexts without framing: \(perKey(counts.plaintextBytes))) |")
        print("| of which joiners → host / host → joiners | \(perKey(counts.upBytes)) / \(perKey(counts.downBytes)) |")
        print("| total bytes, frames | \(formatBytes(Double(counts.totalBytes))), \(counts.totalFrames) frames (\(String(format: "%.1f", Double(counts.totalFrames) / keys)) per keystroke) |")
        print("| joiners' CPU, all \(bench.editors) processes, whole run (joins included) | \(String(format: "%.1f s", outcome.joinersCPUSeconds)) |")
        print("| last keystroke sent late by the bench | \(String(format: "%.0f ms", outcome.scheduleLag * 1e3)) |")
        let check = { (passed: Bool) in synced ? (passed ? "yes" : "**NO**") : "not checked (not in sync)" }
        print("| every text identical to the host's | \(check(outcome.converged)) |")
        print("| every keystroke present (scalar multiset) | \(check(outcome.everyKeystrokePresent)) |")
        if !outcome.converged || !outcome.everyKeystrokePresent { throw ExitCode(2) }
    }

    private func seconds(_ value: Double) -> String { String(format: "%.1f s", value) }
    private func seconds(_ value: Duration) -> String { seconds(Measure.seconds(value)) }

    /// "12.3 s = 20 % of one core; 2.1 ms per keystroke".
    private func cpu(_ seconds: Double, over wall: Double, keys: Double) -> String {
        String(format: "%.2f s = %.0f %% of one core; ", seconds, 100 * seconds / wall) + formatSeconds(seconds / keys)
            + " per keystroke"
    }
}

/// `coedit-bench trace`: the automerge-paper trace through a real host, beside pycrdt.
struct TraceSyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace", abstract: "automerge-paper typed into one editor, received by another, beside pycrdt.")

    @Option(help: "Edits of the trace to type (default: all 259,778).")
    var edits: Int?

    @Flag(help: "A short run (the first 20,000 edits) for trying it.")
    var quick = false

    @Flag(help: "Only coedit's networked run, no references (for profiling the network path with perf or strace).")
    var networkedOnly = false

    @Flag(help: "With --networked-only: the editors connect straight to the host, not through the counting relay.")
    var straightToHost = false

    @Option(
        help: """
            Only the networked CPU, in this many alternating rounds (coedit, pycrdt plain, pycrdt sealed) of --edits \
            keystrokes (default 50,000), with the median ratio: steadier than one long run on a shared machine.
            """)
    var cpuRounds: Int?

    func run() throws {
        CollaborationBench.prepare()
        if networkedOnly { return try runNetworkedOnly() }
        if let cpuRounds {
            let count = quick ? 20_000 : edits ?? 50_000
            let rounds = try TraceCPURounds(rounds: max(cpuRounds, 1), edits: count).run()
            return TraceCPURounds.print(rounds, edits: count, load: CollaborationBench.load)
        }
        let outcome = try TraceSyncBenchmark(edits: quick ? 20_000 : edits).run()
        let (coedit, pycrdt, networked, relay) = (outcome.coedit, outcome.pycrdt, outcome.pycrdtRelay, outcome.relay)
        let sealed = outcome.pycrdtSealed
        let keys = Double(coedit.edits)
        func perKey(_ value: Double, _ count: Int) -> Double { value / Double(count) }
        func ratio(_ a: Double, _ b: Double) -> String { String(format: "%.2f", a / b) }
        func bytes(_ value: Double) -> String { String(format: "%.1f", value) }
        func row(_ measure: String, _ ours: Double, _ theirs: Double, _ format: (Double) -> String) {
            print("| \(measure) | \(format(ours)) | \(format(theirs)) | \(ratio(ours, theirs)) |")
        }
        print("\n### automerge-paper, \(coedit.edits) keystrokes, one synced change each (\(CollaborationBench.load))\n")
        print("| measure | coedit | pycrdt | coedit ÷ pycrdt |")
        print("| --- | ---: | ---: | ---: |")
        let cpu = perKey(coedit.cpuSeconds, coedit.edits)
        row("CPU per keystroke, networked: typist → host (pycrdt: a relay holding its own Y.Doc) → receiver, loopback TCP, lock-step; pycrdt framed with a 4-byte length, unencrypted", cpu, perKey(networked.cpuSeconds, networked.edits), formatSeconds)
        row("same, pycrdt in coedit's framing (varint length, ChaCha20-Poly1305 seal per frame, opened and resealed by the relay)", cpu, perKey(sealed.cpuSeconds, sealed.edits), formatSeconds)
        let wire = Double(relay.totalBytes) / keys
        row("bytes per keystroke on TCP, both connections (coedit: sealed frames; pycrdt: 4-byte length + update)", wire, perKey(Double(networked.bytes), networked.edits), bytes)
        row("same, pycrdt in coedit's framing (varint length + sealed update + 16-byte tag)", wire, perKey(Double(sealed.bytes), sealed.edits), bytes)
        row("same without framing (coedit: sealed plaintexts, i.e. messages and bundle bytes; pycrdt: the updates)", Double(relay.plaintextBytes) / keys, perKey(Double(networked.payloadBytes), networked.edits), bytes)
        row("typist → host (relay) only, with framing (pycrdt: 4-byte length)", Double(relay.upBytes) / keys, perKey(Double(networked.bytes) / 2, networked.edits), bytes)
        row("typist → host (relay) only, pycrdt in coedit's framing", Double(relay.upBytes) / keys, perKey(Double(sealed.bytes) / 2, sealed.edits), bytes)
        print("| framing bytes per frame (coedit: header + tag, measured; pycrdt: 4 / header + 16) | \(bytes(Double(relay.framingBytes) / Double(max(relay.totalFrames, 1)))) | \(bytes(4)) / \(bytes(Double(sealed.bytes - sealed.payloadBytes) / Double(max(sealed.frames, 1)))) | — |")
        print("| frames per keystroke (up / down) | \(String(format: "%.2f / %.2f", Double(relay.upFrames) / keys, Double(relay.downFrames) / keys)) | \(String(format: "%.2f / %.2f", perKey(Double(networked.frames), networked.edits) / 2, perKey(Double(networked.frames), networked.edits) / 2)) | — |")
        let wall = (coedit.wallSeconds / keys, perKey(networked.wallSeconds, networked.edits))
        print("| wall time per keystroke (round trip, lock-step) | \(formatSeconds(wall.0)) | \(formatSeconds(wall.1)) | \(ratio(wall.0, wall.1)) |")
        let memory = outcome.inMemory
        let memoryCPU = memory.cpuSeconds / keys
        let inMemoryCRDT = perKey(pycrdt.cpuSeconds, pycrdt.edits)
        print("| CPU per keystroke in memory: sync engine + message codec (pycrdt: two Y.Docs, the update applied at once) | \(formatSeconds(memoryCPU)) | \(formatSeconds(inMemoryCRDT)) | \(ratio(memoryCPU, inMemoryCRDT)) |")
        let fewer = outcome.inMemoryFewerHashes
        let fewerCPU = fewer.cpuSeconds / keys
        print("| same, what-if: hash budget \(TraceSyncBenchmark.whatIfHashBudget) scalars/revision (default \(HostDocument.Configuration().hashBudget)) | \(formatSeconds(fewerCPU)) | \(formatSeconds(inMemoryCRDT)) | \(ratio(fewerCPU, inMemoryCRDT)) |")
        let update = perKey(Double(pycrdt.bytes), pycrdt.edits)
        print("| payload per keystroke: submit / ack / broadcast | \(String(format: "%.1f / %.1f / %.1f", Double(memory.submitBytes) / keys, Double(memory.ackBytes) / keys, Double(memory.broadcastBytes) / keys)) | \(bytes(update)) (one update) | — |")
        print("| same, what-if hash budget \(TraceSyncBenchmark.whatIfHashBudget) | \(String(format: "%.1f / %.1f / %.1f", Double(fewer.submitBytes) / keys, Double(fewer.ackBytes) / keys, Double(fewer.broadcastBytes) / keys)) | \(bytes(update)) (one update) | — |")
        print("| final texts equal the trace's (every side) | \(coedit.textsMatch && memory.textsMatch && fewer.textsMatch ? "yes" : "**NO**") | \(pycrdt.textsMatch && networked.textsMatch && sealed.textsMatch ? "yes" : "**NO**") | |")
        print("\n- reference: \(outcome.pycrdtVersion)")
        if !coedit.textsMatch || !memory.textsMatch || !fewer.textsMatch || !pycrdt.textsMatch || !networked.textsMatch
            || !sealed.textsMatch
        {
            throw ExitCode(2)
        }
    }
}

extension TraceSyncCommand {
    /// `--networked-only`: coedit's networked figures alone.
    private func runNetworkedOnly() throws {
        let (coedit, relay) = try TraceSyncBenchmark(edits: quick ? 20_000 : edits)
            .runNetworked(throughRelay: !straightToHost)
        let keys = Double(coedit.edits)
        print("\n### automerge-paper, \(coedit.edits) keystrokes, networked only (\(CollaborationBench.load))\n")
        print("| measure | coedit |")
        print("| --- | ---: |")
        print("| CPU per keystroke, networked | \(formatSeconds(coedit.cpuSeconds / keys)) |")
        print("| wall time per keystroke | \(formatSeconds(coedit.wallSeconds / keys)) |")
        print("| bytes per keystroke on TCP | \(String(format: "%.1f", Double(relay.totalBytes) / keys)) |")
        print("| final texts equal the trace's | \(coedit.textsMatch ? "yes" : "**NO**") |")
        if !coedit.textsMatch { throw ExitCode(2) }
    }
}

/// `coedit-bench collab`: the three collaboration benchmarks.
struct CollaborationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collab", abstract: "latency, crowd and trace.")

    @Flag(help: "Short runs of each.")
    var quick = false

    func run() throws {
        let flags = quick ? ["--quick"] : []
        try LatencyCommand.parse(flags).run()
        try CrowdCommand.parse(flags).run()
        try TraceSyncCommand.parse(flags).run()
        fflush(nil)
    }
}

/// Shared setup of the collaboration benchmarks.
enum CollaborationBench {
    /// Ignores SIGPIPE (a peer that exits must not kill the bench through a write) and flushes what earlier
    /// benchmarks printed (each table appears as soon as it is measured, even when stdout is a file).
    static func prepare() {
        signal(SIGPIPE, SIG_IGN)
        fflush(nil)
    }

    /// The machine's load while measuring, for the table titles.
    static var load: String { "load average \(ProcessMetrics.loadAverage())" }
}
