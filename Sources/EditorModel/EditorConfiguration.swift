/// User-visible settings of an editor, chosen by the shell (command line, environment) at start.
public struct EditorConfiguration: Hashable, Sendable {
    /// Columns between tab stops (default 4, the width micro and most LaTeX/Markdown styles use). At least 1:
    /// smaller values are raised to 1.
    public var tabWidth: Int {
        didSet { tabWidth = max(1, tabWidth) }
    }
    /// When true, Tab inserts spaces up to the next tab stop and indenting inserts `tabWidth` spaces.
    public var insertsSpacesForTab: Bool
    /// When false, no colour is used anywhere (syntax colours, line numbers, messages); reverse video and bold
    /// still mark the status line, selections and search matches. The shell sets it from `NO_COLOR` and the
    /// terminal's capabilities.
    public var colorEnabled: Bool
    /// Shows line numbers in a gutter (toggled with Alt-N).
    public var showsLineNumbers: Bool
    /// Wraps long lines at the window width instead of scrolling horizontally (toggled with Alt-W).
    public var softWrap: Bool
    /// The language to colour; nil picks it from the file name (`.tex` … LaTeX, `.md` … Markdown).
    public var syntax: SyntaxLanguage?

    public init(
        tabWidth: Int = 4, insertsSpacesForTab: Bool = false, colorEnabled: Bool = true,
        showsLineNumbers: Bool = true, softWrap: Bool = false, syntax: SyntaxLanguage? = nil
    ) {
        self.tabWidth = max(1, tabWidth)
        self.insertsSpacesForTab = insertsSpacesForTab
        self.colorEnabled = colorEnabled
        self.showsLineNumbers = showsLineNumbers
        self.softWrap = softWrap
        self.syntax = syntax
    }
}
