/// Highlights one line of Markdown: headings, fenced code blocks, block quotes, list markers, and inline code,
/// emphasis, strong emphasis, links and math.
struct MarkdownLexer: LineLexer {
    let scalars: [Unicode.Scalar]
    var state: HighlightState
    var spans: [HighlightSpan] = []

    init(scalars: [Unicode.Scalar], state: HighlightState) {
        self.scalars = scalars
        self.state = state
    }

    mutating func run() {
        var start = 0
        while start < scalars.count, start < 4, scalars[start] == " " { start += 1 }
        if case .fence(let marker) = state {
            mark(0..<scalars.count, .code)
            if start < 4, hasPrefix(marker, at: start) { state = .normal }
            return
        }
        guard start < 4 else {
            inline(from: 0)
            return
        }
        for marker in ["```", "~~~"] where hasPrefix(marker, at: start) {
            mark(0..<scalars.count, .code)
            state = .fence(marker: marker)
            return
        }
        var hashes = start
        while hashes < scalars.count, scalars[hashes] == "#" { hashes += 1 }
        if hashes > start, hashes - start <= 6, hashes == scalars.count || scalars[hashes] == " " {
            mark(0..<scalars.count, .heading)
            return
        }
        if start < scalars.count, scalars[start] == ">" {
            mark(start..<start + 1, .quote)
            inline(from: start + 1)
            return
        }
        inline(from: listMarkerEnd(at: start) ?? 0)
    }

    /// The end of a list marker (`- `, `* `, `+ `, `12. `, `3) `) starting at `index`, marked; nil if none.
    private mutating func listMarkerEnd(at index: Int) -> Int? {
        guard index < scalars.count else { return nil }
        var end = index
        if ["-", "*", "+"].contains(scalars[index]) {
            end += 1
        } else {
            while end < scalars.count, end - index < 9, ("0"..."9").contains(scalars[end]) { end += 1 }
            guard end > index, end < scalars.count, scalars[end] == "." || scalars[end] == ")" else { return nil }
            end += 1
        }
        guard end < scalars.count, scalars[end] == " " else { return nil }
        mark(index..<end, .listMarker)
        return end
    }

    /// Inline constructs from `index` to the end of the line.
    private mutating func inline(from index: Int) {
        var index = index
        while index < scalars.count {
            index = inlineToken(at: index)
        }
    }

    /// Marks the inline construct starting at `index`, if any, and returns where scanning continues.
    private mutating func inlineToken(at index: Int) -> Int {
        switch scalars[index] {
        case "\\":
            return index + 2
        case "`":
            var run = index
            while run < scalars.count, scalars[run] == "`" { run += 1 }
            let fence = String(repeating: "`", count: run - index)
            guard let close = find(fence, from: run) else { return run }
            mark(index..<close + fence.count, .code)
            return close + fence.count
        case "$":
            let delimiter = hasPrefix("$$", at: index) ? "$$" : "$"
            let contentStart = index + delimiter.count
            guard let close = find(delimiter, from: contentStart), close > contentStart else { return contentStart }
            mark(index..<close + delimiter.count, .math)
            return close + delimiter.count
        case "*", "_":
            return emphasis(at: index)
        case "[":
            return link(at: index)
        case "<":
            guard hasPrefix("<http", at: index), let close = find(">", from: index) else { return index + 1 }
            mark(index..<close + 1, .url)
            return close + 1
        default:
            return index + 1
        }
    }

    /// `*em*`, `_em_`, `**strong**` or `__strong__` starting at `index` (an `_` inside a word, as in
    /// `snake_case`, is not emphasis).
    private mutating func emphasis(at index: Int) -> Int {
        if scalars[index] == "_", index > 0, Character(scalars[index - 1]).isLetterOrNumber { return index + 1 }
        let symbol = String(scalars[index])
        let delimiter = hasPrefix(symbol + symbol, at: index) ? symbol + symbol : symbol
        let contentStart = index + delimiter.count
        guard contentStart < scalars.count, scalars[contentStart] != " ",
            let close = find(delimiter, from: contentStart), close > contentStart
        else { return contentStart }
        mark(index..<close + delimiter.count, delimiter.count == 2 ? .strong : .emphasis)
        return close + delimiter.count
    }

    /// `[text](url)` starting at `index`.
    private mutating func link(at index: Int) -> Int {
        guard let closeText = find("]", from: index + 1), hasPrefix("(", at: closeText + 1),
            let closeURL = find(")", from: closeText + 2)
        else { return index + 1 }
        mark(index..<closeText + 1, .link)
        mark(closeText + 1..<closeURL + 1, .url)
        return closeURL + 1
    }
}
