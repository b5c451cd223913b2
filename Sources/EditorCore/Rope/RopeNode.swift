/// Counts cached in every rope node, summed over the bytes below it.
struct RopeSummary: Equatable, Sendable {
    /// UTF-8 bytes.
    var utf8: Int
    /// Unicode scalars (bytes that are not UTF-8 continuation bytes).
    var scalars: Int
    /// Line feeds (byte 0x0A); "\r" alone is not a line break.
    var newlines: Int

    static let zero = RopeSummary(utf8: 0, scalars: 0, newlines: 0)

    static func + (lhs: RopeSummary, rhs: RopeSummary) -> RopeSummary {
        RopeSummary(
            utf8: lhs.utf8 + rhs.utf8, scalars: lhs.scalars + rhs.scalars, newlines: lhs.newlines + rhs.newlines)
    }
}

/// Size bounds of the B-tree rope.
///
/// Invariants of every tree (checked by `RopeNode.checkInvariants` in tests):
/// - a leaf holds at most `maxLeafBytes` bytes of valid UTF-8 and never splits a scalar;
/// - an internal node has 2...`maxChildren` children of equal height, one less than its own;
/// - every node except the root is *ok*: a leaf has at least `minLeafBytes`, an internal node at least
///   `minChildren` children. The root may be smaller (an empty text is one empty leaf).
enum RopeLimits {
    static let maxLeafBytes = 2048
    static let minLeafBytes = 512
    /// Bytes the builder aims for per leaf, leaving room for small edits before a leaf must split.
    static let targetLeafBytes = 1536
    static let maxChildren = 16
    static let minChildren = 8
}

/// One immutable node of the rope: a leaf of UTF-8 bytes, or an internal node with children.
///
/// Nodes are never mutated after creation, so any number of `TextBuffer` values (snapshots) share them safely,
/// across threads too.
final class RopeNode: Sendable {
    /// Counts of the whole subtree.
    let summary: RopeSummary
    /// 0 for a leaf; children have `height - 1`.
    let height: Int
    /// Children of an internal node; empty for a leaf.
    let children: [RopeNode]
    /// UTF-8 bytes of a leaf; empty for an internal node.
    let bytes: [UInt8]

    /// A leaf holding `bytes` (valid UTF-8, at most `maxLeafBytes`).
    init(leaf bytes: [UInt8]) {
        self.bytes = bytes
        self.children = []
        self.height = 0
        self.summary = bytes.withUnsafeBufferPointer { UTF8Scan.summary(of: UnsafeRawBufferPointer($0)) }
    }

    /// A leaf holding `bytes` whose counts the caller already knows (`summary` must be exactly theirs).
    init(leaf bytes: [UInt8], summary: RopeSummary) {
        assert(summary == bytes.withUnsafeBufferPointer { UTF8Scan.summary(of: UnsafeRawBufferPointer($0)) })
        self.bytes = bytes
        self.children = []
        self.height = 0
        self.summary = summary
    }

    /// The byte offset in this leaf's `bytes` of its scalar number `scalarOffset` (`bytes.count` at the end): no
    /// scan in an ASCII leaf, where bytes are scalars; eight bytes at a time otherwise.
    func leafByteOffset(ofScalar scalarOffset: Int) -> Int {
        if summary.utf8 == summary.scalars { return min(max(scalarOffset, 0), bytes.count) }
        return UTF8Scan.byteOffset(ofScalar: scalarOffset, in: bytes)
    }

    /// An internal node over `children` (at least one, all of the same height).
    init<C: Collection<RopeNode>>(children: C) {
        assert(!children.isEmpty && children.count <= RopeLimits.maxChildren)
        let first = children.first!
        assert(children.allSatisfy { $0.height == first.height })
        self.children = Array(children)
        self.bytes = []
        self.height = first.height + 1
        var total = RopeSummary.zero
        for child in children { total = total + child.summary }
        self.summary = total
    }

    static let empty = RopeNode(leaf: [])

    var isLeaf: Bool { height == 0 }

    /// Whether this node may be a non-root child (it meets the minimum size).
    var isOkChild: Bool {
        isLeaf ? bytes.count >= RopeLimits.minLeafBytes : children.count >= RopeLimits.minChildren
    }

    /// A tree over a run of sibling nodes: the node itself when there is one, the empty leaf when there are none.
    static func tree<C: Collection<RopeNode>>(of nodes: C) -> RopeNode {
        switch nodes.count {
        case 0: return empty
        case 1: return nodes.first!
        default: return RopeNode(children: nodes)
        }
    }

    /// Checks the B-tree invariants of this subtree (test support); returns a description of the first violation.
    func invariantViolation(isRoot: Bool = true) -> String? {
        if isLeaf {
            if bytes.count > RopeLimits.maxLeafBytes { return "leaf of \(bytes.count) bytes" }
            if !isRoot && !isOkChild { return "small leaf of \(bytes.count) bytes" }
            if let first = bytes.first, UTF8Scan.isContinuation(first) { return "leaf starts inside a scalar" }
            return nil
        }
        if children.count < 2 || children.count > RopeLimits.maxChildren { return "\(children.count) children" }
        if !isRoot && !isOkChild { return "small node of \(children.count) children" }
        var total = RopeSummary.zero
        for child in children {
            if child.height != height - 1 { return "child height \(child.height) under height \(height)" }
            if let violation = child.invariantViolation(isRoot: false) { return violation }
            total = total + child.summary
        }
        return total == summary ? nil : "stale summary"
    }
}
