#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// Bytes and frames that crossed a `CountingRelay`, per direction ("up": joiner → host; "down": host → joiner).
///
/// Bytes are TCP payload bytes (no IP/TCP headers). A frame is one length-prefixed unit of the coedit framing
/// (Docs/protocol.md §3): a varint length header (1–2 bytes for a message, `headerBytes` counts them), then the
/// sealed plaintext and its 16-byte tag. The plaintext is one message, or several bundled (§5.1: a marker byte and
/// a 1–2 byte length per message). So `framingBytes = headerBytes + 16 × frames`, and `bytes − framingBytes` is the
/// plaintext (messages and any bundle bytes), for counts taken after the handshakes.
struct RelayCounts: Equatable {
    var upBytes = 0
    var downBytes = 0
    var upFrames = 0
    var downFrames = 0
    /// Bytes of frame length headers, both directions.
    var headerBytes = 0
    /// CPU seconds the relay's thread has used (to subtract from the bench process's own CPU time).
    var relayCPUSeconds = 0.0

    var totalBytes: Int { upBytes + downBytes }
    var totalFrames: Int { upFrames + downFrames }
    /// Length headers and seal tags: what the frames add to the plaintexts they carry.
    var framingBytes: Int { headerBytes + 16 * totalFrames }
    /// The sealed plaintexts' bytes: messages, plus the bundle bytes of frames carrying several.
    var plaintextBytes: Int { totalBytes - framingBytes }

    /// The counts accumulated since `earlier`.
    func subtracting(_ earlier: RelayCounts) -> RelayCounts {
        RelayCounts(
            upBytes: upBytes - earlier.upBytes, downBytes: downBytes - earlier.downBytes,
            upFrames: upFrames - earlier.upFrames, downFrames: downFrames - earlier.downFrames,
            headerBytes: headerBytes - earlier.headerBytes, relayCPUSeconds: relayCPUSeconds - earlier.relayCPUSeconds)
    }
}

/// A loopback TCP relay that joiners connect to instead of the host: every accepted connection is paired with a new
/// connection to the host's port, bytes are forwarded both ways unchanged, and counted (bytes and frames) per
/// direction. One thread, `poll`-driven; writes block until the other side takes the bytes (loopback peers always
/// read, so this cannot deadlock).
final class CountingRelay: @unchecked Sendable {
    /// The port joiners connect to (127.0.0.1).
    let port: Int
    private let targetPort: Int
    private let listener: Int32
    private let state = Mutex(RelayCounts())
    private let running = Mutex(true)
    private var thread: Thread?

    /// Starts relaying 127.0.0.1:`port` (chosen by the system) to 127.0.0.1:`targetPort`.
    init(targetPort: Int) throws {
        self.targetPort = targetPort
        (listener, port) = try Loopback.listen()
        let thread = Thread { [self] in loop() }
        thread.name = "counting-relay"
        self.thread = thread
        thread.start()
    }

    /// The counts so far (thread-safe).
    var counts: RelayCounts { state.withLock { $0 } }

    /// Stops relaying (connections are closed within 50 ms).
    func stop() {
        running.withLock { $0 = false }
    }

    /// One forwarding direction of a connection pair, with its frame parser.
    private struct Pipe {
        let from: Int32
        let to: Int32
        let isUp: Bool
        /// Frame parser: the varint header read so far (value, its bytes) and body bytes left of the current frame.
        var headerValue = 0
        var headerLength = 0
        var bodyLeft = 0

        /// Counts the frames whose header ends in `bytes`, and the header bytes in `bytes`.
        mutating func frames(in bytes: UnsafeRawBufferPointer) -> (frames: Int, headerBytes: Int) {
            var started = 0
            var headerBytes = 0
            var index = 0
            while index < bytes.count {
                if bodyLeft > 0 {
                    let take = min(bodyLeft, bytes.count - index)
                    bodyLeft -= take
                    index += take
                    continue
                }
                let byte = bytes[index]
                index += 1
                headerBytes += 1
                headerValue |= Int(byte & 0x7F) << (7 * headerLength)
                headerLength += 1
                if byte < 0x80 {
                    bodyLeft = headerValue
                    (headerValue, headerLength) = (0, 0)
                    started += 1
                }
            }
            return (started, headerBytes)
        }
    }

