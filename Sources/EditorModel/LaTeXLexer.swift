/// Highlights one line of LaTeX: commands, `\begin{…}`/`\end{…}` environments, math (`$…$`, `$$…$$`, `\(…\)`,
/// `\[…\]` and math environments such as `equation` or `align*`), comments, and verbatim environments left as is.
struct LaTeXLexer: LineLexer {
    let scalars: [Unicode.Scalar]
    var state: HighlightState
    var spans: [HighlightSpan] = []
    private var index = 0

    /// Environments whose body is math.
    static let mathEnvironments: Set<String> = [
        "equation", "equation*", "align", "align*", "gather", "gather*", "multline", "multline*", "flalign",
        "flalign*", "alignat", "alignat*", "eqnarray", "eqnarray*", "math", "displaymath",
    ]
    /// Environments whose body is not LaTeX.
    static let verbatimEnvironments: Set<String> = ["verbatim", "verbatim*", "lstlisting", "minted", "comment"]

    init(scalars: [Unicode.Scalar], state: HighlightState) {
        self.scalars = scalars
        self.state = state
    }

    mutating func run() {
        while index < scalars.count {
            switch state {
            case .verbatim(let closer):
                guard let end = find(closer, from: index) else {
                    mark(index..<scalars.count, .code)
                    index = scalars.count
                    return
                }
                mark(index..<end, .code)
                index = end
                state = .normal
            case .math(let closer):
                scanMath(closer: closer)
            case .normal, .fence:
                scanNormal()
            }
        }
    }

    /// One token outside math.
    private mutating func scanNormal() {
        let start = index
        switch scalars[index] {
        case "%":
            mark(index..<scalars.count, .comment)
            index = scalars.count
        case "\\":
            scanCommand(inMath: false)
        case "$":
            let closer = hasPrefix("$$", at: index) ? "$$" : "$"
            index += closer.unicodeScalars.count
            mark(start..<index, .math)
            state = .math(closer: closer)
        default:
            index += 1
        }
    }

    /// One token inside math: the closer ends it, comments still count, everything else is math.
    private mutating func scanMath(closer: String) {
        let start = index
        if hasPrefix(closer, at: index) {
            if closer.hasPrefix("\\end{") {
                scanCommand(inMath: true)
            } else {
                index += closer.unicodeScalars.count
                mark(start..<index, .math)
            }
            state = .normal
            return
        }
        switch scalars[index] {
        case "%":
            mark(index..<scalars.count, .comment)
            index = scalars.count
        case "\\":
            index = min(scalars.count, index + 2)
            mark(start..<index, .math)
        default:
            index += 1
            mark(start..<index, .math)
        }
    }

    /// `\name`, `\begin{env}`/`\end{env}`, `\(`, `\[`, or an escaped character.
    private mutating func scanCommand(inMath: Bool) {
        let start = index
        index += 1
        guard index < scalars.count else {
            mark(start..<index, .command)
            return
        }
        if !scalars[index].properties.isAlphabetic {
            let escaped = scalars[index]
            index += 1
            if !inMath, escaped == "(" || escaped == "[" {
                mark(start..<index, .math)
                state = .math(closer: escaped == "(" ? "\\)" : "\\]")
            } else {
                mark(start..<index, .command)
            }
            return
        }
        while index < scalars.count, scalars[index].properties.isAlphabetic { index += 1 }
        let name = String(String.UnicodeScalarView(scalars[start + 1..<index]))
        mark(start..<index, .command)
        guard name == "begin" || name == "end", index < scalars.count, scalars[index] == "{",
            let close = scalars[index...].firstIndex(of: "}")
        else { return }
        let environment = String(String.UnicodeScalarView(scalars[index + 1..<close]))
        mark(index..<index + 1, .command)
        mark(index + 1..<close, .environment)
        mark(close..<close + 1, .command)
        index = close + 1
        guard name == "begin", !inMath else { return }
        if Self.mathEnvironments.contains(environment) {
            state = .math(closer: "\\end{\(environment)}")
        } else if Self.verbatimEnvironments.contains(environment) {
            state = .verbatim(closer: "\\end{\(environment)}")
        }
    }
}
