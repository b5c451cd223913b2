import EditorCore
import Foundation
import NIOPosix
import TestSupport

/// The automerge-paper trace typed into one editor and received by another through a real host, beside pycrdt (a
/// CRDT) on the same edits in the same run (Benchmarks/pycrdt_reference.py).
///
/// coedit side: an in-process `Sharing` host and two `CollaborationClient`s joined over loopback TCP through a
/// `CountingRelay`, each editor on an event loop of its own that also runs its connection, as `coedit`'s run loop
/// (`LockStepTyping`). Every edit of the trace is one keystroke, sent as its own change: the typist applies it and
/// ticks, and the next keystroke goes when the receiver applied its broadcast (lock-step, as the pycrdt reference:
/// one sync per keystroke, the worst case for bytes); the receiver's loop wakes the typist's for it, as pycrdt's
/// receiver wakes its typist thread. The typist does not wait for its own acknowledgement: its changes are
/// pipelined and acks are cumulative, so the host sends one for up to 16 changes (`HostCore.ackBatch`); the loop
/// ends when the typist has them all. CPU is the bench process's user + system time over the loop (host, both
/// editors' loops), less the relay thread's. Bytes are every TCP payload byte on both connections (submit, ack,
/// broadcast: both directions), and the same without the framing and seal of each frame.
///
/// pycrdt side, twice: in memory (Benchmarks/pycrdt_reference.py: the update applied to the receiver at once), and
/// networked in coedit's topology (Benchmarks/pycrdt_relay_reference.py: typist → a relay server holding its own
/// Y.Doc → receiver over loopback TCP, 4-byte length frames, lock-step; CPU of the whole Python process).
struct TraceSyncBenchmark {
    /// How many edits of the trace to type (nil: all 259,778).
    var edits: Int?

    /// The hash budget of the what-if replay (`HostDocument.Configuration().hashBudget` is the default: every
    /// revision of a text under that many scalars carries a hash of the whole text, which both the host and the
    /// receiving client compute).
    static let whatIfHashBudget = 1_024

    /// What one side measured.
    struct Side {
        var edits: Int
        var cpuSeconds: Double
        /// Bytes on the wire (TCP payload bytes, both connections), or the updates' bytes in memory.
        var bytes: Int
        var wallSeconds: Double
        var textsMatch: Bool
        /// The messages' own bytes without framing (networked sides; 0 otherwise), and the frames sent.
        var payloadBytes = 0
        var frames = 0
    }

    /// The coedit figures and the relay's breakdown.
    struct Outcome {
        var coedit: Side
        var relay: RelayCounts
        /// The same typing without a network: engine and message codec only; and the same with a hash budget of
        /// `whatIfHashBudget` scalars per revision instead of the default.
        var inMemory: InMemorySyncReplay.Outcome
        var inMemoryFewerHashes: InMemorySyncReplay.Outcome
        var pycrdt: Side
        /// pycrdt through a relay over loopback TCP (coedit's networked topology), framed with a 4-byte length.
        var pycrdtRelay: Side
        /// The same in coedit's own framing: varint length header, ChaCha20-Poly1305 seal per frame.
        var pycrdtSealed: Side
        var pycrdtVersion: String
    }

    func run() throws -> Outcome {
        let (changes, expected) = try loadEdits()
        let (coedit, relay) = try runCoedit(changes, expected: expected)
        let inMemory = try InMemorySyncReplay().run(changes, expected: expected)
        let fewerHashes = try InMemorySyncReplay(hashBudget: Self.whatIfHashBudget).run(changes, expected: expected)
        let arguments = [SharedTraces.url(of: "automerge-paper.json.gz").path, "\(changes.count)"]
        let reference = try PythonScript.runJSON("pycrdt_reference.py", arguments: arguments)
        guard let bytes = reference["update_bytes"] as? Int, let cpu = reference["cpu_seconds"] as? Double else {
            throw BenchmarkError("pycrdt_reference.py printed no figures")
        }
        let pycrdt = Side(
            edits: reference["edits"] as? Int ?? 0, cpuSeconds: cpu, bytes: bytes, wallSeconds: 0,
            textsMatch: reference["sender_matches"] as? Bool == true && reference["receiver_matches"] as? Bool == true)
        return Outcome(
            coedit: coedit, relay: relay, inMemory: inMemory, inMemoryFewerHashes: fewerHashes, pycrdt: pycrdt,
            pycrdtRelay: try runRelayReference(arguments + ["plain"]),
            pycrdtSealed: try runRelayReference(arguments + ["sealed"]),
            pycrdtVersion: "pycrdt \(reference["pycrdt"] ?? "?"), Python \(reference["python"] ?? "?")")
    }

