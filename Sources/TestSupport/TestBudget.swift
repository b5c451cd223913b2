#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How much randomized work a seeded test does, and from which seed it starts.
///
/// CI runs a fixed budget with fixed seeds. On demand:
/// - `COEDIT_TEST_SEED=N` replays a run from base seed N (each case's own seed is printed on failure);
/// - `COEDIT_TEST_SCALE=K` multiplies every iteration count by K (e.g. 100 for a long soak).
public enum TestBudget {
    /// The base seed: `COEDIT_TEST_SEED` when set, else `defaultSeed`.
    public static func baseSeed(default defaultSeed: UInt64 = 20_261_121) -> UInt64 {
        if let text = environment("COEDIT_TEST_SEED"), let value = UInt64(text) { return value }
        return defaultSeed
    }

    /// `count` scaled by `COEDIT_TEST_SCALE` (default 1, minimum 1 iteration).
    public static func iterations(_ count: Int) -> Int {
        guard let text = environment("COEDIT_TEST_SCALE"), let scale = Double(text), scale > 0 else { return count }
        return max(1, Int(Double(count) * scale))
    }

    /// The seeds of `count` independent cases, derived from the base seed (the list is scaled by the budget).
    public static func caseSeeds(_ count: Int, default defaultSeed: UInt64 = 20_261_121) -> [UInt64] {
        var generator = SeededGenerator(seed: baseSeed(default: defaultSeed))
        return (0..<iterations(count)).map { _ in generator.next() }
    }

    private static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }
}
