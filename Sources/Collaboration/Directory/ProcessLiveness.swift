#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether the process that wrote a session record is still the one running under its pid.
public enum ProcessLiveness {
    /// This process's id.
    public static var currentProcessID: Int32 { getpid() }

    /// When process `pid` started, in clock ticks since boot (field 22 of `/proc/PID/stat`), or nil where unknown.
    public static func startTime(of pid: Int32) -> UInt64? {
        guard let stat = readSmallFile("/proc/\(pid)/stat") else { return nil }
        // The command name (field 2) is in parentheses and may contain spaces: count fields after the last ")".
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After ")" come field 3 (state) onwards, so field 22 is at index 19.
        guard fields.count > 19 else { return nil }
        return UInt64(fields[19])
    }

    /// Whether `pid` is alive and, when `start` is known on both sides, is the same process that started then.
    public static func isAlive(pid: Int32, start: UInt64?) -> Bool {
        guard pid > 0 else { return false }
        if kill(pid, 0) != 0 && errno == ESRCH { return false }
        if let start, let current = startTime(of: pid), current != start { return false }
        return true
    }

    /// The contents of a small text file, or nil.
    private static func readSmallFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = read(fd, &bytes, bytes.count)
        guard count > 0 else { return nil }
        return String(decoding: bytes[..<count], as: UTF8.self)
    }
}
