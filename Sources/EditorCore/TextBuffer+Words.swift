/// Word navigation (Ctrl-Right / Ctrl-Left) over grapheme clusters, like micro and VS Code.
///
/// Each cluster is classed by its first scalar: a line break ("\n", "\r", "\r\n"), a space (other whitespace), a
/// word character (letters of any script including CJK, digits, "_"; combining marks ride on their base), or
/// punctuation (everything else, emoji included). A run of word characters is a word, and so is a run of
/// punctuation.
///
/// `nextWordBoundary(after:)` moves over spaces, then to the end of the run that follows; a line break stops it:
/// at a line's end it steps over the break to the next line's start, and spaces before a line end stop at the line
/// end. `previousWordBoundary(before:)` is the mirror image (start of the previous run). For example, with "|"
/// the cursor: "|foo  bar" → "foo|  bar" → "foo  bar|"; "foo.bar|" ← "foo.|bar" ← "foo|.bar".
extension TextBuffer {
    /// How word navigation treats a grapheme cluster.
    enum WordClass: Equatable {
        case lineBreak, space, word, punctuation

        init(_ first: Unicode.Scalar) {
            let properties = first.properties
            if first == "\n" || first == "\r" {
                self = .lineBreak
            } else if properties.isWhitespace {
                self = .space
            } else if first == "_" || properties.isAlphabetic || properties.numericType != nil {
                self = .word
            } else {
                self = .punctuation
            }
        }
    }

    /// Where a word walk is: before anything, over spaces, or inside a run of one class.
    private enum WordPhase: Equatable {
        case start, spaces
        case run(WordClass)
    }

    /// Ctrl-Right: the end of the next word (see the type notes), `scalarCount` at the end.
    public func nextWordBoundary(after offset: Int) -> Int {
        wordBoundary(from: offset, forward: true)
    }

    /// Ctrl-Left: the start of the previous word (see the type notes), 0 at the start.
    public func previousWordBoundary(before offset: Int) -> Int {
        wordBoundary(from: offset, forward: false)
    }

    /// The one word walk behind both directions: over clusters from `offset`, a line break alone (when first),
    /// else any spaces followed by one run of a single class; returns the far edge of the last cluster taken.
    private func wordBoundary(from offset: Int, forward: Bool) -> Int {
        checkOffset(offset)
        var result = offset
        var phase = WordPhase.start
        let visit = { (range: Range<Int>, first: Unicode.Scalar) -> Bool in
            let farEdge = forward ? range.upperBound : range.lowerBound
            let kind = WordClass(first)
            switch (phase, kind) {
            case (.start, .lineBreak):
                result = farEdge
                return false
            case (.spaces, .lineBreak):
                return false
            case (.start, .space), (.spaces, .space):
                phase = .spaces
            case (.start, _), (.spaces, _):
                phase = .run(kind)
            case (.run(let current), _):
                if current != kind { return false }
            }
            result = farEdge
            return true
        }
        if forward {
            forEachCluster(forwardFrom: offset, visit)
        } else {
            forEachCluster(backwardFrom: offset, visit)
        }
        return result
    }
}
