import TestSupport

/// Deterministic prose for benchmarks: lines of words, mostly ASCII with accented, CJK, emoji and combining-mark
/// words mixed in, so every workload exercises non-ASCII scalars.
struct BenchmarkText {
    private var generator: SeededGenerator

    private static let words = [
        "the", "editor", "diff", "patch", "match", "revision", "host", "cursor", "text", "line", "merge", "sync",
        "\\section{Intro}", "$x^2$", "%", "{", "}", "and", "of", "to", "in", "is", "café", "naïve", "über",
        "漢字", "日本語", "😀", "e\u{301}té", "Ångström", "ŝ", "résumé", "coöperate", "über", "déjà", "vu",
    ]

    init(seed: UInt64) {
        generator = SeededGenerator(seed: seed)
    }

    /// One line of 4–14 words, without its newline.
    mutating func line() -> String {
        let count = Int.random(in: 4...14, using: &generator)
        return (0..<count).map { _ in Self.words.randomElement(using: &generator)! }.joined(separator: " ")
    }

    /// Lines joined by "\n" (with a final newline) until the UTF-8 size reaches `bytes`.
    mutating func lines(totalBytes bytes: Int) -> [String] {
        var result: [String] = []
        var size = 0
        while size < bytes {
            let next = line()
            size += next.utf8.count + 1
            result.append(next)
        }
        return result
    }

    mutating func int(in range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &generator) }

    /// `lines` with `count` distinct lines replaced by new ones (scattered line edits).
    mutating func editingLines(_ lines: [String], count: Int) -> [String] {
        var result = lines
        var chosen = Set<Int>()
        while chosen.count < min(count, lines.count) {
            chosen.insert(int(in: 0...(lines.count - 1)))
        }
        for index in chosen { result[index] = line() }
        return result
    }

    /// `lines` with one word changed, inserted or deleted in every line (texts that differ throughout).
    mutating func editingEveryLine(_ lines: [String]) -> [String] {
        lines.map { line in
            var words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            let position = int(in: 0...(words.count - 1))
            switch int(in: 0...2) {
            case 0: words[position] = Self.words.randomElement(using: &generator)!
            case 1: words.insert(Self.words.randomElement(using: &generator)!, at: position)
            default: if words.count > 1 { words.remove(at: position) }
            }
            return words.joined(separator: " ")
        }
    }
}

extension Array where Element == String {
    /// The lines joined with "\n", with a final newline.
    var joinedLines: String { joined(separator: "\n") + "\n" }
}
