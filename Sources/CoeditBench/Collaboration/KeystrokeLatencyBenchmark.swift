#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TestSupport
import Transport

/// Keystroke → visible on another editor's screen, measured on real programs: a `coedit` host and a
/// `coedit --join` joiner, each on its own pseudo-terminal (`PseudoTerminal`, 120×50, TERM=xterm-256color), over
/// loopback TCP.
///
/// The bench types, at a human rate, characters unique to each keystroke (consecutive CJK ideographs from U+4E00,
/// double width, with Enter every 20 keys so every new character lands on a visible line) into one editor's pty,
/// and timestamps the first moment each one's UTF-8 bytes appear in the *other* editor's pty output (remote) and in
/// the typing editor's own output (local echo: keystroke → own screen, the baseline measured in the same run). Both
/// directions are measured (host types, joiner sees; then joiner types, host sees), for each sync interval asked.
struct KeystrokeLatencyBenchmark {
    /// Keystrokes measured per direction (Enter keys in between are not measured).
    var keystrokes = 300
    /// The pause between keystrokes is drawn uniformly from this range (milliseconds).
    var pause: ClosedRange<Int> = 50...100
    /// `--sync-interval` values to run with (nil: coedit's default).
    var syncIntervals: [Int?] = [nil, 1]

    static let columns: UInt16 = 120
    static let rows: UInt16 = 50
    private static let firstScalar: UInt32 = 0x4E00
    private static let keysPerLine = 20

    /// One measured direction of one run.
    struct Row {
        var direction: String
        var syncInterval: String
        var remote: Percentiles
        var local: Percentiles
        /// Keystrokes that never appeared on the other screen within the wait.
        var lost: Int
    }

    func run() throws -> [Row] {
        var rows: [Row] = []
        var nextScalar = Self.firstScalar
        for interval in syncIntervals {
            let pair = try EditorPair(syncInterval: interval)
            defer { pair.stop() }
            try pair.waitUntilJoined(scalar: &nextScalar)
            let label = interval.map { "\($0) ms" } ?? "default (30 ms)"
            rows.append(try measure(from: pair.host, to: pair.joiner, "host → joiner", label, &nextScalar))
            rows.append(try measure(from: pair.joiner, to: pair.host, "joiner → host", label, &nextScalar))
        }
        return rows
    }

    /// Types `keystrokes` unique characters into `typist` and times their appearance on both screens.
    private func measure(
        from typist: PseudoTerminal, to watcher: PseudoTerminal, _ direction: String, _ interval: String,
        _ nextScalar: inout UInt32
    ) throws -> Row {
        var generator = SeededGenerator(seed: 0x1a7e_4c1e)
        let clock = ContinuousClock()
        var typed: [(scalar: UInt32, at: ContinuousClock.Instant)] = []
        for index in 0..<keystrokes {
            if index > 0 && index % Self.keysPerLine == 0 {
                typist.type([13])  // Enter: start a new line so the next characters stay in view
                Thread.sleep(forTimeInterval: Double(pause.lowerBound) / 1000)
            }
            let scalar = nextScalar
            nextScalar += 1
            let at = clock.now
            typist.type(Array(String(Unicode.Scalar(scalar)!).utf8))
            typed.append((scalar, at))
            Thread.sleep(forTimeInterval: Double(Int.random(in: pause, using: &generator)) / 1000)
        }
        Thread.sleep(forTimeInterval: 2)  // stragglers
        var remote: [Double] = []
        var local: [Double] = []
        for key in typed {
            if let seen = watcher.firstSeen(key.scalar) { remote.append(Measure.seconds(seen - key.at)) }
            if let seen = typist.firstSeen(key.scalar) { local.append(Measure.seconds(seen - key.at)) }
        }
        return Row(
            direction: direction, syncInterval: interval, remote: Percentiles(remote), local: Percentiles(local),
            lost: typed.count - remote.count)
    }
}

/// A `coedit` host and a `coedit --join` joiner on their own pseudo-terminals, sharing an empty document in a
/// scratch directory (token by `--token`, journal by `--history`, logs by `--log`).
private final class EditorPair {
    let host: PseudoTerminal
    let joiner: PseudoTerminal
    private let directory: URL

    init(syncInterval: Int?) throws {
        let coedit = try BuiltProducts.path(of: "coedit")
        let (directory, environment) = try BuiltProducts.scratch("latency")
        self.directory = directory
        let port = try Loopback.freePort()
        let token = SessionSecret.generate().text
        let common = ["--token", token] + (syncInterval.map { ["--sync-interval", "\($0)"] } ?? [])
        let watched = 0x4E00...0x9FFF as ClosedRange<UInt32>
        let path = { (name: String) in directory.appendingPathComponent(name).path }
        try Data().write(to: URL(fileURLWithPath: path("shared.txt")))
        host = try PseudoTerminal(
            executable: coedit,
            arguments: [path("shared.txt"), "--listen", "127.0.0.1:\(port)", "--history", path("history"),
                "--log", path("host.log")] + common,
            environment: environment, columns: KeystrokeLatencyBenchmark.columns, rows: KeystrokeLatencyBenchmark.rows,
            watched: watched)
        try ListeningSockets.wait(port: port, timeout: .seconds(30))
        joiner = try PseudoTerminal(
            executable: coedit,
            arguments: [path("joined.txt"), "--join", "127.0.0.1:\(port)", "--log", path("joiner.log")] + common,
            environment: environment, columns: KeystrokeLatencyBenchmark.columns, rows: KeystrokeLatencyBenchmark.rows,
            watched: watched)
    }

    /// Types one character into the host until it shows on the joiner's screen (the joiner is live and drawn).
    func waitUntilJoined(scalar: inout UInt32) throws {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(60)
        let probe = scalar
        scalar += 1
        Thread.sleep(forTimeInterval: 1)
        host.type(Array(String(Unicode.Scalar(probe)!).utf8))
        while joiner.firstSeen(probe) == nil {
            guard clock.now < deadline else {
                throw BenchmarkError("the joiner never showed the host's first keystroke (see \(directory.path))")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        host.type([13])
        Thread.sleep(forTimeInterval: 1)
    }

    func stop() {
        joiner.terminate()
        host.terminate()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Waiting for a server without connecting to it (a bare connection would count as a failed handshake).
enum ListeningSockets {
    /// Waits until some process listens on TCP `port` (read from `/proc/net/tcp`).
    static func wait(port: Int, timeout: Duration) throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        let needle = String(format: ":%04X ", port)
        while clock.now < deadline {
            let table = (try? String(contentsOfFile: "/proc/net/tcp", encoding: .utf8)) ?? ""
            // Column 2 is local_address HEXIP:HEXPORT, column 4 the state (0A: LISTEN).
            for line in table.split(separator: "\n") {
                let columns = line.split(separator: " ")
                if columns.count > 3, (columns[1] + " ").hasSuffix(needle), columns[3] == "0A" { return }
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw BenchmarkError("nothing listens on port \(port) after \(timeout)")
    }
}
