import Foundation
import Logging
import NIOCore
import NIOPosix
import Synchronization
import TestSupport
@testable import Transport

/// Log lines captured by `CapturingLogHandler`, for assertions on what the host logs.
final class LogRecord: Sendable {
    private let lines = Mutex<[String]>([])

    /// A logger writing into this record.
    func makeLogger(label: String = "test") -> Logger {
        var logger = Logger(label: label) { _ in CapturingLogHandler(record: self) }
        logger.logLevel = .debug
        return logger
    }

    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
    func contains(_ text: String) -> Bool { all.contains { $0.contains(text) } }
}

/// A swift-log handler that appends `LEVEL message metadata` lines to a `LogRecord`.
struct CapturingLogHandler: LogHandler {
    let record: LogRecord
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .debug

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let extra = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        record.append("\(event.level) \(event.message) \(extra)")
    }
}

/// Collects `PeerEvent`s from any thread and lets a test wait for a condition on them (bounded by a deadline).
final class EventRecorder: Sendable {
    enum Entry: Sendable {
        case connected(PeerConnection)
        case received(PeerConnection, [UInt8])
        case closed(PeerConnection, TransportError?)
    }

    private let entries = Mutex<[Entry]>([])

    /// The handler to pass to the server or client.
    var handler: PeerEventHandler {
        { [self] connection, event in
            let entry: Entry
            switch event {
            case .connected: entry = .connected(connection)
            case .received(let bytes): entry = .received(connection, bytes)
            case .closed(let error): entry = .closed(connection, error)
            }
            entries.withLock { $0.append(entry) }
        }
    }

    var all: [Entry] { entries.withLock { $0 } }

    var connections: [PeerConnection] {
        all.compactMap { if case .connected(let c) = $0 { return c } else { return nil } }
    }

    var received: [[UInt8]] {
        all.compactMap { if case .received(_, let bytes) = $0 { return bytes } else { return nil } }
    }

    var closures: [(PeerConnection, TransportError?)] {
        all.compactMap { if case .closed(let c, let e) = $0 { return (c, e) } else { return nil } }
    }

    /// Waits (polling every 5 ms, at most `seconds`) until `condition` holds; returns whether it did.
    @discardableResult
    func wait(seconds: Double = 5, until condition: (EventRecorder) -> Bool) async -> Bool {
        await waitFor(seconds: seconds) { condition(self) }
    }
}

/// The event loops of the transport tests' servers and clients: their own, so that the timeouts these tests
/// measure do not wait behind the other suites' network work on `MultiThreadedEventLoopGroup.singleton`.
enum TestLoops {
    static let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
}

/// Waits (polling every 5 ms, at most `seconds`) until `condition` holds; returns whether it did.
func waitFor(seconds: Double = 5, _ condition: () -> Bool) async -> Bool {
    // Counts 5 ms naps rather than wall-clock time, so a saturated machine stretches the wait instead of failing it.
    for _ in 0..<max(1, Int(seconds * 200)) {
        if condition() { return true }
        try? await Task.sleep(nanoseconds: 5_000_000)
    }
    return condition()
}

/// Fixed secrets and seeded nonces for tests.
enum Fixtures {
    static let editorSecret = try! SessionSecret("éditeur-秘密-✓")
    static let readOnlySecret = try! SessionSecret("gäst-👀-only")
    static let wrongSecret = try! SessionSecret("éditeur-秘密-✗")

    static func nonce(_ seed: UInt64) -> HandshakeNonce {
        var generator = SeededGenerator(seed: seed)
        return HandshakeNonce.random(using: &generator)
    }

    /// Session options for loopback tests: short timeouts, the given logger.
    static func options(logger: Logger, handshakeTimeout: TimeAmount = .seconds(5)) -> SessionOptions {
        var options = SessionOptions()
        options.logger = logger
        options.handshakeTimeout = handshakeTimeout
        return options
    }
}

extension Array where Element == UInt8 {
    /// Bytes from a hex string (test vectors).
    init(hex: String) {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        self = bytes
    }

    var hex: String { map { String(format: "%02x", $0) }.joined() }

    /// Whether `needle` occurs as a contiguous run in these bytes.
    func containsSubsequence(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return needle.isEmpty }
        for start in 0...(count - needle.count) where self[start] == needle[0] {
            if Array(self[start..<start + needle.count]) == needle { return true }
        }
        return false
    }
}

/// The sealed part (`ciphertext ‖ tag`) of one whole frame as `SealedFrameCodec` writes it, after checking that its
/// length header announces exactly the bytes that follow.
func sealedPart(ofFrame frame: ByteBuffer) throws -> [UInt8] {
    let bytes = Array(frame.readableBytesView)
    guard case .complete(let length, let headerLength) = try FrameFormat.header(bytes),
        headerLength + length == bytes.count
    else { throw TransportError.truncatedFrame(received: bytes.count, expected: -1) }
    return Array(bytes[headerLength...])
}
