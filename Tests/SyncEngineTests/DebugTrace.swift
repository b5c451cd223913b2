import SyncEngine
import SyncTestSupport
import TestSupport
import Testing
import Foundation

@Test func debugOneSeed() {
    guard let text = ProcessInfo.processInfo.environment["DEBUG_SEED"], let seed = UInt64(text) else { return }
    var options = RandomSession.Options()
    if let window = ProcessInfo.processInfo.environment["DEBUG_WINDOW"].flatMap(Int.init) {
        options.logWindow = window
        options.expectExact = false
        options.steps = 60
    }
    let report = RandomSession.run(seed: seed, options: options, tracing: true)
    print(report.trace.joined(separator: "\n"))
    print(report.problems)
}

@Test func debugCategories() {
    guard ProcessInfo.processInfo.environment["DEBUG_CATEGORIES"] != nil else { return }
    var counts: [String: Int] = [:]
    var example: [String: UInt64] = [:]
    for seed in TestBudget.caseSeeds(10_000) {
        let report = RandomSession.run(seed: seed)
        for p in report.problems {
            let key = p.replacingOccurrences(of: "[0-9]+", with: "N", options: .regularExpression).prefix(60)
            counts[String(key), default: 0] += 1
            example[String(key)] = seed
        }
    }
    for (k, v) in counts.sorted(by: { $0.value > $1.value }) { print(v, k, example[k]!) }
}

@Test func debugFallbackLoss() {
    guard ProcessInfo.processInfo.environment["DEBUG_FALLBACK"] != nil else { return }
    var options = RandomSession.Options()
    options.expectExact = false
    options.steps = 60
    var shown = 0
    for seed in TestBudget.caseSeeds(1_000, default: 7_777) {
        options.logWindow = Int(seed % 4) + 1
        let report = RandomSession.run(seed: seed, options: options)
        if report.markersLost > report.markersLostButReported {
            print("seed \(seed) window \(options.logWindow) lost \(report.markersLost) reported \(report.markersLostButReported) editors \(report.editorCount)")
            shown += 1
            if shown > 8 { break }
        }
    }
}
