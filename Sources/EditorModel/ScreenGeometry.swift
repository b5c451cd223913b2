/// Where each part of the screen is for a terminal of `rows` × `columns`.
///
/// From the top: the text area, the status line, the message line (messages and prompts) and the help bar.
/// Small terminals drop parts from the bottom up: the help bar needs at least 5 rows, the message line 3, the
/// status line 2. The line-number gutter is hidden when fewer than 8 text columns would remain. The history view
/// adds a mark column (`markWidth` 2: the mark and a blank) to the gutter, hidden under the same rule.
struct ScreenGeometry: Hashable, Sendable {
    let rows: Int
    let columns: Int
    /// Rows of text shown (0 on a tiny terminal).
    let textRows: Int
    /// Columns taken by line numbers and the space after them, plus the mark column (0 when hidden).
    let gutterWidth: Int
    /// Columns at the end of the gutter for change marks (0, or `markWidth` as asked when the gutter shows).
    let markWidth: Int
    /// Columns of text shown beside the gutter.
    let textColumns: Int
    let statusRow: Int?
    let messageRow: Int?
    let helpRow: Int?

    init(rows: Int, columns: Int, lineCount: Int, showsLineNumbers: Bool, markWidth: Int = 0) {
        self.rows = max(0, rows)
        self.columns = max(0, columns)
        var next = self.rows
        func take(_ needed: Int) -> Int? {
            guard rows >= needed else { return nil }
            next -= 1
            return next
        }
        helpRow = take(5)
        messageRow = take(3)
        statusRow = take(2)
        textRows = next
        let digits = max(3, String(max(1, lineCount)).count)
        let numbers = showsLineNumbers ? digits + 1 : 0
        let gutter = numbers + markWidth > 0 && self.columns - (numbers + markWidth) >= 8 ? numbers + markWidth : 0
        gutterWidth = gutter
        self.markWidth = gutter > 0 ? markWidth : 0
        textColumns = max(0, self.columns - gutter)
    }
}
