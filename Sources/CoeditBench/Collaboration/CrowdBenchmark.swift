import Foundation
import TestSupport
import Transport

/// Many editors typing into one large document at once, as real processes: a `coedit-peer` host sharing a
/// generated 1 MB document (non-ASCII lines), and `editors` `coedit-peer` joiners connected through a
/// `CountingRelay`, each typing `rate` keystrokes per second for `duration` at random positions.
///
/// The bench writes each keystroke as one script line to one joiner's stdin, round-robin and evenly spaced
/// (`editors × rate` keystrokes per second in all): `insert cursor \u{HEX}`, typed at the editor's cursor, which
/// starts at a random offset and moves on as a typist's does (and with remote edits); or, with `scattered`,
/// `insert OFFSET \u{HEX}` at a random offset for every keystroke (the worst case for a diff-based sync). Afterwards every peer waits until it is in
/// sync and quiet (within `catchUpLimit`), the host saves, and every peer prints its text. Measured: the host
/// process's CPU (user + system, `/proc/PID/stat`) while typing and until every joiner is in sync, its peak RSS
/// (`VmHWM`, joins included: each joiner receives the whole document), the TCP bytes
/// of all joiner connections in both directions over the same span (submits, cursors, acks, broadcasts and cursor
/// relays to everyone else), and convergence: every printed text identical to the host's, and the host's saved text
/// holding exactly the document's scalars plus every typed one (only inserts are typed, so the multiset of scalars
/// is known).
struct CrowdBenchmark {
    var editors = 32
    /// Keystrokes per second per editor.
    var rate = 10
    var duration: Duration = .seconds(60)
    /// UTF-8 size of the generated document.
    var documentBytes = 1_000_000
    /// Sync interval of every peer (coedit's default).
    var syncInterval = 30
    /// Every keystroke at a random offset instead of at the editor's cursor.
    var scattered = false

    /// How long after the last keystroke every joiner must be in sync; past it the run reports what it measured
    /// and that it did not converge in time.
    var catchUpLimit: Duration = .seconds(120)

    /// What one run measured.
    struct Outcome {
        var keystrokes: Int
        /// How late the last keystroke was sent compared with the schedule.
        var scheduleLag: Double
        var typingSeconds: Double
        /// From the last keystroke until every joiner reported being in sync (or the limit).
        var catchUpSeconds: Double
        var joinersInSync: Int
        /// Host CPU seconds while the keystrokes were being typed, and until the end of the catch-up.
        var hostCPUTyping: Double
        var hostCPUSeconds: Double
        var hostPeakResidentBytes: Int
        var joinersCPUSeconds: Double
        var counts: RelayCounts
        var documentScalars: Int
        /// Filled in only when every joiner caught up.
        var revisions = -1
        var converged = false
        var everyKeystrokePresent = false
    }

    /// One keystroke: one scalar from a mix of ASCII, accented, CJK, emoji, newline and tab.
    private static let keys = RandomText.fragments.filter { $0.unicodeScalars.count == 1 }.map { $0.unicodeScalars.first! }
    private static let patience: Duration = .seconds(600)

