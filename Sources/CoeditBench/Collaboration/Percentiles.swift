/// Order statistics of a sample of durations (seconds), nearest-rank: the p-th percentile is the smallest value
/// with at least p % of the sample at or below it.
struct Percentiles {
    /// The sample, ascending.
    let sorted: [Double]

    init(_ values: [Double]) {
        sorted = values.sorted()
    }

    var count: Int { sorted.count }

    /// The `p`-th percentile (0 < p ≤ 100); nil for an empty sample.
    func percentile(_ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    /// "p50 / p90 / p99 / max" in milliseconds, e.g. "12.1 / 15.0 / 31.2 / 40.3".
    var summary: String {
        let values = [50, 90, 99, 100].map { percentile(Double($0)) }
        return values.map { $0.map { String(format: "%.1f", $0 * 1e3) } ?? "—" }.joined(separator: " / ")
    }
}
