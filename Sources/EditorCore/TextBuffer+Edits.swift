/// Editing a `TextBuffer`: each edit splits the tree at the range ends and joins the pieces around the new text,
/// touching O(log n) nodes; earlier copies of the buffer are not affected.
extension TextBuffer {
    /// Replaces the scalars in `range` (within `0...scalarCount`) with `text`.
    public mutating func replace(_ range: Range<Int>, with text: String) {
        checkRange(range)
        if range.isEmpty && text.isEmpty { return }
        if text.utf8.count <= RopeLimits.maxLeafBytes {
            var text = text
            let edited = text.withUTF8 { inserted in
                RopeNode.replacingWithinLeaf(
                    root, range: range, with: Array(inserted),
                    summary: UTF8Scan.summary(of: UnsafeRawBufferPointer(inserted)))
            }
            if let edited {
                root = edited
                return
            }
        }
        let (head, rest) = RopeNode.split(root, atScalar: range.lowerBound)
        let (_, tail) = RopeNode.split(rest, atScalar: range.count)
        let middle = text.isEmpty ? RopeNode.empty : RopeBuilder.build(text)
        root = RopeNode.concat(RopeNode.concat(head, middle), tail)
    }

    /// Inserts `text` at scalar offset `offset` (`0...scalarCount`).
    public mutating func insert(_ text: String, at offset: Int) {
        replace(offset..<offset, with: text)
    }

    /// Deletes the scalars in `range`.
    public mutating func delete(_ range: Range<Int>) {
        replace(range, with: "")
    }

    /// Appends `other`'s text, sharing its nodes (O(log n)).
    public mutating func append(_ other: TextBuffer) {
        root = RopeNode.concat(root, other.root)
    }

    /// The buffer holding the scalars in `range`, sharing nodes with this one (O(log n)).
    public func slice(_ range: Range<Int>) -> TextBuffer {
        checkRange(range)
        let (_, rest) = RopeNode.split(root, atScalar: range.lowerBound)
        return TextBuffer(root: RopeNode.split(rest, atScalar: range.count).0)
    }

    /// A description of the first broken tree invariant, or nil (test support; O(n) nodes).
    public var structuralIssue: String? {
        root.invariantViolation()
    }

    /// The height of the tree: 0 for a single leaf (test support).
    public var treeHeight: Int { root.height }
}