    func run() throws -> Outcome {
        let (directory, environment) = try BuiltProducts.scratch("crowd")
        var keepLogs = false
        defer {
            if keepLogs {
                print("(logs of the run kept in \(directory.path))")
            } else {
                try? FileManager.default.removeItem(at: directory)
            }
        }
        var text = BenchmarkText(seed: 0xC0DE_C0DE)
        let document = text.lines(totalBytes: documentBytes).joined(separator: "\n") + "\n"
        let documentURL = directory.appendingPathComponent("shared.txt")
        try Data(document.utf8).write(to: documentURL)
        let token = SessionSecret.generate().text
        let common = ["--token", token, "--sync-interval", "\(syncInterval)", "--wait-timeout", "600000"]
        let port = try Loopback.freePort()

        let host = try PeerProcess(
            arguments: [documentURL.path, "--listen", "127.0.0.1:\(port)", "--name", "host",
                "--log", directory.appendingPathComponent("host.log").path] + common,
            environment: environment, errorLog: directory.appendingPathComponent("host.err"))
        var peers = [host]
        defer { PeerProcess.quitAll(peers) }
        _ = try host.waitForLine(startingWith: "ready", timeout: .seconds(60))
        let relay = try CountingRelay(targetPort: port)
        defer { relay.stop() }
        let joiners = try (0..<editors).map { index in
            let peer = try PeerProcess(
                arguments: [directory.appendingPathComponent("editor\(index).txt").path, "--join",
                    "127.0.0.1:\(relay.port)", "--name", "editor\(index)",
                    "--log", directory.appendingPathComponent("editor\(index).log").path] + common,
                environment: environment, errorLog: directory.appendingPathComponent("editor\(index).err"))
            peers.append(peer)
            return peer
        }
        for joiner in joiners { _ = try joiner.waitForLine(startingWith: "ready", timeout: Self.patience) }
        host.send("wait-peers \(editors + 1)", "wait-quiet 1000", "status")
        _ = try host.waitForLine(startingWith: "status ", timeout: Self.patience)

        let countsBefore = relay.counts
        let hostCPUBefore = ProcessMetrics.cpuSeconds(of: host.pid) ?? 0
        let clock = ContinuousClock()
        let started = clock.now
        let (typed, lag) = type(into: joiners, documentScalars: document.unicodeScalars.count, clock: clock)
        let typingCPU = (ProcessMetrics.cpuSeconds(of: host.pid) ?? 0) - hostCPUBefore
        let typingEnded = clock.now
        for joiner in joiners { joiner.send("wait-quiet 500", "status") }
        // Each in-sync joiner's status names the revision of its last acknowledged change (or later); the host's
        // final revision is the largest of them (the host's own editor does not type).
        let statuses = joiners.compactMap { joiner in
            let left = typingEnded + catchUpLimit - clock.now
            return try? joiner.waitForLine(startingWith: "status ", timeout: max(left, .milliseconds(1)))
        }
        let inSync = statuses.count
        var outcome = Outcome(
            keystrokes: typed.values.reduce(0, +), scheduleLag: lag, typingSeconds: Measure.seconds(typingEnded - started),
            catchUpSeconds: Measure.seconds(clock.now - typingEnded), joinersInSync: inSync,
            hostCPUTyping: typingCPU, hostCPUSeconds: (ProcessMetrics.cpuSeconds(of: host.pid) ?? 0) - hostCPUBefore,
            hostPeakResidentBytes: ProcessMetrics.peakResidentBytes(of: host.pid) ?? 0,
            joinersCPUSeconds: joiners.compactMap { ProcessMetrics.cpuSeconds(of: $0.pid) }.reduce(0, +),
            counts: relay.counts.subtracting(countsBefore), documentScalars: document.unicodeScalars.count)
        guard inSync == joiners.count else {
            keepLogs = true
            return outcome
        }

        // Every joiner's edits are acknowledged: the host document has them all, up to revision `head`. Every peer
        // (the host's own editor too) prints once it has caught up with it, and the host saves then, so that a
        // peer still receiving broadcasts is not compared early.
        let head = statuses.map(Self.revision(in:)).max() ?? 0
        for peer in peers { peer.send("wait-revision \(head)", "print") }
        host.send("wait-revision \(head)", "save", "status")
        let texts = try peers.map { try $0.waitForLine(startingWith: "text ", timeout: Self.patience) }
        let status = try host.waitForLine(startingWith: "status ", timeout: Self.patience)
        let saved = try String(contentsOf: documentURL, encoding: .utf8)
        outcome.revisions = Self.revision(in: status)
        outcome.converged = texts.allSatisfy { $0 == texts[0] }
        outcome.everyKeystrokePresent =
            Self.scalarCounts(saved) == Self.scalarCounts(document).merging(typed, uniquingKeysWith: +)
        keepLogs = !outcome.converged || !outcome.everyKeystrokePresent
        return outcome
    }

    /// Sends every keystroke on schedule, round-robin over `joiners`; returns the typed scalars (with counts) and
    /// how late the last one went out.
    private func type(
        into joiners: [PeerProcess], documentScalars: Int, clock: ContinuousClock
    ) -> (typed: [Unicode.Scalar: Int], lag: Double) {
        var generator = SeededGenerator(seed: 0x7e57_c0ed)
        var typed: [Unicode.Scalar: Int] = [:]
        let total = Int(Measure.seconds(duration) * Double(rate)) * joiners.count
        let spacing = duration / total
        if !scattered {
            for joiner in joiners { joiner.send("cursor \(Int.random(in: 0...documentScalars, using: &generator))") }
        }
        let start = clock.now
        for index in 0..<total {
            let due = start + spacing * index
            if due > clock.now { Thread.sleep(forTimeInterval: Measure.seconds(due - clock.now)) }
            let key = Self.keys.randomElement(using: &generator)!
            typed[key, default: 0] += 1
            // Positions beyond a peer's text are clamped to its end by coedit-peer; the text only grows.
            let target = scattered ? "\(Int.random(in: 0...documentScalars, using: &generator))" : "cursor"
            joiners[index % joiners.count].send("insert \(target) \\u{\(String(key.value, radix: 16))}")
        }
        return (typed, Measure.seconds(clock.now - (start + spacing * (total - 1))))
    }

    private static func scalarCounts(_ text: String) -> [Unicode.Scalar: Int] {
        text.unicodeScalars.reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }

    /// R from a `status STATE revision=R participants=N` line (-1 when absent).
    private static func revision(in status: String) -> Int {
        status.split(separator: " ").first { $0.hasPrefix("revision=") }.flatMap { Int($0.dropFirst(9)) } ?? -1
    }
}
