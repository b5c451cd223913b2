/// How one cell of a `Frame` (one grapheme cluster, drawn `columns` wide by the layout) is handed to curses.
///
/// A curses cell holds one spacing character followed only by zero-width ones (`setcchar`), while a grapheme
/// cluster may hold several spacing characters: a flag is two regional indicators, a skin-toned emoji is the emoji
/// and a modifier, a family is emoji joined by U+200D (ZWJ). So the cluster is split (pure; widths as curses sees
/// them, `wcwidth`, are passed in):
/// - each spacing scalar starts a curses cell, with the zero-width scalars after it (combining marks, variation
///   selectors), while the columns used stay within `columns`: a flag becomes two 1-column cells (a terminal that
///   knows flags joins them into one 2-column flag); an emoji's skin-tone modifier, which would need 2 more columns,
///   is left out;
/// - a ZWJ ends the cluster's drawing: the sequence is shown by its first emoji, and the joiner is never sent on its
///   own (a terminal would join it to whatever is drawn next);
/// - a cluster starting with a zero-width scalar (a combining mark with nothing to combine with) gets a space as base;
///   one whose first scalar curses cannot draw (a control character) is drawn as `?`;
/// - the columns the cells leave unused are `padding` (drawn as spaces so nothing stale shows through), except after
///   an emoji variation selector (U+FE0F): terminals draw such an emoji 2 columns wide though `wcwidth` says 1, and a
///   space sent after it would land one column too far.
///
/// Laws: the cells' widths plus `padding` never exceed `columns` (when the first scalar fits); the first cell is
/// never empty; no cell starts with a zero-width scalar.
public struct CursesCells: Sendable {
    /// The cells left to right: each a spacing scalar and the zero-width scalars after it, with its column offset
    /// from the frame cell's column.
    public var cells: [(column: Int, scalars: [Unicode.Scalar])]
    /// Columns after the last cell to fill with spaces.
    public var padding: Int

    /// Splits `cluster`, drawn `columns` wide by the layout, with `width` giving curses' width of a scalar (-1 for
    /// one it cannot draw).
    public init(cluster: String, columns: Int, width: (Unicode.Scalar) -> Int) {
        cells = []
        var used = 0
        var keepsWideVariation = false
        for scalar in cluster.unicodeScalars {
            if scalar == "\u{200D}" { break }
            let scalarWidth = width(scalar)
            if cells.isEmpty {
                if scalarWidth < 0 {
                    cells.append((0, ["?"]))
                    used = 1
                    break
                }
                if scalarWidth == 0 {
                    cells.append((0, [" ", scalar]))
                    used = 1
                    continue
                }
            }
            if scalarWidth == 0 {
                cells[cells.count - 1].scalars.append(scalar)
                if scalar == "\u{FE0F}" { keepsWideVariation = true }
                continue
            }
            // The first spacing scalar is drawn whatever its width; a later one only where it fits.
            let limit = cells.isEmpty ? max(columns, scalarWidth) : columns
            guard scalarWidth > 0, used + scalarWidth <= limit else { break }
            cells.append((used, [scalar]))
            used += scalarWidth
        }
        if cells.isEmpty { cells.append((0, [" "])); used = 1 }
        padding = keepsWideVariation ? 0 : max(0, columns - used)
    }
}
