/// How one grapheme cluster is drawn on a terminal: its cells and its width in columns.
///
/// Computed purely from Unicode properties (no `wcwidth`, no locale), so rendering is deterministic in tests.
/// Tabs are not glyphs: their width depends on the column and `LineLayout` expands them.
enum Glyph: Hashable, Sendable {
    /// A grapheme drawn in one column.
    case narrow(String)
    /// A grapheme drawn in two columns (its cell plus a `Cell.continuation`).
    case wide(String)
    /// An invisible or control character shown visibly as ASCII text, one cell per character (`^M`, `<200B>`).
    case substitute(String)

    /// The width in terminal columns.
    var width: Int {
        switch self {
        case .narrow: 1
        case .wide: 2
        case .substitute(let text): text.utf8.count
        }
    }
}

/// Terminal column widths of text, by rules stated once here.
///
/// - East Asian Wide and Fullwidth characters (CJK, Hangul syllables, fullwidth forms): 2 columns.
/// - Emoji: 2 columns when the first scalar has Emoji_Presentation (😀, flags, 👍🏽) or an emoji is followed by
///   the emoji variation selector U+FE0F (❤️, keycaps).
/// - Combining marks, ZWJ sequences, variation selectors and skin-tone modifiers belong to their base's grapheme
///   cluster and add nothing: a cluster is as wide as its first scalar says.
/// - A cluster that starts with a combining mark (nothing to join) is drawn after a space: 1 column.
/// - C0 controls and DEL use caret notation (`^@`…`^_`, `^?`), 2 columns; C1 controls and invisible format or
///   separator characters (ZWSP, BOM, bidi controls, U+2028) are shown as `<XXXX>` in hex.
/// - Tabs expand to the next multiple of the tab width (see `LineLayout`; the default tab width is 4, set by
///   `EditorConfiguration.tabWidth`).
/// - Everything else: 1 column.
enum DisplayWidth {
    /// How `character` is drawn.
    static func glyph(for character: Character) -> Glyph {
        if character.utf8.count == 1, let byte = character.utf8.first, byte >= 0x20, byte < 0x7F {
            return .narrow(String(character))  // printable ASCII: the common case, without property lookups
        }
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return .narrow(" ") }
        let value = first.value
        if value < 0x20 || value == 0x7F {
            return .substitute(value == 0x7F ? "^?" : "^" + String(Character(Unicode.Scalar(UInt8(value + 0x40)))))
        }
        if (0x80...0x9F).contains(value) { return .substitute(hexName(first)) }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark:
            return .narrow(" " + String(character))
        case .format, .lineSeparator, .paragraphSeparator:
            return .substitute(hexName(first))
        default:
            break
        }
        return isWide(character, first: first) ? .wide(String(character)) : .narrow(String(character))
    }

    /// The total width of `text` drawn from column 0 with tab width `tabWidth`.
    static func width(of text: String, tabWidth: Int = 4) -> Int {
        var column = 0
        for character in text {
            column += character == "\t" ? tabWidth - column % tabWidth : glyph(for: character).width
        }
        return column
    }

    /// The width of `scalar` on its own: 2 for East Asian Wide/Fullwidth and emoji presentation, else 1.
    static func isWideScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isEmojiPresentation || isEastAsianWide(scalar.value)
    }

    private static func isWide(_ character: Character, first: Unicode.Scalar) -> Bool {
        if isWideScalar(first) { return true }
        // A text-presentation emoji followed by VS16 is drawn as an emoji.
        return first.properties.isEmoji && character.unicodeScalars.contains("\u{FE0F}")
    }

    private static func hexName(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "<" + String(repeating: "0", count: max(0, 2 - hex.count)) + hex + ">"
    }

    /// East Asian Width W or F (Unicode 15), as ranges of scalar values; emoji are handled by their property.
    private static let eastAsianWideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
        0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
        0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x16FF0...0x16FF1, 0x17000...0x18CFF,
        0x1AFF0...0x1B2FF, 0x1F200...0x1F202, 0x1F210...0x1F23B, 0x1F240...0x1F248, 0x1F250...0x1F251,
        0x1F260...0x1F265, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    private static func isEastAsianWide(_ value: UInt32) -> Bool {
        guard value >= 0x1100 else { return false }
        var low = 0
        var high = eastAsianWideRanges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let range = eastAsianWideRanges[middle]
            if value < range.lowerBound {
                high = middle - 1
            } else if value > range.upperBound {
                low = middle + 1
            } else {
                return true
            }
        }
        return false
    }
}
