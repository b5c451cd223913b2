/// The line index of a `TextBuffer`: line numbers from the newline counts cached in the tree.
///
/// Lines are 0-based and separated by "\n" alone: there are (number of "\n") + 1 lines, so a text ending in "\n"
/// has an empty last line and an empty text has one empty line. A "\r" before "\n" belongs to its line's content
/// (`lineRange` includes it); use `LineEnding` to know the file's convention.
extension TextBuffer {
    /// The number of lines: the number of "\n" plus one.
    public var lineCount: Int { root.summary.newlines + 1 }

    /// The 0-based line holding scalar offset `offset` (`0...scalarCount`); a "\n" belongs to the line it ends.
    public func lineIndex(containing offset: Int) -> Int {
        checkOffset(offset)
        var node = root
        var scalarsBefore = 0
        var newlinesBefore = 0
        while !node.isLeaf {
            let children = node.children
            var index = 0
            while index < children.count - 1 && offset >= scalarsBefore + children[index].summary.scalars {
                scalarsBefore += children[index].summary.scalars
                newlinesBefore += children[index].summary.newlines
                index += 1
            }
            node = children[index]
        }
        let byte = node.leafByteOffset(ofScalar: offset - scalarsBefore)
        return newlinesBefore + UTF8Scan.newlineCount(in: node.bytes, prefix: byte)
    }

    /// The scalar offset of the first scalar of `line` (`0..<lineCount`).
    public func lineStart(_ line: Int) -> Int {
        precondition(line >= 0 && line < lineCount, "line \(line) out of 0..<\(lineCount)")
        if line == 0 { return 0 }
        var node = root
        var scalarsBefore = 0
        var wanted = line
        while !node.isLeaf {
            let children = node.children
            var index = 0
            while index < children.count - 1 && wanted > children[index].summary.newlines {
                scalarsBefore += children[index].summary.scalars
                wanted -= children[index].summary.newlines
                index += 1
            }
            node = children[index]
        }
        return scalarsBefore + UTF8Scan.afterNewline(wanted, in: node.bytes).scalars
    }

    /// The scalars of `line` (`0..<lineCount`) without its "\n" (a "\r" before the "\n" is included).
    public func lineRange(_ line: Int) -> Range<Int> {
        let start = lineStart(line)
        let end = line + 1 < lineCount ? lineStart(line + 1) - 1 : scalarCount
        return start..<end
    }

    /// The text of `line` without its "\n" (convenience for tests and small lines).
    public func lineText(_ line: Int) -> String {
        substring(lineRange(line))
    }
}
