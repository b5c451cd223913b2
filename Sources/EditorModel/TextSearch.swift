import EditorCore

/// A search string, prepared for matching with smart case.
///
/// **Smart case:** the search ignores case unless the query contains an uppercase letter. Case is folded scalar
/// by scalar (a scalar whose lowercase is one scalar is replaced by it), so match offsets in the text are exact.
/// Limitation: canonically equivalent spellings (precomposed `é` and `e` + U+0301) do not match each other.
struct SearchQuery: Hashable, Sendable {
    /// The query as typed.
    let text: String
    /// True when the query has an uppercase letter, so case must match.
    let isCaseSensitive: Bool
    /// The query's scalars, folded when the search ignores case.
    let pattern: [UInt32]

    /// A query for `text`, or nil when it is empty.
    init?(_ text: String) {
        guard !text.isEmpty else { return nil }
        self.text = text
        let sensitive = text.unicodeScalars.contains {
            $0.properties.isUppercase || $0.properties.generalCategory == .titlecaseLetter
        }
        isCaseSensitive = sensitive
        pattern = text.unicodeScalars.map { sensitive ? $0.value : Self.folded($0) }
    }

    /// The length of a match in scalars.
    var length: Int { pattern.count }

    /// `scalar` in lowercase when that is a single scalar (ASCII is fast-pathed).
    static func folded(_ scalar: Unicode.Scalar) -> UInt32 {
        let value = scalar.value
        if value < 0x80 { return (0x41...0x5A).contains(value) ? value + 0x20 : value }
        guard scalar.properties.changesWhenLowercased else { return value }
        let lower = scalar.properties.lowercaseMapping.unicodeScalars
        return lower.count == 1 ? lower.first!.value : value
    }
}

/// Finding a query in a `TextBuffer`, chunk by chunk (never the whole text as one string).
///
/// Matches must start and end on grapheme cluster boundaries (searching "e" does not stop inside "é" written as
/// `e` + U+0301). The cost is proportional to the length of the searched range, so callers bound the range when
/// they must stay fast (incremental search as you type).
enum TextSearch {
    /// Scalars read per chunk.
    static let chunkLength = 1 << 16

    /// The first match that starts inside `range` (it may end after it).
    static func firstMatch(of query: SearchQuery, in buffer: TextBuffer, startingIn range: Range<Int>) -> Range<Int>? {
        var found: Range<Int>?
        forEachMatch(of: query, in: buffer, startingIn: range) { match in
            found = match
            return false
        }
        return found
    }

    /// The last match that starts inside `range`.
    static func lastMatch(of query: SearchQuery, in buffer: TextBuffer, startingIn range: Range<Int>) -> Range<Int>? {
        var chunkEnd = range.upperBound
        while chunkEnd > range.lowerBound {
            let chunkStart = max(range.lowerBound, chunkEnd - chunkLength)
            var last: Range<Int>?
            forEachMatch(of: query, in: buffer, startingIn: chunkStart..<chunkEnd) { match in
                last = match
                return true
            }
            if let last { return last }
            chunkEnd = chunkStart
        }
        return nil
    }

    /// Every non-overlapping match that starts inside `range`, in order.
    static func allMatches(of query: SearchQuery, in buffer: TextBuffer, startingIn range: Range<Int>) -> [Range<Int>] {
        var matches: [Range<Int>] = []
        forEachMatch(of: query, in: buffer, startingIn: range) { match in
            if let last = matches.last, last.upperBound > match.lowerBound { return true }
            matches.append(match)
            return true
        }
        return matches
    }

    /// The next match after `offset`, wrapping to the start; the flag tells whether it wrapped.
    static func nextMatch(
        of query: SearchQuery, in buffer: TextBuffer, from offset: Int
    ) -> (Range<Int>, wrapped: Bool)? {
        if let match = firstMatch(of: query, in: buffer, startingIn: offset..<buffer.scalarCount) {
            return (match, false)
        }
        if let match = firstMatch(of: query, in: buffer, startingIn: 0..<min(offset, buffer.scalarCount)) {
            return (match, true)
        }
        return nil
    }

    /// The last match that starts before `offset`, wrapping to the end; the flag tells whether it wrapped.
    static func previousMatch(
        of query: SearchQuery, in buffer: TextBuffer, before offset: Int
    ) -> (Range<Int>, wrapped: Bool)? {
        if let match = lastMatch(of: query, in: buffer, startingIn: 0..<offset) { return (match, false) }
        if let match = lastMatch(of: query, in: buffer, startingIn: offset..<buffer.scalarCount) {
            return (match, true)
        }
        return nil
    }

    /// Calls `body` with each match (overlapping ones included) starting in `range`, in order, until it returns
    /// false.
    private static func forEachMatch(
        of query: SearchQuery, in buffer: TextBuffer, startingIn range: Range<Int>, _ body: (Range<Int>) -> Bool
    ) {
        let range = max(0, range.lowerBound)..<min(range.upperBound, buffer.scalarCount)
        let pattern = query.pattern
        guard !range.isEmpty, let first = pattern.first else { return }
        var chunkStart = range.lowerBound
        while chunkStart < range.upperBound {
            let startsEnd = min(range.upperBound, chunkStart + chunkLength)
            let readEnd = min(buffer.scalarCount, startsEnd + pattern.count - 1)
            let raw = buffer.scalarArray(chunkStart..<readEnd)
            let text = raw.map { query.isCaseSensitive ? $0.value : SearchQuery.folded($0) }
            let lastStart = min(startsEnd - chunkStart, text.count - pattern.count + 1)
            var index = 0
            while index < lastStart {
                if text[index] == first, matches(pattern, in: text, at: index) {
                    let match = chunkStart + index..<chunkStart + index + pattern.count
                    if isBoundary(index, in: raw, at: match.lowerBound, buffer),
                        isBoundary(index + pattern.count, in: raw, at: match.upperBound, buffer), !body(match)
                    {
                        return
                    }
                }
                index += 1
            }
            chunkStart = startsEnd
        }
    }

    /// Whether a grapheme cluster boundary lies before `raw[index]` (buffer offset `offset`). Between two
    /// "simple" scalars (below U+0300, or CJK ideographs) only CR LF joins, so the buffer is asked only around
    /// other scalars (combining marks, emoji, Hangul, …) and at chunk edges.
    private static func isBoundary(
        _ index: Int, in raw: [Unicode.Scalar], at offset: Int, _ buffer: TextBuffer
    ) -> Bool {
        func isSimple(_ scalar: Unicode.Scalar) -> Bool {
            scalar.value < 0x300 || (0x4E00...0x9FFF).contains(scalar.value)
        }
        if index > 0, index < raw.count, isSimple(raw[index - 1]), isSimple(raw[index]) {
            return !(raw[index - 1] == "\r" && raw[index] == "\n")
        }
        return buffer.isGraphemeBoundary(offset)
    }

    private static func matches(_ pattern: [UInt32], in text: [UInt32], at index: Int) -> Bool {
        for offset in 1..<max(1, pattern.count) where text[index + offset] != pattern[offset] {
            return false
        }
        return true
    }
}
