/// A one-line text field for prompts (find, replace, go to line): grapheme-based editing with a cursor.
struct PromptLine: Hashable, Sendable {
    /// The typed text, one element per grapheme cluster.
    private(set) var characters: [Character]
    /// The cursor, as an index into `characters` (0…count).
    private(set) var cursor: Int

    init(_ text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    var text: String { String(characters) }

    /// Applies an editing key; returns false when the key is not a line-editing key (the prompt handles it).
    mutating func handle(_ key: KeyPress) -> Bool {
        let word = key.modifiers.contains(.control) || key.modifiers.contains(.alt)
        switch key.key {
        case .character(let character) where !key.modifiers.contains(.control) && !key.modifiers.contains(.alt):
            insert(String(character))
        case .left:
            cursor = word ? wordStart(before: cursor) : max(0, cursor - 1)
        case .right:
            cursor = word ? wordEnd(after: cursor) : min(characters.count, cursor + 1)
        case .home:
            cursor = 0
        case .end:
            cursor = characters.count
        case .backspace:
            let start = word ? wordStart(before: cursor) : max(0, cursor - 1)
            characters.removeSubrange(start..<cursor)
            cursor = start
        case .delete:
            if cursor < characters.count { characters.remove(at: cursor) }
        default:
            return false
        }
        return true
    }

    /// Inserts `text` at the cursor; only its first line is kept (a prompt is one line).
    mutating func insert(_ text: String) {
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r" && $0 != "\r\n" }
        characters.insert(contentsOf: firstLine, at: cursor)
        cursor += firstLine.count
    }

    private func wordStart(before index: Int) -> Int {
        var index = index
        while index > 0, !characters[index - 1].isLetterOrNumber { index -= 1 }
        while index > 0, characters[index - 1].isLetterOrNumber { index -= 1 }
        return index
    }

    private func wordEnd(after index: Int) -> Int {
        var index = index
        while index < characters.count, !characters[index].isLetterOrNumber { index += 1 }
        while index < characters.count, characters[index].isLetterOrNumber { index += 1 }
        return index
    }
}

extension Character {
    /// A letter or digit (what word movement in prompts stops at).
    var isLetterOrNumber: Bool { isLetter || isNumber }
}
