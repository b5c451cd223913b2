import Foundation
import TestSupport

/// Networked CPU per keystroke measured in alternating rounds: coedit, pycrdt relayed on plain TCP, pycrdt relayed in
/// coedit's framing, again and again on the same prefix of the trace. coedit's editors connect straight to the host,
/// as pycrdt's typist and receiver do to its relay (the counting relay of the byte figures, a thread of its own
/// in the bench process, costs the others about 10 % by competing for the two cores).
///
/// One run of each side takes a minute or more, and this shared 2-core machine's load moves within that time, so
/// a single pair's ratio moves by ±30 % between runs (Docs/benchmarks.md). Alternating short rounds puts each pair
/// under the same load; the median of the rounds' ratios is the figure to quote.
struct TraceCPURounds {
    /// One round's CPU per keystroke (seconds) of each side.
    struct Round {
        var coedit: Double
        var plain: Double
        var sealed: Double
    }

    /// How many rounds, and how many edits of the trace each side types per round.
    var rounds: Int
    var edits: Int

    /// Runs the rounds. Throws when a side's final text is not the trace's.
    func run() throws -> [Round] {
        let benchmark = TraceSyncBenchmark(edits: edits)
        let (changes, expected) = try benchmark.loadEdits()
        let arguments = [SharedTraces.url(of: "automerge-paper.json.gz").path, "\(changes.count)"]
        var results: [Round] = []
        for _ in 0..<rounds {
            let (coedit, _) = try benchmark.runCoedit(changes, expected: expected, throughRelay: false)
            let plain = try benchmark.runRelayReference(arguments + ["plain"])
            let sealed = try benchmark.runRelayReference(arguments + ["sealed"])
            guard coedit.textsMatch, plain.textsMatch, sealed.textsMatch else {
                throw BenchmarkError("a side's final text is not the trace's")
            }
            results.append(
                Round(
                    coedit: coedit.cpuSeconds / Double(coedit.edits), plain: plain.cpuSeconds / Double(plain.edits),
                    sealed: sealed.cpuSeconds / Double(sealed.edits)))
        }
        return results
    }

    /// Prints the rounds and their medians as a Markdown table.
    static func print(_ rounds: [Round], edits: Int, load: String) {
        Swift.print("\n### Networked CPU per keystroke, \(rounds.count) alternating rounds of \(edits) keystrokes (\(load))\n")
        Swift.print("| round | coedit | pycrdt plain | coedit ÷ plain | pycrdt sealed | coedit ÷ sealed |")
        Swift.print("| --- | ---: | ---: | ---: | ---: | ---: |")
        func line(_ label: String, _ coedit: Double, _ plain: Double, _ sealed: Double, _ toPlain: Double, _ toSealed: Double) {
            Swift.print(
                "| \(label) | \(formatSeconds(coedit)) | \(formatSeconds(plain)) | \(String(format: "%.2f", toPlain)) | "
                    + "\(formatSeconds(sealed)) | \(String(format: "%.2f", toSealed)) |")
        }
        for (index, round) in rounds.enumerated() {
            line("\(index + 1)", round.coedit, round.plain, round.sealed, round.coedit / round.plain, round.coedit / round.sealed)
        }
        func median(_ values: [Double]) -> Double { Percentiles(values).percentile(50) ?? .nan }
        line(
            "median", median(rounds.map(\.coedit)), median(rounds.map(\.plain)), median(rounds.map(\.sealed)),
            median(rounds.map { $0.coedit / $0.plain }), median(rounds.map { $0.coedit / $0.sealed }))
    }
}
