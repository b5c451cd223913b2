import EditorCore

/// Other participants' cursors and selections, kept by the shell beside the `Editor` and drawn over its frame.
///
/// Positions are scalar offsets in the editor's buffer. Whenever the buffer changes (a local edit or a remote one),
/// carry them with `map(through:)`, which follows `Selection.mapped(through:)`. Peers are keyed by participant
/// number; `colorIndex` picks from `palette`.
public struct RemoteCursors: Hashable, Sendable {
    /// One participant as drawn.
    public struct Peer: Hashable, Sendable {
        /// The name shown beside the cursor.
        public var name: String
        /// An index into `RemoteCursors.palette` (taken modulo its size).
        public var colorIndex: Int
        /// The selections (the first is the primary one); a cursor is an empty selection.
        public var selections: [Selection]

        public init(name: String, colorIndex: Int, selections: [Selection] = []) {
            self.name = name
            self.colorIndex = colorIndex
            self.selections = selections
        }
    }

    /// The colours of participants, by colour index: distinct from each other and from the default text colours.
    public static let palette: [Color] = [.magenta, .cyan, .green, .yellow, .blue, .red, .white, .black]

    /// The peers by participant number.
    public private(set) var peers: [Int: Peer] = [:]
    /// A short note for the status line, e.g. `3 here` or `offline, retrying`; drawn in its free middle part.
    public var statusNote: String?

    /// No peers.
    public init() {}

    /// Adds or updates a peer's name and colour (keeping its selections).
    public mutating func setPeer(_ id: Int, name: String, colorIndex: Int) {
        peers[id, default: Peer(name: name, colorIndex: colorIndex)].name = name
        peers[id]?.colorIndex = colorIndex
    }

    /// Replaces a peer's selections (a peer not seen yet is added with its number as name).
    public mutating func setSelections(_ selections: [Selection], of id: Int) {
        peers[id, default: Peer(name: "#\(id)", colorIndex: id)].selections = selections
    }

    /// Forgets a peer (it left).
    public mutating func removePeer(_ id: Int) {
        peers[id] = nil
    }

    /// Carries every selection through `change` (exact against the buffer they refer to).
    public mutating func map(through change: ChangeSet) {
        peers = peers.mapValues { peer in
            var peer = peer
            peer.selections = peer.selections.map { $0.mapped(through: change) }
            return peer
        }
    }

    /// The colour of `peer`.
    public static func color(of peer: Peer) -> Color {
        palette[((peer.colorIndex % palette.count) + palette.count) % palette.count]
    }
}

extension Editor {
    /// Moves the cursor to `offset` (clamped, on a grapheme boundary) and scrolls it into view: "jump to a peer's
    /// cursor". Not an edit; the undo history is untouched.
    public mutating func moveCursor(to offset: Int) {
        guard case .editing = mode else { return }
        selection = snapped(Selection(cursor: min(max(offset, 0), document.buffer.scalarCount)))
        goalColumn = nil
        revealCursor()
    }

    /// Scrolls the view so that `offset` is visible, without moving the cursor (follow mode).
    public mutating func reveal(_ offset: Int) {
        indexLongLines()
        viewport.reveal(min(max(offset, 0), document.buffer.scalarCount), layout: layout, geometry: geometry)
    }

    /// `render()` with the remote participants drawn over the text: selections on a background of the peer's
    /// colour, each cursor as a cell in that colour, and the peer's name beside its primary cursor (after it on
    /// the same row when the rest of the row is empty, else after the end of the row's text when it fits there,
    /// else on the row above, or below on the top row; shifted left to stay on screen; a wide character it would
    /// cut in half is blanked).
    ///
    /// Peers are drawn in participant order, so the higher number wins where they overlap. Without colour
    /// (`colorEnabled` off) cursors and selections are underlined and names are shown in reverse video.
    public func render(remote: RemoteCursors) -> Frame {
        var (frame, rows) = renderWithRows()
        if let note = remote.statusNote { drawStatusNote(note, into: &frame) }
        guard case .editing = mode, !remote.peers.isEmpty, !rows.isEmpty else { return frame }
        for id in remote.peers.keys.sorted() {
            let peer = remote.peers[id]!
            let color = RemoteCursors.color(of: peer)
            for selection in peer.selections where !selection.isEmpty {
                tint(selection.range, color: color, rows: rows, frame: &frame)
            }
            for (index, selection) in peer.selections.enumerated() {
                guard let cell = screenPosition(of: selection.head, rows: rows) else { continue }
                paintCursor(at: cell, color: color, frame: &frame)
                if index == 0 { label(peer.name, at: cell, color: color, frame: &frame) }
            }
        }
        return frame
    }

