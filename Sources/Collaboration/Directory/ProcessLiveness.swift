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
        guard let fields = statFields(of: pid), fields.count > 19 else { return nil }
        return UInt64(fields[19])
    }

    /// Whether `pid` is alive (a zombie, killed but not yet reaped, is not) and, when `start` is known on both
    /// sides, is the same process that started then.
    public static func isAlive(pid: Int32, start: UInt64?) -> Bool {
        guard pid > 0 else { return false }
        if kill(pid, 0) != 0 && errno == ESRCH { return false }
        if let fields = statFields(of: pid), let state = fields.first, state == "Z" || state == "X" { return false }
        if let start, let current = startTime(of: pid), current != start { return false }
        return true
    }

    /// The fields of `/proc/PID/stat` from field 3 (the state) on, or nil where there is no such file.
    private static func statFields(of pid: Int32) -> [Substring]? {
        guard let stat = readSmallFile("/proc/\(pid)/stat") else { return nil }
        // The command name (field 2) is in parentheses and may contain spaces: count fields after the last ")".
        guard let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ")
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
