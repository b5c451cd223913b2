import Foundation
import Testing
@testable import Transport

/// The Swift host against a second implementation of Docs/protocol.md: the Python reference joiner in
/// Reference/protocol_reference.py (hashlib/hmac and the `cryptography` package), over loopback TCP.
@Suite("Interoperability with the Python reference joiner")
struct InteropTests {
    private static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().appendingPathComponent("Reference/protocol_reference.py").path

    /// Runs the reference joiner (at most 15 s) and returns its exit status and standard output.
    private func runReferenceJoiner(port: Int, secret: String, message: String) async throws -> (Int32, String) {
        try await runReference(["join", "127.0.0.1", "\(port)", secret, message])
    }

    /// Runs the reference script with `arguments` (at most 15 s) and returns its exit status and standard output.
    private func runReference(_ arguments: [String]) async throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let finished = await waitFor(seconds: 15) { !process.isRunning }
        if !finished { process.terminate() }
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (process.terminationStatus, text)
    }

    private func startEchoHost(log: LogRecord) async throws -> (TransportServer, EventRecorder) {
        let recorder = EventRecorder()
        var configuration = try ServerConfiguration(
            editorSecret: Fixtures.editorSecret, readOnlySecret: Fixtures.readOnlySecret)
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.session = Fixtures.options(logger: log.makeLogger(label: "host"))
        let record = recorder.handler
        let server = try await TransportServer.start(configuration: configuration, group: TestLoops.group) { connection, event in
            record(connection, event)
            if case .received(let bytes) = event {
                try? connection.send(Array("swift says: ".utf8) + bytes)
            }
        }
        return (server, recorder)
    }

    @Test("the reference joiner authenticates, and sealed payloads cross both ways")
    func referenceJoinerTalksToSwiftHost() async throws {
        let (server, recorder) = try await startEchoHost(log: LogRecord())
        let message = "from python: grüße 漢字 ✓"
        let (status, output) = try await runReferenceJoiner(
            port: server.port, secret: Fixtures.readOnlySecret.text, message: message)
        #expect(status == 0, "\(output)")
        #expect(output.contains("role=read-only"), "\(output)")
        let expectedReply = Array("swift says: \(message)".utf8).hex
        #expect(output.contains("reply=\(expectedReply)"), "\(output)")
        #expect(recorder.received == [Array(message.utf8)])
        #expect(recorder.connections.first?.role == .readOnly)
        try await server.close().get()
    }

    @Test("several payloads in one bundled frame both ways: the reference's bundle in, the host's replies in one frame")
    func bundlesBothWays() async throws {
        let (server, recorder) = try await startEchoHost(log: LogRecord())
        let messages = ["première ✓", "", "漢字 👍🏽", String(repeating: "é", count: 100)]
        let (status, output) = try await runReference(
            ["join", "127.0.0.1", "\(server.port)", Fixtures.editorSecret.text] + messages)
        #expect(status == 0, "\(output)")
        #expect(recorder.received == messages.map { Array($0.utf8) })
        let replies = output.split(separator: "\n").filter { $0.hasPrefix("reply=") }.map { String($0.dropFirst(6)) }
        #expect(replies == messages.map { Array("swift says: \($0)".utf8).hex }, "\(output)")
        // The four echoes were sent in the tick that delivered the four payloads: one sealed frame.
        #expect(output.contains("frames=1"), "\(output)")
        try await server.close().get()
    }

    @Test("a version 2 joiner (4-byte frame lengths) is refused as incompatible, in a frame it can read")
    func versionTwoJoinerIsRefused() async throws {
        let log = LogRecord()
        let (server, recorder) = try await startEchoHost(log: log)
        let (status, output) = try await runReference(["join-v2", "127.0.0.1", "\(server.port)"])
        #expect(status == 2, "\(output)")
        #expect(output.contains("refused code=2 versions=4-4 message=incompatible protocol version"), "\(output)")
        #expect(recorder.connections.isEmpty)
        #expect(await waitFor { log.contains("incompatible protocol version") })
        try await server.close().get()
    }

    @Test("the reference joiner with a wrong secret gets the refusal message")
    func referenceJoinerWrongSecret() async throws {
        let log = LogRecord()
        let (server, recorder) = try await startEchoHost(log: log)
        let (status, output) = try await runReferenceJoiner(
            port: server.port, secret: Fixtures.wrongSecret.text, message: "x")
        #expect(status == 2, "\(output)")
        #expect(output.contains("refused code=1 message=wrong session secret"), "\(output)")
        #expect(recorder.connections.isEmpty)
        #expect(await waitFor { log.contains("wrong session secret") })
        try await server.close().get()
    }
}
