import EditorModel

/// What colours a terminal can show, decided once at start-up.
public enum ColorSupport: Hashable, Sendable {
    /// No colours: `NO_COLOR` is set, or the terminal is monochrome. Attributes (bold, underline, reverse) remain.
    case monochrome
    /// The eight basic colours, with `pairs` colour pairs usable (pair 0 excluded).
    case basic(pairs: Int)

    /// Decides the support from what curses reports and the environment: a non-empty `NO_COLOR` disables colour
    /// (https://no-color.org); fewer than 8 colours or no colour pairs means monochrome.
    public static func detect(hasColors: Bool, colors: Int, colorPairs: Int, environment: [String: String])
        -> ColorSupport
    {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .monochrome }
        guard hasColors, colors >= 8, colorPairs > 1 else { return .monochrome }
        return .basic(pairs: colorPairs - 1)
    }
}

/// How one cell is drawn by curses: a colour pair and attribute flags.
public struct CellAppearance: Hashable, Sendable {
    /// The curses colour pair (0 is the terminal's default colours).
    public var pair: Int16
    public var bold: Bool
    public var underline: Bool
    public var reverse: Bool
}

/// A colour pair the screen must define (with `init_pair`) before using it. nil colours mean the terminal default.
public struct ColorPairDefinition: Hashable, Sendable {
    public var pair: Int16
    public var foreground: Color?
    public var background: Color?
}

/// Maps semantic `Style`s to curses colour pairs and attributes, allocating pairs on first use.
///
/// Degradation, so that the cursor, selections and remote cursors stay visible everywhere:
/// - monochrome (or `NO_COLOR`): colours are dropped; a style with a background colour and no `reverse` is drawn
///   reversed instead (a highlighted background is what reverse video stands for); bold and underline stay.
/// - when the terminal runs out of pairs, a style first loses its foreground (keeping the highlight), then falls
///   back to the monochrome rule.
public struct ColorPalette: Sendable {
    public let support: ColorSupport
    /// Pairs allocated so far, by (foreground, background).
    private var pairs: [ColorKey: Int16] = [:]

    private struct ColorKey: Hashable {
        var foreground: Color?
        var background: Color?
    }

    public init(support: ColorSupport) {
        self.support = support
    }

    /// The appearance of `style`, and a pair definition when this call allocated a new pair.
    public mutating func appearance(for style: Style) -> (CellAppearance, ColorPairDefinition?) {
        var appearance = CellAppearance(pair: 0, bold: style.bold, underline: style.underline, reverse: style.reverse)
        let wanted = ColorKey(foreground: style.foreground, background: style.background)
        guard case .basic(let available) = support, wanted.foreground != nil || wanted.background != nil else {
            return (Self.monochrome(appearance, style: style), nil)
        }
        for key in [wanted, ColorKey(foreground: nil, background: wanted.background)] {
            if key.foreground == nil && key.background == nil { break }
            if let pair = pairs[key] {
                appearance.pair = pair
                return (appearance, nil)
            }
            if pairs.count < available {
                let pair = Int16(pairs.count + 1)
                pairs[key] = pair
                appearance.pair = pair
                return (appearance, ColorPairDefinition(pair: pair, foreground: key.foreground, background: key.background))
            }
        }
        return (Self.monochrome(appearance, style: style), nil)
    }

    private static func monochrome(_ appearance: CellAppearance, style: Style) -> CellAppearance {
        var result = appearance
        result.pair = 0
        if style.background != nil { result.reverse = true }
        return result
    }
}
