import SyncEngine
import SyncTestSupport
import TestSupport
import Testing
import Foundation

@Test func debugOneSeed() {
    guard let text = ProcessInfo.processInfo.environment["DEBUG_SEED"], let seed = UInt64(text) else { return }
    let report = RandomSession.run(seed: seed, tracing: true)
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
