/// Walks a line's grapheme clusters in order, with how each is drawn, taking a fast path through ASCII.
///
/// An ASCII scalar followed by another ASCII scalar (or by the end) is a grapheme cluster of its own, except a
/// CR directly before an LF; such clusters are read straight from the UTF-8 bytes with a precomputed glyph. Any
/// other cluster is segmented by `String` and drawn by `DisplayWidth.glyph(for:)`, so the walk yields exactly the
/// clusters and glyphs of `for character in text { DisplayWidth.glyph(for: character) }`, only faster on text
/// that is mostly ASCII (source code, LaTeX, minified JSON).
enum GraphemeWalk {
    /// Calls `body(length, glyph)` for each grapheme cluster of `text` in order: its length in Unicode scalars
    /// and its glyph (nil for a tab). Stops early when `body` returns false.
    static func forEach(in text: String, _ body: (_ length: Int, _ glyph: Glyph?) -> Bool) {
        let utf8 = text.utf8
        let end = utf8.endIndex
        var index = utf8.startIndex
        while index < end {
            let byte = utf8[index]
            let next = utf8.index(after: index)
            if byte < 0x80, next == end || (utf8[next] < 0x80 && !(byte == 0x0D && utf8[next] == 0x0A)) {
                guard body(1, byte == 0x09 ? nil : asciiGlyphs[Int(byte)]) else { return }
                index = next
                continue
            }
            let clusterEnd = text.index(after: index)
            let character = text[index..<clusterEnd].first!
            let length = text.unicodeScalars[index..<clusterEnd].count
            guard body(length, character == "\t" ? nil : DisplayWidth.glyph(for: character)) else { return }
            index = clusterEnd
        }
    }

    /// The glyph of each ASCII scalar drawn alone, by value (the entry for the tab is unused).
    private static let asciiGlyphs: [Glyph] = (0..<128).map { value in
        DisplayWidth.glyph(for: Character(Unicode.Scalar(UInt8(value))))
    }
}
