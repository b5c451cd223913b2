/// Fast comparison of two buffers, typically a snapshot and its edited successor.
extension TextBuffer {
    /// The number of leading scalars both buffers have in common.
    ///
    /// Subtrees the two buffers share (a snapshot and an edited copy share everything off the edit paths) are
    /// skipped without reading them, so this is O(log n) for a buffer against its own recent snapshot.
    public func commonPrefixLength(with other: TextBuffer) -> Int {
        let bytes = RopeComparison.commonPrefixBytes(root, other.root)
        // Equal bytes may end inside a scalar whose later bytes differ; `scalarOffset(ofUTF8:)` then names that
        // scalar, which is exactly the count of whole common scalars before it.
        return bytes == 0 ? 0 : scalarOffset(ofUTF8: bytes)
    }

    /// The number of trailing scalars both buffers have in common.
    ///
    /// Computed independently of the prefix: when the buffers overlap (e.g. "aa" and "aaa"), prefix + suffix can
    /// exceed the shorter length, and a diff must clamp the suffix to what remains after the prefix.
    public func commonSuffixLength(with other: TextBuffer) -> Int {
        let bytes = RopeComparison.commonSuffixBytes(root, other.root)
        if bytes == 0 { return 0 }
        var start = utf8Count - bytes
        // Equal bytes may start inside a scalar whose earlier bytes differ: skip to the next scalar.
        while start < utf8Count && UTF8Scan.isContinuation(utf8Byte(at: start)) { start += 1 }
        return scalarCount - scalarOffset(ofUTF8: start)
    }

    /// The byte at UTF-8 offset `offset` (`0..<utf8Count`).
    func utf8Byte(at offset: Int) -> UInt8 {
        let cursor = LeafCursor(root: root, utf8Offset: offset)
        return cursor.leaf.bytes[offset - cursor.leafStart.utf8]
    }
}
