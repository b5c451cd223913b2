import EditorCore

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

extension GraphemeWalk {
    /// Calls `body(offset, length, glyph)` for each grapheme cluster of `buffer` from `start` up to `end`, in
    /// order, reading the text in windows instead of copying all of it: O(graphemes visited) time and memory for
    /// the largest window, whatever the length of the line.
    ///
    /// `start` must be a grapheme boundary and `end` the end of the line's content (a boundary). A window that
    /// stops before `end` may cut its last cluster (a combining mark may follow), so that cluster is read again
    /// at the start of the next window; the clusters are therefore exactly those of walking the whole range at
    /// once. Stops early when `body` returns false.
    static func forEach(
        in buffer: TextBuffer, from start: Int, to end: Int,
        _ body: (_ offset: Int, _ length: Int, _ glyph: Glyph?) -> Bool
    ) {
        var position = start
        var window = 256
        while position < end {
            let windowEnd = min(end, position + window)
            let isLast = windowEnd == end
            var pending: (offset: Int, length: Int, glyph: Glyph?)?
            var offset = position
            var stopped = false
            forEach(in: buffer.substring(position..<windowEnd)) { length, glyph in
                if let cluster = pending, !body(cluster.offset, cluster.length, cluster.glyph) {
                    stopped = true
                    return false
                }
                pending = (offset, length, glyph)
                offset += length
                return true
            }
            if stopped { return }
            guard let last = pending else { return }
            if isLast {
                _ = body(last.offset, last.length, last.glyph)
                return
            }
            // The last cluster may continue past the window: read it again from its start.
            if last.offset == position { window *= 2 } else { window = min(window * 2, 1 << 16) }
            position = last.offset
        }
    }
}
