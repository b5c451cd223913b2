#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// CPU time and memory of processes and threads, read from the kernel (Linux `/proc`, `getrusage`,
/// `clock_gettime`). Times are seconds of CPU (user + system); sizes are bytes.
enum ProcessMetrics {
    /// User + system CPU seconds of process `pid` so far (`/proc/PID/stat` fields 14 and 15), nil once it is gone.
    static func cpuSeconds(of pid: pid_t) -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after "(comm)": state is field 3, so utime (14) and stime (15) are the 12th and 13th here.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// The peak resident set size of process `pid` (`VmHWM` in `/proc/PID/status`), nil once it is gone.
    static func peakResidentBytes(of pid: pid_t) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first
            return kilobytes.map { $0 * 1024 }
        }
        return nil
    }

    /// User + system CPU seconds of this whole process (every thread) so far.
    static func ownCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// CPU seconds of the calling thread so far.
    static func currentThreadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// The 1-minute load average of the machine (`/proc/loadavg`), to print beside figures.
    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?"
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    private static func seconds(_ value: timeval) -> Double { Double(value.tv_sec) + Double(value.tv_usec) / 1e6 }
}

/// Formats a byte count: "512 B", "3.2 KB", "41.0 MB" (decimal units).
func formatBytes(_ bytes: Double) -> String {
    if bytes < 1_000 { return String(format: "%.0f B", bytes) }
    if bytes < 1_000_000 { return String(format: "%.1f KB", bytes / 1e3) }
    return String(format: "%.1f MB", bytes / 1e6)
}
