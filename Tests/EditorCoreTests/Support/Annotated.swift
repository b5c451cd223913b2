import EditorCore

/// A compact "text with a selection" notation for tests: `|` marks the head (cursor), `[` and `]` the ends of a
/// non-empty selection, e.g. "he|llo" (a cursor after "he"), "he[l|]lo" (anchor 2, head 3), "he[|l]lo" (anchor 3,
/// head 2). Offsets are counted in scalars of the text without the markers.
enum Annotated {
    static func parse(_ annotated: String) -> (text: String, selection: Selection) {
        var text = String.UnicodeScalarView()
        var head = 0
        var open: Int?
        var close: Int?
        for scalar in annotated.unicodeScalars {
            switch scalar {
            case "|": head = text.count
            case "[": open = text.count
            case "]": close = text.count
            default: text.append(scalar)
            }
        }
        guard let open, let close else { return (String(text), Selection(cursor: head)) }
        return (String(text), Selection(anchor: head == open ? close : open, head: head))
    }

    static func render(_ text: String, _ selection: Selection) -> String {
        var result = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        for position in 0...scalars.count {
            if !selection.isEmpty && position == selection.range.lowerBound { result.append("[") }
            if !selection.isEmpty && position == selection.range.upperBound && selection.head != position {
                result.append("]")
            }
            if position == selection.head { result.append("|") }
            if !selection.isEmpty && position == selection.range.upperBound && selection.head == position {
                result.append("]")
            }
            if position < scalars.count { result.append(scalars[position]) }
        }
        return String(result)
    }
}
