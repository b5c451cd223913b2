#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// A `coedit-peer` process: stdin to write script lines to, stdout lines collected as they come.
final class PeerProcess: Sendable {
    private let process: Process
    private let input: FileHandle
    private let collector = OutputCollector()

    /// The `coedit-peer` binary built beside the test bundle (the test target depends on it).
    static func binary() throws -> String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        var candidates = [URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("coedit-peer").path]
        for bundle in Bundle.allBundles {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("coedit-peer").path)
        }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw PeerProcessFailure("coedit-peer not found beside the tests (looked at \(candidates))")
        }
        return found
    }

    /// Starts `coedit-peer arguments...` in `directory` with exactly `environment`.
    init(arguments: [String], directory: String, environment: [String: String]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.binary())
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        input = stdin.fileHandleForWriting
        let collector = self.collector
        stdout.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            collector.addOutput(data)
            if data.isEmpty {
                handle.readabilityHandler = nil
                collector.endOutput()
            }
        }
        stderr.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            collector.addError(data)
            if data.isEmpty {
                handle.readabilityHandler = nil
                collector.endError()
            }
        }
        try process.run()
    }

    /// Writes script lines to the peer's stdin.
    func send(_ script: [String]) {
        input.write(Data((script.joined(separator: "\n") + "\n").utf8))
    }

    /// Closes stdin (the peer quits after its queued commands).
    func closeInput() {
        try? input.close()
    }

    /// The stdout lines so far.
    var output: [String] { collector.lines }
    /// The stderr text so far.
    var errorText: String { collector.errorText }

    /// Waits (at most `seconds`) for a stdout line starting with `prefix`; returns it.
    func line(startingWith prefix: String, seconds: Double = 15) async -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let line = output.first(where: { $0.hasPrefix(prefix) }) { return line }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return output.first { $0.hasPrefix(prefix) }
    }

    /// Waits (at most `seconds`) for the process to exit and for its stdout and stderr to be read to their end
    /// (the reader threads may lag behind the exit); returns its status, or nil (then it is killed).
    func exitStatus(seconds: Double = 20) async -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            return nil
        }
        while !collector.isComplete && Date() < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        return process.terminationStatus
    }

    /// Kills the process at once (kill -9).
    func killHard() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// Stdout lines and stderr bytes of a process, appended from reader threads.
final class OutputCollector: Sendable {
    private let state = Mutex<(complete: [String], partial: [UInt8], errors: [UInt8])>(([], [], []))
    /// Whether stdout and stderr reached their end.
    private let ended = Mutex<(output: Bool, error: Bool)>((false, false))

    func addOutput(_ data: Data) {
        state.withLock { state in
            state.partial += data
            while let newline = state.partial.firstIndex(of: UInt8(ascii: "\n")) {
                state.complete.append(String(decoding: state.partial[..<newline], as: UTF8.self))
                state.partial.removeSubrange(...newline)
            }
        }
    }

    func addError(_ data: Data) { state.withLock { $0.errors += data } }
    func endOutput() { ended.withLock { $0.output = true } }
    func endError() { ended.withLock { $0.error = true } }
    /// Whether both streams were read to their end.
    var isComplete: Bool { ended.withLock { $0.output && $0.error } }
    var lines: [String] { state.withLock { $0.complete } }
    var errorText: String { String(decoding: state.withLock { $0.errors }, as: UTF8.self) }
}

struct PeerProcessFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
