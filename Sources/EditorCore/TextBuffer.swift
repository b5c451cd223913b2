/// A persistent rope of text: value semantics, O(1) copy (snapshots are free), O(log n) edits and lookups.
///
/// All offsets and lengths are **Unicode scalars** (see the module notes in `EditorCore.swift`); `utf8Count` is
/// the only byte count. The text is kept byte for byte: line endings ("\n", "\r\n", a lone "\r"), a missing
/// final newline and a byte order mark are never normalized, so `utf8Bytes()` returns exactly what was loaded.
///
/// Storage is a balanced B-tree of immutable nodes whose leaves hold UTF-8 chunks of 0.5–2 KB and whose nodes
/// cache the byte, scalar and newline counts below them. An edit builds O(log n) new nodes and shares the rest
/// with every earlier copy, so keeping old snapshots costs only what changed.
///
/// Costs for n bytes: loading is O(n) (one pass counting scalars and newlines); `replace`, `scalar(at:)`,
/// `lineStart`, `lineIndex` are O(log n) plus a scan of one ≤ 2 KB leaf; copying is O(1); `string`, `==` of
/// unrelated buffers and `utf8Bytes()` are O(n).
///
/// Offsets out of range are programming errors and trap with a precondition message, like Swift's collections.
public struct TextBuffer: Sendable {
    /// The root of the tree; shared between copies.
    var root: RopeNode

    /// A buffer holding `text`.
    public init(_ text: String = "") {
        root = RopeBuilder.build(text)
    }

    /// A buffer holding `bytes`, which must be valid UTF-8.
    ///
    /// - Throws: `TextBufferError.invalidUTF8(byteOffset:)` with the offset of the first invalid sequence.
    public init(validatingUTF8 bytes: [UInt8]) throws(TextBufferError) {
        let built: RopeNode? = bytes.withUnsafeBytes { raw in
            UTF8Scan.firstInvalidByte(in: raw) == nil ? RopeBuilder.build(raw) : nil
        }
        guard let built else {
            let offset = bytes.withUnsafeBytes { UTF8Scan.firstInvalidByte(in: $0) } ?? 0
            throw .invalidUTF8(byteOffset: offset)
        }
        root = built
    }

    init(root: RopeNode) {
        self.root = root
    }

    /// Length in Unicode scalars.
    public var scalarCount: Int { root.summary.scalars }

    /// Length in UTF-8 bytes.
    public var utf8Count: Int { root.summary.utf8 }

    /// Whether the buffer holds no text.
    public var isEmpty: Bool { root.summary.utf8 == 0 }

    /// The whole text (O(n)).
    public var string: String { String(decoding: utf8Bytes(), as: UTF8.self) }

    /// The scalar at `offset` (`0..<scalarCount`).
    public func scalar(at offset: Int) -> Unicode.Scalar {
        precondition(offset >= 0 && offset < scalarCount, "scalar offset \(offset) out of 0..<\(scalarCount)")
        let cursor = LeafCursor(root: root, scalarOffset: offset)
        let bytes = cursor.leaf.bytes
        let index = cursor.leaf.leafByteOffset(ofScalar: offset - cursor.leafStart.scalars)
        return bytes.withUnsafeBufferPointer { UTF8Scan.decode($0, at: index).0 }
    }

    /// The text of the scalar range `range` (within `0...scalarCount`).
    public func substring(_ range: Range<Int>) -> String {
        String(decoding: utf8Bytes(range), as: UTF8.self)
    }

    /// The UTF-8 offset of scalar offset `offset` (`0...scalarCount`).
    public func utf8Offset(ofScalar offset: Int) -> Int {
        checkOffset(offset)
        let cursor = LeafCursor(root: root, scalarOffset: offset)
        return cursor.leafStart.utf8
            + cursor.leaf.leafByteOffset(ofScalar: offset - cursor.leafStart.scalars)
    }

    /// The scalar offset of the scalar that holds UTF-8 offset `offset` (`0...utf8Count`); an offset inside a
    /// multi-byte scalar gives that scalar's offset.
    public func scalarOffset(ofUTF8 offset: Int) -> Int {
        precondition(offset >= 0 && offset <= utf8Count, "UTF-8 offset \(offset) out of 0...\(utf8Count)")
        let cursor = LeafCursor(root: root, utf8Offset: offset)
        if cursor.leaf.summary.utf8 == cursor.leaf.summary.scalars {  // an ASCII leaf: bytes are scalars
            return cursor.leafStart.scalars + offset - cursor.leafStart.utf8
        }
        let bytes = cursor.leaf.bytes
        let local = bytes.withUnsafeBytes { UTF8Scan.scalarStart(atOrBefore: offset - cursor.leafStart.utf8, in: $0) }
        return cursor.leafStart.scalars + UTF8Scan.scalarCount(in: bytes, prefix: local)
    }

    func checkOffset(_ offset: Int) {
        precondition(offset >= 0 && offset <= scalarCount, "scalar offset \(offset) out of 0...\(scalarCount)")
    }

    func checkRange(_ range: Range<Int>) {
        precondition(
            range.lowerBound >= 0 && range.upperBound <= scalarCount,
            "scalar range \(range) out of 0...\(scalarCount)")
    }
}

extension TextBuffer: Equatable {
    /// Whether both buffers hold the same text; O(1) for the same snapshot, and shared subtrees are skipped.
    public static func == (lhs: TextBuffer, rhs: TextBuffer) -> Bool {
        if lhs.root === rhs.root { return true }
        guard lhs.root.summary == rhs.root.summary else { return false }
        return RopeComparison.commonPrefixBytes(lhs.root, rhs.root) == lhs.utf8Count
    }
}

extension TextBuffer: Hashable {
    /// Hashes the lengths only (O(1)): equal texts have equal lengths, so this agrees with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(root.summary.utf8)
        hasher.combine(root.summary.scalars)
    }
}

extension TextBuffer: CustomStringConvertible {
    /// The text itself, cut after 10,000 scalars (with a note of the full length) to keep logs readable.
    public var description: String {
        let limit = 10_000
        if scalarCount <= limit { return string }
        return substring(0..<limit) + "… (\(scalarCount) scalars)"
    }
}

extension TextBuffer: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        self.init(value)
    }
}

/// Errors of building a `TextBuffer` from external bytes.
public enum TextBufferError: Error, Equatable, CustomStringConvertible {
    /// The bytes are not valid UTF-8; `byteOffset` is where the first invalid sequence starts.
    case invalidUTF8(byteOffset: Int)

    public var description: String {
        switch self {
        case .invalidUTF8(let offset): "invalid UTF-8 at byte offset \(offset)"
        }
    }
}
