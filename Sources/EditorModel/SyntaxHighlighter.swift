/// The languages coloured by the editor.
public enum SyntaxLanguage: String, Hashable, Sendable, CaseIterable {
    case latex
    case markdown

    /// The language for a file name by its extension (`.tex .sty .cls .ltx .latex`, `.md .markdown .mkd`), or nil.
    public static func detect(fileName: String) -> SyntaxLanguage? {
        guard let dot = fileName.lastIndex(of: "."), !fileName[dot...].contains("/") else { return nil }
        switch fileName[fileName.index(after: dot)...].lowercased() {
        case "tex", "sty", "cls", "ltx", "latex", "dtx": return .latex
        case "md", "markdown", "mkd", "mdown", "mdwn": return .markdown
        default: return nil
        }
    }

    /// The name shown in the status line.
    var displayName: String {
        switch self {
        case .latex: "LaTeX"
        case .markdown: "Markdown"
        }
    }
}

/// What a piece of highlighted text is.
enum TokenKind: Hashable, Sendable {
    /// LaTeX: `\command`, `\\`, `\%`.
    case command
    /// LaTeX: the name in `\begin{name}` / `\end{name}`.
    case environment
    /// LaTeX and Markdown: `$…$`, `$$…$$`, `\[…\]`, `\(…\)`, math environments.
    case math
    /// LaTeX: `%` to the end of the line.
    case comment
    /// Markdown: `# Heading` lines.
    case heading
    /// Markdown: `*emphasis*`, `_emphasis_`.
    case emphasis
    /// Markdown: `**strong**`, `__strong__`.
    case strong
    /// Markdown: `` `code` `` and fenced code blocks; LaTeX verbatim environments.
    case code
    /// Markdown: the text of `[text](url)`.
    case link
    /// Markdown: the `(url)` of a link, `<https://…>`.
    case url
    /// Markdown: the `>` of a block quote.
    case quote
    /// Markdown: `-`, `*`, `+`, `1.` starting a list item.
    case listMarker
}

/// A highlighted run of a line, in scalar offsets from the start of the line.
struct HighlightSpan: Hashable, Sendable {
    var range: Range<Int>
    var kind: TokenKind
}

/// What a highlighter carries from one line to the next (multi-line constructs).
enum HighlightState: Hashable, Sendable {
    case normal
    /// Inside math that ends with `closer` (`$`, `$$`, `\]`, `\)` or `\end{name}`).
    case math(closer: String)
    /// Inside a LaTeX verbatim environment that ends with `\end{name}`.
    case verbatim(closer: String)
    /// Inside a Markdown fenced code block opened by `marker` (```` ``` ```` or `~~~`).
    case fence(marker: String)
}

/// Colours lines of LaTeX or Markdown, one line at a time.
///
/// Highlighting is per line with a carried `HighlightState`, so the renderer only looks at visible lines plus at
/// most `lookbackLines` lines above the view to learn the state at the top. Limitation: a multi-line construct
/// (display math, a code fence) opened further above than that is not seen.
enum SyntaxHighlighter {
    /// Lines above the first visible line that are scanned to learn the state at the top of the view.
    static let lookbackLines = 200
    /// Lines longer than this (in scalars) are drawn without colours and leave the carried state unchanged, so
    /// that a very long line (minified text) costs the screen, not its length, on every frame.
    static let maximumLineLength = 20_000

    /// The spans of `line` (without its line break), updating `state` for the next line.
    static func highlight(_ line: String, language: SyntaxLanguage, state: inout HighlightState) -> [HighlightSpan] {
        let scalars = Array(line.unicodeScalars)
        switch language {
        case .latex:
            var lexer = LaTeXLexer(scalars: scalars, state: state)
            lexer.run()
            state = lexer.state
            return lexer.spans
        case .markdown:
            var lexer = MarkdownLexer(scalars: scalars, state: state)
            lexer.run()
            state = lexer.state
            return lexer.spans
        }
    }

    /// The style of `kind` (used only when colour is enabled).
    static func style(for kind: TokenKind) -> Style {
        switch kind {
        case .command: Style(foreground: .cyan)
        case .environment: Style(foreground: .magenta, bold: true)
        case .math: Style(foreground: .yellow)
        case .comment: Style(foreground: .green)
        case .heading: Style(foreground: .blue, bold: true)
        case .emphasis: Style(underline: true)
        case .strong: Style(bold: true)
        case .code: Style(foreground: .green)
        case .link: Style(foreground: .cyan, underline: true)
        case .url: Style(foreground: .blue)
        case .quote: Style(foreground: .green)
        case .listMarker: Style(foreground: .yellow, bold: true)
        }
    }
}

/// Scanning helpers shared by the LaTeX and Markdown lexers.
protocol LineLexer {
    var scalars: [Unicode.Scalar] { get }
    var spans: [HighlightSpan] { get set }
}

extension LineLexer {
    /// True when the text at `index` starts with `literal`.
    func hasPrefix(_ literal: String, at index: Int) -> Bool {
        var position = index
        for scalar in literal.unicodeScalars {
            guard position < scalars.count, scalars[position] == scalar else { return false }
            position += 1
        }
        return true
    }

    /// The first index at or after `index` where `literal` starts, skipping backslash escapes.
    func find(_ literal: String, from index: Int) -> Int? {
        var position = index
        while position < scalars.count {
            if hasPrefix(literal, at: position) { return position }
            position += scalars[position] == "\\" && !literal.hasPrefix("\\") ? 2 : 1
        }
        return nil
    }

    /// Adds a span (empty ranges are dropped; adjacent spans of the same kind merge).
    mutating func mark(_ range: Range<Int>, _ kind: TokenKind) {
        guard !range.isEmpty else { return }
        if let last = spans.last, last.kind == kind, last.range.upperBound == range.lowerBound {
            spans[spans.count - 1].range = last.range.lowerBound..<range.upperBound
        } else {
            spans.append(HighlightSpan(range: range, kind: kind))
        }
    }
}