    /// Runs Benchmarks/pycrdt_relay_reference.py with `arguments` (trace, edits, framing).
    func runRelayReference(_ arguments: [String]) throws -> Side {
        let networked = try PythonScript.runJSON("pycrdt_relay_reference.py", arguments: arguments)
        guard let tcpBytes = networked["tcp_bytes"] as? Int, let relayCPU = networked["cpu_seconds"] as? Double,
            let updateBytes = networked["update_bytes"] as? Int
        else { throw BenchmarkError("pycrdt_relay_reference.py \(arguments.last ?? "") printed no figures") }
        return Side(
            edits: networked["edits"] as? Int ?? 0, cpuSeconds: relayCPU, bytes: tcpBytes,
            wallSeconds: networked["wall_seconds"] as? Double ?? 0,
            textsMatch: ["sender_matches", "relay_matches", "receiver_matches"].allSatisfy {
                networked[$0] as? Bool == true
            },
            payloadBytes: 2 * updateBytes, frames: networked["frames"] as? Int ?? 0)
    }

    /// Only the networked coedit run (no in-memory replay, no references): for profiling the network path.
    func runNetworked(throughRelay: Bool = true) throws -> (Side, RelayCounts) {
        let (changes, expected) = try loadEdits()
        return try runCoedit(changes, expected: expected, throughRelay: throughRelay)
    }

    /// The edits to type and the text they lead to (checked against the trace's `endContent` for a full run).
    func loadEdits() throws -> (changes: [ChangeSet], expected: TextBuffer) {
        let trace = try JournalBenchmark.loadTrace()
        let changes = edits.map { Array(trace.changes.prefix($0)) } ?? trace.changes
        var expected = TextBuffer("")
        for change in changes { try change.apply(to: &expected) }
        if changes.count == trace.changes.count, expected.string != trace.endContent {
            throw BenchmarkError("the trace does not replay to its endContent")
        }
        return (changes, expected)
    }

    /// Types `changes` through a real host, one synced change per keystroke.
    ///
    /// Not `throughRelay`: the editors connect straight to the host (CPU only: no bytes are counted; the relay's
    /// thread, whose own CPU is excluded either way, still costs the others some CPU by competing for the cores).
    func runCoedit(_ changes: [ChangeSet], expected: TextBuffer, throughRelay: Bool = true) throws -> (Side, RelayCounts) {
        let loops = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        defer { try? loops.syncShutdownGracefully() }
        let (typistLoop, receiverLoop) = (loops.next(), loops.next())
        let session = try LoopbackSession(text: "")
        defer { session.stop() }
        let typist = try session.join(name: "typist", throughRelay: throughRelay, eventLoop: typistLoop)
        let receiver = try session.join(name: "receiver", throughRelay: throughRelay, eventLoop: receiverLoop)
        try session.pump { typist.client.participants.count == 2 && receiver.client.participants.count == 2 }
        Thread.sleep(forTimeInterval: 0.2)  // let the joins' presence traffic finish before counting
        try session.pump { true }

        let countsBefore = session.relay.counts
        let cpuBefore = ProcessMetrics.ownCPUSeconds()
        let clock = ContinuousClock()
        let started = clock.now
        try LockStepTyping(changes: changes, typist: typist, on: typistLoop, receiver: receiver, on: receiverLoop)
            .run().wait()
        let wall = Measure.seconds(clock.now - started)
        let counts = session.relay.counts.subtracting(countsBefore)
        let cpu = ProcessMetrics.ownCPUSeconds() - cpuBefore - counts.relayCPUSeconds
        let side = Side(
            edits: changes.count, cpuSeconds: cpu, bytes: counts.totalBytes, wallSeconds: wall,
            textsMatch: typist.buffer == expected && receiver.buffer == expected)
        return (side, counts)
    }
}