    /// The screen cell where a cursor at `offset` is drawn, or nil when it is off screen, found in the layouts
    /// the text area was drawn with (`rows`): no line is measured again.
    private func screenPosition(of offset: Int, rows: [DrawnRow]) -> ScreenPosition? {
        let clamped = min(max(offset, 0), document.buffer.scalarCount)
        let line = document.buffer.lineIndex(containing: clamped)
        guard let drawn = rows.first(where: { $0.row.line == line }) else { return nil }
        let lineLayout = drawn.lineLayout
        let local = clamped - drawn.lineStart
        // Left of the columns kept, or right of where the layout stopped: off screen (see `LineLayout.init`).
        guard local >= lineLayout.firstKeptOffset, !lineLayout.isTruncated || local < lineLayout.length else {
            return nil
        }
        let position = lineLayout.position(of: local)
        guard let visible = rows.first(where: { $0.row == VisualRow(line: line, row: position.row) }) else {
            return nil
        }
        let leftColumn = configuration.softWrap ? 0 : viewport.leftColumn
        let column = geometry.gutterWidth + position.column - leftColumn
        guard column >= geometry.gutterWidth, column < geometry.columns else { return nil }
        return ScreenPosition(row: visible.screenRow, column: column)
    }

    /// Gives the cells of `range` (on the visible rows) a background of `color`.
    private func tint(
        _ range: Range<Int>, color: Color, rows: [DrawnRow], frame: inout Frame
    ) {
        for visible in rows where visible.range.lowerBound < range.upperBound && range.lowerBound <= visible.range.upperBound {
            let from = screenPosition(of: max(range.lowerBound, visible.range.lowerBound), rows: [visible])
            let to = screenPosition(of: min(range.upperBound, visible.range.upperBound), rows: [visible])
            let first = from?.column ?? geometry.gutterWidth
            let last = (to?.column ?? geometry.columns) - (range.upperBound <= visible.range.upperBound ? 1 : 0)
            guard first <= last else { continue }
            for column in first...min(last, geometry.columns - 1) {
                restyle(row: visible.screenRow, column: column, frame: &frame) { style in
                    if configuration.colorEnabled { style.background = color } else { style.underline = true }
                }
            }
        }
    }

    /// Draws a remote cursor: the cell (both halves of a wide glyph) in the peer's colour.
    private func paintCursor(at cell: ScreenPosition, color: Color, frame: inout Frame) {
        let wide = cell.column + 1 < frame.columns && frame.cells[cell.row][cell.column + 1].text.isEmpty
        for column in [cell.column] + (wide ? [cell.column + 1] : []) {
            restyle(row: cell.row, column: column, frame: &frame) { style in
                if configuration.colorEnabled {
                    style.background = color
                    style.foreground = color == .black || color == .blue ? .white : .black
                    style.reverse = false
                } else {
                    style.underline = true
                    style.reverse = true
                }
            }
        }
    }

    /// Writes `name` beside the cursor at `cell` (see `render(remote:)` for where).
    private func label(_ name: String, at cell: ScreenPosition, color: Color, frame: inout Frame) {
        let text = " " + name + " "
        let width = DisplayWidth.width(of: text)
        let textRows = geometry.textRows
        guard width < geometry.columns - geometry.gutterWidth else { return }
        var row = cell.row
        var column = cell.column + 1
        let restOfRowIsEmpty = (column..<geometry.columns).allSatisfy { frame.cells[row][$0].text == " " }
        // Where the row's text ends: a label one blank after it hides nothing.
        let textEnd = ((0..<geometry.columns).last { frame.cells[row][$0].text != " " } ?? -1) + 1
        if !(restOfRowIsEmpty && column + width <= geometry.columns) {
            if textEnd + 1 + width <= geometry.columns {
                column = textEnd + 1
            } else {
                row = cell.row > 0 ? cell.row - 1 : (textRows > 1 ? cell.row + 1 : cell.row)
                column = min(cell.column, geometry.columns - width)
            }
        }
        column = max(geometry.gutterWidth, column)
        // Do not leave half of a wide glyph on either side of the label.
        if column > 0, frame.cells[row][column].text.isEmpty { frame.cells[row][column - 1] = .blank }
        let end = column + width
        if end < geometry.columns, frame.cells[row][end].text.isEmpty { frame.cells[row][end] = .blank }
        let style = configuration.colorEnabled
            ? Style(foreground: color == .black || color == .blue ? .white : .black, background: color, bold: true)
            : Style(bold: true, reverse: true)
        frame.draw(text, row: row, column: column, limit: geometry.columns, style: style)
    }

    /// Writes `note` into the widest run of blank cells of the status line (leaving a blank on each side), or not at
    /// all when it does not fit there.
    private func drawStatusNote(_ note: String, into frame: inout Frame) {
        guard let row = geometry.statusRow else { return }
        let width = DisplayWidth.width(of: note)
        var best = 0..<0
        var start: Int?
        for column in 0...frame.columns {
            let blank = column < frame.columns && frame.cells[row][column].text == " "
            if blank, start == nil { start = column }
            if !blank, let first = start {
                if column - first > best.count { best = first..<column }
                start = nil
            }
        }
        guard best.count >= width + 2 else { return }
        let column = best.lowerBound + (best.count - width) / 2
        frame.draw(note, row: row, column: column, limit: best.upperBound - 1, style: Style(bold: true, reverse: true))
    }

    /// Changes the style of one cell in place.
    private func restyle(row: Int, column: Int, frame: inout Frame, _ change: (inout Style) -> Void) {
        guard row >= 0, row < frame.rows, column >= 0, column < frame.columns else { return }
        change(&frame.cells[row][column].style)
    }
}
