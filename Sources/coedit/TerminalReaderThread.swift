import Foundation
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// Reads standard input on a thread of its own and hands the bytes to the run loop: the fallback for a terminal
/// that cannot be opened anew because it belongs to another user (`sudo -u`, `setpriv`, `su` keep the terminal
/// descriptors they inherited). Reading standard input itself on the loop would make it non-blocking, and with it
/// standard output, which shares its file description: curses would then lose output when the terminal is slow.
///
/// Costs one thread wake-up per batch of input more than reading on the loop. `stop` ends the thread (it polls a
/// stop pipe beside the terminal), leaving standard input as it was.
final class TerminalReaderThread: Sendable {
    private let stopRead: Int32
    private let stopWrite: Int32

    /// Starts reading `descriptor`; `onBytes` gets each read and `onEnd` the end of input or a read error, both on
    /// `loop`.
    ///
    /// - Throws: `CoeditFailure` when the stop pipe cannot be made.
    init(
        reading descriptor: Int32 = STDIN_FILENO, loop: any EventLoop,
        onBytes: @escaping @Sendable ([UInt8]) -> Void, onEnd: @escaping @Sendable () -> Void
    ) throws(CoeditFailure) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            throw CoeditFailure("cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        stopRead = ends[0]
        stopWrite = ends[1]
        let stop = stopRead
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: DescriptorReader.readSize)
            while true {
                var watched = [
                    pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0),
                    pollfd(fd: stop, events: Int16(POLLIN), revents: 0),
                ]
                guard poll(&watched, 2, -1) >= 0 || errno == EINTR else { break }
                if watched[1].revents != 0 { return }
                guard watched[0].revents != 0 else { continue }
                let count = read(descriptor, &buffer, buffer.count)
                if count > 0 {
                    let bytes = Array(buffer[0..<count])
                    loop.execute { onBytes(bytes) }
                } else if count < 0 && (errno == EINTR || errno == EAGAIN) {
                    continue
                } else {
                    break
                }
            }
            loop.execute { onEnd() }
        }
        thread.name = "coedit-terminal"
        thread.start()
    }

    deinit {
        close(stopRead)
        close(stopWrite)
    }

    /// Ends the thread (it may still hand over a read it made before noticing).
    func stop() {
        var byte: UInt8 = 0
        _ = write(stopWrite, &byte, 1)
    }
}
