import EditorCore
@testable import EditorModel

/// The compact "text with cursor and selection" notation of these tests.
///
/// `"hel|lo"` is a cursor after "hel"; `"he[l|]lo"` selects "l" with the cursor (head) at its end;
/// `"he[|l]lo"` selects it with the cursor at its start. Offsets are Unicode scalars. The three marker characters
/// cannot appear in the text itself (tests with brackets build editors directly).
enum Notation {
    struct Parsed {
        var text: String
        var selection: Selection
    }

    /// Parses `notation`; returns nil when it is malformed (no cursor, or a bracket without the other).
    static func parse(_ notation: String) -> Parsed? {
        var text = String.UnicodeScalarView()
        var open: Int?
        var close: Int?
        var head: Int?
        for scalar in notation.unicodeScalars {
            switch scalar {
            case "[": open = text.count
            case "]": close = text.count
            case "|": head = text.count
            default: text.append(scalar)
            }
        }
        guard let head else { return nil }
        switch (open, close) {
        case (nil, nil):
            return Parsed(text: String(text), selection: Selection(cursor: head))
        case (let open?, let close?) where head == open || head == close:
            return Parsed(text: String(text), selection: Selection(anchor: head == open ? close : open, head: head))
        default:
            return nil
        }
    }

    /// Prints `text` with the markers of `selection`.
    static func print(_ text: String, _ selection: Selection) -> String {
        var result = String.UnicodeScalarView()
        let range = selection.range
        let scalars = Array(text.unicodeScalars)
        for offset in 0...scalars.count {
            if !selection.isEmpty, offset == range.lowerBound { result.append("[") }
            if offset == selection.head { result.append("|") }
            if !selection.isEmpty, offset == range.upperBound { result.append("]") }
            if offset < scalars.count { result.append(scalars[offset]) }
        }
        return String(result)
    }
}
