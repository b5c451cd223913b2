#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A self-pipe: network threads `wake()` it, and a run loop `poll()`s its `fileDescriptor` beside stdin.
///
/// Both ends are non-blocking and close-on-exec. `wake` writes one byte (a full pipe already means "awake", so
/// `EAGAIN` is ignored); `drain` reads everything there is. Thread-safe: `wake` from any thread, `drain` and
/// `wait` from the run loop's thread.
public final class WakePipe: Sendable {
    /// The read end: readable (`POLLIN`) after a `wake` until the next `drain`.
    public let fileDescriptor: Int32
    /// The write end.
    private let writeEnd: Int32

    /// A new pipe.
    ///
    /// - Throws: `WakePipe.Failure` when the system has no file descriptors left.
    public init() throws(Failure) {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw Failure(errno: errno) }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        fileDescriptor = ends[0]
        writeEnd = ends[1]
    }

    deinit {
        close(fileDescriptor)
        close(writeEnd)
    }

    /// Makes `fileDescriptor` readable. Never blocks.
    public func wake() {
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    /// Empties the pipe (call before handling what the wake was about, so a wake during handling is not lost).
    public func drain() {
        var scratch = [UInt8](repeating: 0, count: 256)
        while read(fileDescriptor, &scratch, scratch.count) > 0 {}
    }

    /// Blocks until the pipe is readable or `milliseconds` pass (-1: no limit); returns whether it is readable.
    @discardableResult
    public func wait(milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: fileDescriptor, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, milliseconds) > 0 && entry.revents & Int16(POLLIN) != 0
    }

    /// A pipe that could not be created.
    public struct Failure: Error, CustomStringConvertible {
        /// The `errno` of the failed `pipe` call.
        public let errno: Int32

        public var description: String { "cannot create a wake pipe: \(String(cString: strerror(errno)))" }
    }
}
