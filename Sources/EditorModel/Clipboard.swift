/// The editor's internal clipboard (Ctrl-C/Ctrl-X fill it, Ctrl-V pastes it).
///
/// Copies are also exported to the user's own clipboard through `EditorEffect.exportToClipboard` (OSC 52); text
/// pasted from the terminal arrives as `InputEvent.paste` and does not go through here.
struct Clipboard: Hashable, Sendable {
    /// The copied text, with the document's line endings; nil before the first copy.
    var text: String?
    /// True when the text is whole lines copied without a selection; pasting it with an empty selection then
    /// inserts the lines above the cursor's line instead of splitting it.
    var isWholeLines = false
}

extension String {
    /// The text with every line break (`"\r\n"`, `"\n"`, or a lone `"\r"`) converted to `ending`.
    func normalizingLineBreaks(to ending: String) -> String {
        guard contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return self }
        var result = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in unicodeScalars {
            switch scalar {
            case "\r":
                result.append(contentsOf: ending.unicodeScalars)
                previousWasCR = true
                continue
            case "\n":
                if !previousWasCR { result.append(contentsOf: ending.unicodeScalars) }
            default:
                result.append(scalar)
            }
            previousWasCR = false
        }
        return String(result)
    }
}
