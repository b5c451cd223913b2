#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// A running `coedit-peer` (Sources/coedit-peer): script lines go to its stdin, its output lines are collected by
/// a reader thread.
final class PeerProcess: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let lines = Mutex<[String]>([])

    /// Starts `coedit-peer ARGUMENTS...` with `environment`; its stderr goes to `errorLog`.
    init(arguments: [String], environment: [String: String], errorLog: URL) throws {
        process.executableURL = URL(fileURLWithPath: try BuiltProducts.path(of: "coedit-peer"))
        process.arguments = arguments
        process.environment = environment
        process.standardInput = input
        process.standardOutput = output
        _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errorLog)
        try process.run()
        let thread = Thread { [self] in readLines() }
        thread.name = "peer-output"
        thread.start()
    }

    var pid: pid_t { process.processIdentifier }

    /// Sends script lines (each gets its newline).
    func send(_ script: String...) {
        let bytes = Array(script.map { $0 + "\n" }.joined().utf8)
        _ = Loopback.writeAll(input.fileHandleForWriting.fileDescriptor, bytes, count: bytes.count)
    }

    /// Waits for the next output line starting with `prefix` (earlier lines with that prefix are consumed too) and
    /// returns it.
    ///
    /// - Throws: when `timeout` passes or the peer exits first.
    func waitForLine(startingWith prefix: String, timeout: Duration) throws -> String {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let found = lines.withLock { lines -> String? in
                guard let index = lines.firstIndex(where: { $0.hasPrefix(prefix) }) else { return nil }
                let line = lines[index]
                lines.removeFirst(index + 1)
                return line
            }
            if let found { return found }
            guard process.isRunning else {
                throw BenchmarkError("coedit-peer \(process.arguments?.first ?? "") exited before \"\(prefix)\"")
            }
            guard clock.now < deadline else {
                throw BenchmarkError("coedit-peer \(process.arguments?.first ?? ""): no \"\(prefix)\" in \(timeout)")
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    /// Sends `quit` to every peer and closes their stdin, then waits up to `grace` in all before killing those
    /// still running.
    static func quitAll(_ peers: [PeerProcess], grace: Duration = .seconds(10)) {
        for peer in peers {
            peer.send("quit")
            try? peer.input.fileHandleForWriting.close()
        }
        let clock = ContinuousClock()
        let deadline = clock.now + grace
        for peer in peers {
            while peer.process.isRunning && clock.now < deadline { Thread.sleep(forTimeInterval: 0.05) }
            if peer.process.isRunning { kill(peer.process.processIdentifier, SIGKILL) }
            peer.process.waitUntilExit()
        }
    }

    private func readLines() {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let descriptor = output.fileHandleForReading.fileDescriptor
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            pending += buffer[..<count]
            var complete: [String] = []
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                complete.append(String(decoding: pending[..<newline], as: UTF8.self))
                pending.removeSubrange(...newline)
            }
            if !complete.isEmpty { lines.withLock { $0 += complete } }
        }
    }
}
