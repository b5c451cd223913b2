import Testing

@testable import EditorModel

@Suite("Syntax highlighting")
struct SyntaxTests {
    /// The token kind of each scalar of each line (nil: plain), lines highlighted in order.
    static func kinds(_ text: String, _ language: SyntaxLanguage) -> [[TokenKind?]] {
        var state = HighlightState.normal
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let spans = SyntaxHighlighter.highlight(String(line), language: language, state: &state)
            return (0..<line.unicodeScalars.count).map { offset in
                spans.first { $0.range.contains(offset) }?.kind
            }
        }
    }

    /// The text of the scalars of `line` that have `kind`, joined with "·" between runs.
    static func runs(_ line: String, _ kinds: [TokenKind?], of kind: TokenKind) -> String {
        let scalars = Array(line.unicodeScalars)
        var result = ""
        var previous = false
        for (offset, scalar) in scalars.enumerated() {
            let matches = kinds[offset] == kind
            if matches {
                if !previous, !result.isEmpty { result += "·" }
                result.unicodeScalars.append(scalar)
            }
            previous = matches
        }
        return result
    }

    @Test("the language comes from the file name")
    func detection() {
        #expect(SyntaxLanguage.detect(fileName: "paper.tex") == .latex)
        #expect(SyntaxLanguage.detect(fileName: "dir.d/Style.STY") == .latex)
        #expect(SyntaxLanguage.detect(fileName: "README.md") == .markdown)
        #expect(SyntaxLanguage.detect(fileName: "notes.txt") == nil)
        #expect(SyntaxLanguage.detect(fileName: "a.tex/file") == nil)
        #expect(SyntaxLanguage.detect(fileName: "Makefile") == nil)
    }

    @Test("LaTeX: commands, environments, comments, inline math, escapes")
    func latexLine() {
        let line = #"\section{Été} $x^2$ 50\% \begin{itemize} % note"#
        let kinds = Self.kinds(line, .latex)[0]
        #expect(Self.runs(line, kinds, of: .command) == #"\section·\%·\begin{·}"#)
        #expect(Self.runs(line, kinds, of: .environment) == "itemize")
        #expect(Self.runs(line, kinds, of: .math) == "$x^2$")
        #expect(Self.runs(line, kinds, of: .comment) == "% note")
        #expect(kinds[9] == nil) // "É" is plain text
    }

    @Test("LaTeX: display math and math environments span lines")
    func latexMultiline() {
        let text = "a \\[ x\n% c\ny \\] b\n\\begin{align*}\nz &= 1\n\\end{align*} after $$ q\nq $$ end"
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let kinds = Self.kinds(text, .latex)
        #expect(Self.runs(lines[0], kinds[0], of: .math) == "\\[ x")
        #expect(Self.runs(lines[1], kinds[1], of: .comment) == "% c")
        #expect(Self.runs(lines[2], kinds[2], of: .math) == "y \\]")
        #expect(Self.runs(lines[3], kinds[3], of: .environment) == "align*")
        #expect(Self.runs(lines[4], kinds[4], of: .math) == "z &= 1")
        #expect(Self.runs(lines[5], kinds[5], of: .environment) == "align*")
        #expect(Self.runs(lines[5], kinds[5], of: .math) == "$$ q")
        #expect(Self.runs(lines[6], kinds[6], of: .math) == "q $$")
        #expect(kinds[6].last! == nil)
    }

    @Test("LaTeX: verbatim bodies are not interpreted")
    func latexVerbatim() {
        let text = "\\begin{verbatim}\n% not a comment $x\n\\end{verbatim} % real"
        let lines = text.split(separator: "\n").map(String.init)
        let kinds = Self.kinds(text, .latex)
        #expect(Self.runs(lines[1], kinds[1], of: .code) == "% not a comment $x")
        #expect(Self.runs(lines[2], kinds[2], of: .comment) == "% real")
    }

    @Test("Markdown: headings, emphasis, code, links, lists, quotes")
    func markdownLines() {
        let text = """
            # Überschrift
            Some *émphasis*, **strong** and `code` with [a link](https://x.y).
            - item with $m$
            > quoted _text_
            ####### not a heading
            snake_case_name and 2*3*4
            """
        let lines = text.split(separator: "\n").map(String.init)
        let kinds = Self.kinds(text, .markdown)
        #expect(kinds[0].allSatisfy { $0 == .heading })
        #expect(Self.runs(lines[1], kinds[1], of: .emphasis) == "*émphasis*")
        #expect(Self.runs(lines[1], kinds[1], of: .strong) == "**strong**")
        #expect(Self.runs(lines[1], kinds[1], of: .code) == "`code`")
        #expect(Self.runs(lines[1], kinds[1], of: .link) == "[a link]")
        #expect(Self.runs(lines[1], kinds[1], of: .url) == "(https://x.y)")
        #expect(Self.runs(lines[2], kinds[2], of: .listMarker) == "-")
        #expect(Self.runs(lines[2], kinds[2], of: .math) == "$m$")
        #expect(Self.runs(lines[3], kinds[3], of: .quote) == ">")
        #expect(Self.runs(lines[3], kinds[3], of: .emphasis) == "_text_")
        #expect(kinds[4].allSatisfy { $0 == nil })
        #expect(Self.runs(lines[5], kinds[5], of: .emphasis) == "*3*")
    }

    @Test("Markdown: fenced code blocks span lines and hide inline syntax")
    func markdownFence() {
        let text = "```swift\nlet *x* = 1\n```\n*after*"
        let lines = text.split(separator: "\n").map(String.init)
        let kinds = Self.kinds(text, .markdown)
        #expect(kinds[0].allSatisfy { $0 == .code })
        #expect(kinds[1].allSatisfy { $0 == .code })
        #expect(kinds[2].allSatisfy { $0 == .code })
        #expect(Self.runs(lines[3], kinds[3], of: .emphasis) == "*after*")
    }

    @Test("the renderer colours LaTeX, and the state of a block opened above the view is known")
    func renderedColours() throws {
        var lines = ["\\begin{equation}"] + (1...30).map { "x_{\($0)} +" } + ["\\end{equation} \\emph{done} % c"]
        lines.append("|")
        var editor = makeEditor(lines.joined(separator: "\n"), fileName: "a.tex", rows: 8, columns: 40)
        editor.press(key(.end, .control))
        let frame = editor.render()
        let mathRow = try #require(frame.lines.firstIndex { $0.contains("x_{30}") })
        #expect(frame.cells[mathRow][4].style.foreground == .yellow)
        let endRow = try #require(frame.lines.firstIndex { $0.contains("\\emph") })
        #expect(frame.cells[endRow][4].style.foreground == .cyan) // \end
        #expect(frame.cells[endRow][9].style == SyntaxHighlighter.style(for: .environment)) // equation
        let comment = frame.lines[endRow].unicodeScalars.count - 3
        #expect(frame.cells[endRow][comment].style.foreground == .green)
    }

    @Test("with colour disabled no cell has a colour, but selections stay visible")
    func colourDisabled() {
        var editor = makeEditor(
            "# Title\n\\section{x} $y$ % c\n[ab|]", fileName: "a.md",
            configuration: EditorConfiguration(colorEnabled: false), rows: 8, columns: 40)
        editor.press([ctrl("f")] + typing("a"))
        editor.showMessage("an error", isError: true)
        var frame = editor.render()
        for row in frame.cells {
            for cell in row {
                #expect(cell.style.foreground == nil && cell.style.background == nil)
            }
        }
        editor.press(escape, ctrl("a"))
        frame = editor.render()
        #expect(frame.cells[0][4].style.reverse)
        #expect(frame.cells[0][4].style.foreground == nil)
        var coloured = makeEditor("# Title|", fileName: "a.md", rows: 8, columns: 40)
        coloured.press(escape)
        #expect(coloured.render().cells[0][4].style.foreground == .blue)
    }
}
