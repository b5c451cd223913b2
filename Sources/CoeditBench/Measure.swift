import Foundation

/// Wall-clock timing the same way the Python reference harness (Benchmarks/dmp_reference.py) does it: one warm-up,
/// then repeated runs until at least `minimumTotal` seconds or `maximumRuns` runs; the result is the median.
enum Measure {
    static let minimumTotal = 0.5
    static let maximumRuns = 25
    static let minimumRuns = 3

    /// Median seconds of one call of `operation`.
    static func medianSeconds<T>(_ operation: () throws -> T) rethrows -> Double {
        _ = try blackHole(operation())
        var samples: [Double] = []
        let clock = ContinuousClock()
        let started = clock.now
        while samples.count < maximumRuns
            && (samples.count < minimumRuns || seconds(clock.now - started) < minimumTotal)
        {
            let t0 = clock.now
            _ = try blackHole(operation())
            samples.append(seconds(clock.now - t0))
        }
        return median(samples)
    }

    /// Seconds of one call (for operations too slow to repeat, such as loading 100 MB).
    static func onceSeconds<T>(_ operation: () throws -> T) rethrows -> (seconds: Double, value: T) {
        let clock = ContinuousClock()
        let t0 = clock.now
        let value = try operation()
        return (seconds(clock.now - t0), value)
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Keeps the optimizer from deleting a computation whose result is unused.
    @inline(never)
    static func blackHole<T>(_ value: T) -> T { value }
}

/// Human-readable durations: "412 µs", "3.20 ms", "1.05 s".
func formatSeconds(_ seconds: Double) -> String {
    if seconds < 1e-3 { return String(format: "%.1f µs", seconds * 1e6) }
    if seconds < 1 { return String(format: "%.2f ms", seconds * 1e3) }
    return String(format: "%.2f s", seconds)
}
