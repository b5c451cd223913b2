import Foundation

/// One line of a benchmark report: coedit's time for a workload beside the reference's time in the same run.
struct BenchmarkRow {
    var name: String
    /// Seconds for one operation by coedit.
    var coedit: Double
    /// Seconds for the same operation by the reference, or nil when there is none.
    var reference: Double?
    var referenceName: String

    /// coedit ÷ reference: below 1 means coedit is faster.
    var ratio: Double? { reference.map { coedit / $0 } }
}

/// Prints rows as a Markdown table (pasted as is into Docs/benchmarks.md).
func printTable(title: String, rows: [BenchmarkRow]) {
    print("\n### \(title)\n")
    print("| workload | coedit | reference | reference time | ratio |")
    print("| --- | ---: | --- | ---: | ---: |")
    for row in rows {
        let referenceTime = row.reference.map(formatSeconds) ?? "—"
        let ratio = row.ratio.map { String(format: "%.3f", $0) } ?? "—"
        print("| \(row.name) | \(formatSeconds(row.coedit)) | \(row.referenceName) | \(referenceTime) | \(ratio) |")
    }
}
