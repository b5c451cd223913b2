#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// A program running on its own pseudo-terminal, as in a terminal emulator: its own session with the pty as
/// controlling terminal, stdin/stdout/stderr on the pty, a set window size. A thread reads everything the program
/// writes as it comes and records, for every scalar in `watched`, the first instant it appeared in the output.
///
/// Instants come from `ContinuousClock` (monotonic), the same clock the bench types with.
final class PseudoTerminal: @unchecked Sendable {
    /// The child's process id.
    let pid: pid_t
    /// The controlling side (what a terminal emulator holds).
    private let master: Int32
    private let watched: ClosedRange<UInt32>
    private let seen = Mutex<[UInt32: ContinuousClock.Instant]>([:])
    private let outputBytes = Mutex(0)

    /// Starts `executable` with `arguments` on a new `columns`×`rows` pty, with `environment` as its whole
    /// environment; watches the scalars in `watched`.
    init(
        executable: String, arguments: [String], environment: [String: String], columns: UInt16, rows: UInt16,
        watched: ClosedRange<UInt32>
    ) throws {
        self.watched = watched
        // posix_openpt/unlockpt/ptsname are not imported by Swift's Glibc; these are their Linux definitions.
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard master >= 0, ioctl(master, Self.setLock, &unlock) == 0, ioctl(master, Self.getNumber, &number) == 0 else {
            throw BenchmarkError("cannot open a pseudo-terminal: errno \(errno)")
        }
        let name = "/dev/pts/\(number)"
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        pid = try Self.spawn(
            executable, arguments: arguments, environment: environment, terminal: name)
        let thread = Thread { [self] in readLoop() }
        thread.name = "pty-reader-\(pid)"
        thread.start()
    }

    /// `TIOCSPTLCK` (`_IOW('T', 0x31, int)`) and `TIOCGPTN` (`_IOR('T', 0x30, unsigned int)`) on Linux.
    private static let setLock: UInt = 0x4004_5431
    private static let getNumber: UInt = 0x8004_5430

    /// Types `bytes` (as keys arrive from a terminal).
    func type(_ bytes: [UInt8]) {
        _ = Loopback.writeAll(master, bytes, count: bytes.count)
    }

    /// When `scalar` first appeared in the output, if it has.
    func firstSeen(_ scalar: UInt32) -> ContinuousClock.Instant? {
        seen.withLock { $0[scalar] }
    }

    /// How many bytes the program has written so far.
    var bytesWritten: Int { outputBytes.withLock { $0 } }

    /// Asks the program to end (SIGTERM), then kills it if it is still running after `grace`, and reaps it.
    func terminate(grace: Duration = .seconds(3)) {
        kill(pid, SIGTERM)
        let clock = ContinuousClock()
        let deadline = clock.now + grace
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if clock.now > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                break
            }
            usleep(20_000)
        }
    }

    /// Reads the output until the pty closes, decoding UTF-8 across reads.
    private func readLoop() {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var decoder = UTF8ScalarStream()
        while true {
            let count = read(master, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            let now = ContinuousClock.now
            outputBytes.withLock { $0 += count }
            var fresh: [UInt32] = []
            for byte in buffer[..<count] {
                if let scalar = decoder.push(byte), watched.contains(scalar) { fresh.append(scalar) }
            }
            if !fresh.isEmpty {
                seen.withLock { table in
                    for scalar in fresh where table[scalar] == nil { table[scalar] = now }
                }
            }
        }
    }

    /// `posix_spawn` in a new session (`POSIX_SPAWN_SETSID`) whose first opened tty, `terminal`, becomes the
    /// controlling terminal and stdin, stdout and stderr.
    private static func spawn(
        _ executable: String, arguments: [String], environment: [String: String], terminal: String
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, terminal, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        let setSessionFlag: Int16 = 0x80  // POSIX_SPAWN_SETSID (glibc), not imported as a Swift constant
        posix_spawnattr_setflags(&attributes, setSessionFlag)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw BenchmarkError("cannot start \(executable): error \(result)") }
        return pid
    }
}

/// An incremental UTF-8 decoder for a byte stream that may split a scalar across reads (invalid bytes are dropped).
struct UTF8ScalarStream {
    private var value: UInt32 = 0
    private var remaining = 0

    /// Feeds one byte; returns the scalar it completes, if any.
    mutating func push(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0..<0x80:
            remaining = 0
            return UInt32(byte)
        case 0x80..<0xC0:
            guard remaining > 0 else { return nil }
            value = value << 6 | UInt32(byte & 0x3F)
            remaining -= 1
            return remaining == 0 ? value : nil
        case 0xC0..<0xE0: (value, remaining) = (UInt32(byte & 0x1F), 1)
        case 0xE0..<0xF0: (value, remaining) = (UInt32(byte & 0x0F), 2)
        default: (value, remaining) = (UInt32(byte & 0x07), 3)
        }
        return nil
    }
}
