/// Reading a `TextBuffer` out: scalar sequences, scalar arrays, UTF-8 bytes and chunks.
extension TextBuffer {
    /// The scalars in `range`, decoded lazily leaf by leaf.
    public func scalars(in range: Range<Int>) -> ScalarSequence {
        checkRange(range)
        return ScalarSequence(root: root, range: range)
    }

    /// The scalars in `range` as an array (what DiffMatchPatch works on), decoded in one pass.
    public func scalarArray(_ range: Range<Int>) -> [Unicode.Scalar] {
        checkRange(range)
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(range.count)
        if range.isEmpty { return result }
        var cursor = LeafCursor(root: root, scalarOffset: range.lowerBound)
        var byte = cursor.leaf.leafByteOffset(ofScalar: range.lowerBound - cursor.leafStart.scalars)
        var remaining = range.count
        repeat {
            cursor.leaf.bytes.withUnsafeBufferPointer { bytes in
                while remaining > 0 && byte < bytes.count {
                    let (scalar, length) = UTF8Scan.decode(bytes, at: byte)
                    result.append(scalar)
                    byte += length
                    remaining -= 1
                }
            }
            byte = 0
        } while remaining > 0 && cursor.moveToNext()
        return result
    }

    /// All bytes of the text, exactly as stored.
    public func utf8Bytes() -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(utf8Count)
        for chunk in utf8Chunks { result.append(contentsOf: chunk) }
        return result
    }

    /// The bytes of the scalars in `range`.
    public func utf8Bytes(_ range: Range<Int>) -> [UInt8] {
        checkRange(range)
        if range.isEmpty { return [] }
        let start = utf8Offset(ofScalar: range.lowerBound)
        let end = utf8Offset(ofScalar: range.upperBound)
        var result: [UInt8] = []
        result.reserveCapacity(end - start)
        var cursor = LeafCursor(root: root, utf8Offset: start)
        repeat {
            let leafStart = cursor.leafStart.utf8
            let bytes = cursor.leaf.bytes
            let lower = max(start - leafStart, 0)
            let upper = min(end - leafStart, bytes.count)
            if lower < upper { result.append(contentsOf: bytes[lower..<upper]) }
            if leafStart + bytes.count >= end { break }
        } while cursor.moveToNext()
        return result
    }

    /// The stored UTF-8 chunks in order, without copying: write them out one by one to save a file.
    public var utf8Chunks: UTF8Chunks { UTF8Chunks(root: root) }

    /// The text's UTF-8 chunks (each 0.5–2 KB, shared with the buffer, never splitting a scalar).
    public struct UTF8Chunks: Sequence, Sendable {
        let root: RopeNode

        public func makeIterator() -> Iterator {
            Iterator(cursor: LeafCursor(root: root, utf8Offset: 0))
        }

        public struct Iterator: IteratorProtocol {
            var cursor: LeafCursor
            var started = false

            public mutating func next() -> [UInt8]? {
                if started {
                    guard cursor.moveToNext() else { return nil }
                } else {
                    started = true
                    if cursor.leaf.bytes.isEmpty { return nil }
                }
                return cursor.leaf.bytes
            }
        }
    }

    /// The scalars of a range of a buffer, decoded lazily.
    public struct ScalarSequence: Sequence, Sendable {
        let root: RopeNode
        let range: Range<Int>

        public func makeIterator() -> Iterator {
            let cursor = LeafCursor(root: root, scalarOffset: range.lowerBound)
            let byte = cursor.leaf.leafByteOffset(ofScalar: range.lowerBound - cursor.leafStart.scalars)
            return Iterator(cursor: cursor, byte: byte, remaining: range.count)
        }

        public var underestimatedCount: Int { range.count }

        public struct Iterator: IteratorProtocol {
            var cursor: LeafCursor
            var byte: Int
            var remaining: Int

            public mutating func next() -> Unicode.Scalar? {
                guard remaining > 0 else { return nil }
                if byte >= cursor.leaf.bytes.count {
                    guard cursor.moveToNext() else { return nil }
                    byte = 0
                }
                remaining -= 1
                let (scalar, length) = cursor.leaf.bytes.withUnsafeBufferPointer { UTF8Scan.decode($0, at: byte) }
                byte += length
                return scalar
            }
        }
    }
}
