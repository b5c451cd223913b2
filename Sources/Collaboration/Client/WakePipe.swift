#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A self-pipe: network threads `wake()` it, and a run loop `poll()`s its `fileDescriptor` beside stdin.
///
/// Both ends are non-blocking and close-on-exec. Wakes are coalesced: `wake` writes one byte only when the pipe is
/// not already awake (a flag says so), and `drain` reads only when it is, then clears the flag. Invariant: the
/// pipe holds at most one byte, and holds it only while the flag is set (a byte is written only by the wake that
/// set the flag; the flag is cleared only after that byte was read), so a run loop that drains the pipe and then
/// its inbox never misses an event, never finds the pipe readable with nothing to do, and never spends a system
/// call on an empty pipe or on a second wake before it looked. Thread-safe:
/// `wake` from any thread, `drain` and `wait` from the run loop's thread.
public final class WakePipe: Sendable {
    /// The read end: readable (`POLLIN`) after a `wake` until the next `drain`.
    public let fileDescriptor: Int32
    /// The write end.
    private let writeEnd: Int32
    /// Whether a byte was written and not yet drained.
    private let isAwake = Atomic(false)

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
        guard !isAwake.exchange(true, ordering: .sequentiallyConsistent) else { return }
        var byte: UInt8 = 1
        while write(writeEnd, &byte, 1) < 0 && errno == EINTR {}  // the one byte `drain` waits for
    }

    /// Empties the pipe (call before handling what the wake was about, so a wake during handling is not lost).
    ///
    /// The wake that set the flag writes its byte a moment after setting it; `drain` waits for that byte (a few
    /// instructions away, unless the waking thread was preempted) before clearing the flag, so the pipe never keeps a
    /// byte with the flag clear (which would leave it readable, and a run loop polling it busy, until the next wake).
    public func drain() {
        guard isAwake.load(ordering: .sequentiallyConsistent) else { return }
        var byte: UInt8 = 0
        while read(fileDescriptor, &byte, 1) != 1 {
            guard errno == EAGAIN || errno == EINTR else { break }  // the pipe is broken: no byte will come
            sched_yield()
        }
        isAwake.store(false, ordering: .sequentiallyConsistent)
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
