/// Random text for tests, mixing ASCII with the non-ASCII cases an editor must get right.
///
/// Every fragment is a whole grapheme cluster, so the text is always valid; offsets into it should be counted in
/// Unicode scalars by the code under test (combining marks and emoji sequences are several scalars each).
public enum RandomText {
    /// Fragments drawn from: ASCII letters and punctuation, newlines, accented Latin (precomposed), CJK (double
    /// width), emoji (astral plane, including a ZWJ sequence and a flag), and a base letter with combining marks.
    public static let fragments: [String] = [
        "a", "b", "c", "x", "y", "z", " ", " ", "\n", ".", "{", "}", "\\", "%", "\t",
        "é", "ü", "ñ", "Å", "ø",
        "漢", "字", "日本", "語",
        "😀", "👍🏽", "👩‍💻", "🇫🇷",
        "e\u{301}", "a\u{308}\u{331}", "\u{D55C}",
    ]

    /// A random string of `fragmentCount` fragments.
    public static func string<G: RandomNumberGenerator>(fragmentCount: Int, using generator: inout G) -> String {
        var result = ""
        for _ in 0..<fragmentCount {
            result += fragments.randomElement(using: &generator)!
        }
        return result
    }

    /// A random string of between 0 and `maxFragments` fragments.
    public static func string<G: RandomNumberGenerator>(maxFragments: Int, using generator: inout G) -> String {
        string(fragmentCount: Int.random(in: 0...maxFragments, using: &generator), using: &generator)
    }
}