    private func loop() {
        var pipes: [Pipe] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while running.withLock({ $0 }) {
            var descriptors = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0)]
            descriptors += pipes.map { pollfd(fd: $0.from, events: Int16(POLLIN), revents: 0) }
            guard poll(&descriptors, nfds_t(descriptors.count), 50) > 0 else { continue }
            var closed = Set<Int32>()
            for index in pipes.indices where descriptors[index + 1].revents != 0 {
                let count = read(pipes[index].from, &buffer, buffer.count)
                guard count > 0, Loopback.writeAll(pipes[index].to, buffer, count: count) else {
                    closed.insert(pipes[index].from)
                    closed.insert(pipes[index].to)
                    continue
                }
                let frames = buffer.withUnsafeBytes { pipes[index].frames(in: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
                let isUp = pipes[index].isUp
                state.withLock { counts in
                    counts.headerBytes += frames.headerBytes
                    if isUp {
                        counts.upBytes += count
                        counts.upFrames += frames.frames
                    } else {
                        counts.downBytes += count
                        counts.downFrames += frames.frames
                    }
                }
            }
            for descriptor in closed { close(descriptor) }
            pipes.removeAll { closed.contains($0.from) }
            if descriptors[0].revents != 0, let pair = accept() {
                pipes.append(Pipe(from: pair.joiner, to: pair.host, isUp: true))
                pipes.append(Pipe(from: pair.host, to: pair.joiner, isUp: false))
            }
            let cpu = ProcessMetrics.currentThreadCPUSeconds()
            state.withLock { $0.relayCPUSeconds = cpu }
        }
        for pipe in pipes { close(pipe.from) }
        close(listener)
    }

    /// Accepts a joiner and connects it to the host.
    private func accept() -> (joiner: Int32, host: Int32)? {
        let joiner = Glibc.accept(listener, nil, nil)
        guard joiner >= 0 else { return nil }
        Loopback.disableNagle(joiner)
        guard let host = try? Loopback.connect(port: targetPort) else {
            close(joiner)
            return nil
        }
        return (joiner, host)
    }
}

/// Blocking IPv4 loopback sockets.
enum Loopback {
    /// A socket listening on 127.0.0.1 at a port the system chose, and that port.
    static func listen() throws -> (Int32, Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw BenchmarkError("socket: errno \(errno)") }
        var address = loopbackAddress(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, Glibc.listen(descriptor, 128) == 0 else {
            close(descriptor)
            throw BenchmarkError("bind/listen on 127.0.0.1: errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// A free port on 127.0.0.1 (bound, read and released: another process could take it meanwhile).
    static func freePort() throws -> Int {
        let (descriptor, port) = try listen()
        close(descriptor)
        return port
    }

    /// A socket connected to 127.0.0.1:`port`, with Nagle's algorithm off (as coedit's own sockets).
    static func connect(port: Int) throws -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw BenchmarkError("socket: errno \(errno)") }
        var address = loopbackAddress(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(descriptor)
            throw BenchmarkError("connect to 127.0.0.1:\(port): errno \(errno)")
        }
        disableNagle(descriptor)
        return descriptor
    }

    /// Sends small writes at once (`TCP_NODELAY`), as coedit's own sockets do.
    static func disableNagle(_ descriptor: Int32) {
        var one: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Writes `count` bytes of `bytes` to `descriptor`; false when the connection is gone.
    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], count: Int) -> Bool {
        var written = 0
        while written < count {
            let result = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, count - written) }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { return false }
            written += result
        }
        return true
    }

    private static func loopbackAddress(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}
