/// The help screen (Ctrl-G or F1): the full list of keys, from the one help text defined here.
enum HelpScreen {
    /// The help text. The shell ships the same text as Resources/help.txt (`Editor.helpText`).
    static let text = """
        coedit: keys
        (^X means Ctrl-X, M-X means Alt-X; Shift with any movement key selects)

        Moving
          Arrows               by character (grapheme) and by screen row
          Ctrl-Left/Right      by word (Alt-Left/Right too)
          Home / End           first non-blank character, then column 0 / line end
          PgUp / PgDn          one screen up / down
          Ctrl-Home/End        start / end of the document
          ^L                   go to line: 12, or 12:5 for line 12, column 5
          Mouse                click places the cursor, drag selects,
                               the wheel scrolls 3 lines

        Editing
          Enter                new line, keeping the indentation
          Tab / Shift-Tab      insert a tab, or indent / outdent selected lines
          Backspace / Delete   delete a character
          Ctrl-Backspace       delete a word (Ctrl-Delete: the next word)
          ^A                   select all
          ^C / ^X / ^V         copy / cut / paste (no selection: the whole line)
          ^Z / ^Y              undo / redo (Ctrl-Shift-Z redoes too)
          Esc                  drop the selection
          Insert               overwrite mode on / off (OVR in the status line)

        Finding
          ^F                   find as you type (case matters only if the text
                               has a capital letter); Enter, Down or ^N: next;
                               Up or ^P: previous (both wrap around);
                               Esc: back to where you were;
                               ^F or any other key: stay at the match
          ^N / ^P, F3/Shift-F3 next / previous match of the last search
          ^R                   replace: the text, Enter, the replacement, Enter;
                               then at each match y replaces, n skips,
                               a replaces all the rest (one undo step), Esc stops

        File
          ^S                   save
          ^Q                   quit (with unsaved changes it asks: y saves,
                               n quits without saving, Esc cancels)

        History
          F7                   the history view: Left/Right step back / forward
                               through the revisions (Shift: 10, Ctrl: 100;
                               Home/End: first / last), the lines each one
                               changed marked +; Up/Down scroll, n/p jump to
                               the next / previous change; Enter restores the
                               version shown as a new revision (^Z undoes it);
                               Esc, F7 or q closes

        View
          M-N                  line numbers on / off
          M-W                  soft wrap on / off
          ^G or F1             this help (arrows and PgUp/PgDn scroll it,
                               any other key closes it)

        Session (when shared)
          F2                   who is here (names, lines) and the join command
          F4                   jump to the next person's cursor
          Shift-F4             follow the next person's view until any key

        Tabs are 4 columns wide by default. Control characters show as ^X or
        <XXXX>.
        """

    /// The help text's lines.
    static let lines: [String] = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)

    /// Draws the help text from `firstLine` into the top `rows` rows of `frame`.
    static func draw(into frame: inout Frame, rows: Int, firstLine: Int) {
        for row in 0..<max(0, rows) where firstLine + row < lines.count {
            frame.draw(lines[firstLine + row], row: row, column: 0, style: Style())
        }
    }
}

/// Opening, scrolling and closing the help screen.
extension Editor {
    /// Ctrl-G or F1.
    mutating func showHelp() {
        mode = .help(firstLine: 0)
    }

    /// Arrows, PgUp/PgDn, Home/End scroll the help; any other key closes it.
    mutating func handleHelpKey(_ key: KeyPress, firstLine: Int) {
        let page = max(1, geometry.textRows - 1)
        let last = max(0, HelpScreen.lines.count - geometry.textRows)
        let line: Int
        switch key.key {
        case .up: line = firstLine - 1
        case .down: line = firstLine + 1
        case .pageUp: line = firstLine - page
        case .pageDown: line = firstLine + page
        case .home: line = 0
        case .end: line = last
        default:
            mode = .editing
            return
        }
        mode = .help(firstLine: min(max(0, line), last))
    }

    /// Alt-N.
    mutating func toggleLineNumbers() {
        configuration.showsLineNumbers.toggle()
        viewport.snap(layout: layout)
        revealCursor()
        inform("Line numbers \(configuration.showsLineNumbers ? "on" : "off")")
    }

    /// Insert.
    mutating func toggleOverwrite() {
        isOverwriting.toggle()
        inform(isOverwriting ? "Overwrite mode: typing replaces characters (Insert to leave)" : "Insert mode")
    }

    /// Alt-W.
    mutating func toggleSoftWrap() {
        configuration.softWrap.toggle()
        viewport.leftColumn = 0
        viewport.snap(layout: layout)
        revealCursor()
        inform("Soft wrap \(configuration.softWrap ? "on" : "off")")
    }
}
