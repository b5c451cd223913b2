/// A position on one leaf of a rope, able to step to the neighbouring leaves in O(1) amortized.
///
/// It keeps the path from the root (each internal node with the index of the child taken), so stepping does not
/// restart from the root. Empty leaves only occur as an empty root, so every leaf visited after the first holds
/// bytes.
struct LeafCursor {
    /// The internal nodes from the root down, each with the index of the child on the path.
    private var path: [(node: RopeNode, index: Int)] = []
    /// The current leaf.
    private(set) var leaf: RopeNode
    /// Offsets of the current leaf's first byte and first scalar in the whole text.
    private(set) var leafStart: (utf8: Int, scalars: Int)

    /// A cursor on the leaf holding scalar `offset` (the last leaf when `offset` is the scalar count).
    init(root: RopeNode, scalarOffset offset: Int) {
        var node = root
        var start = (utf8: 0, scalars: 0)
        while !node.isLeaf {
            let children = node.children
            var index = 0
            while index < children.count - 1 && offset >= start.scalars + children[index].summary.scalars {
                start.utf8 += children[index].summary.utf8
                start.scalars += children[index].summary.scalars
                index += 1
            }
            path.append((node, index))
            node = children[index]
        }
        leaf = node
        leafStart = start
    }

    /// A cursor on the leaf holding byte `offset` (the last leaf when `offset` is the byte count).
    init(root: RopeNode, utf8Offset offset: Int) {
        var node = root
        var start = (utf8: 0, scalars: 0)
        while !node.isLeaf {
            let children = node.children
            var index = 0
            while index < children.count - 1 && offset >= start.utf8 + children[index].summary.utf8 {
                start.utf8 += children[index].summary.utf8
                start.scalars += children[index].summary.scalars
                index += 1
            }
            path.append((node, index))
            node = children[index]
        }
        leaf = node
        leafStart = start
    }

    /// Moves to the next leaf; false (and no move) at the last leaf.
    mutating func moveToNext() -> Bool {
        guard let level = path.lastIndex(where: { $0.index + 1 < $0.node.children.count }) else { return false }
        leafStart.utf8 += leaf.summary.utf8
        leafStart.scalars += leaf.summary.scalars
        path.removeSubrange((level + 1)...)
        path[level].index += 1
        var node = path[level].node.children[path[level].index]
        while !node.isLeaf {
            path.append((node, 0))
            node = node.children[0]
        }
        leaf = node
        return true
    }

    /// Moves to the previous leaf; false (and no move) at the first leaf.
    mutating func moveToPrevious() -> Bool {
        guard let level = path.lastIndex(where: { $0.index > 0 }) else { return false }
        path.removeSubrange((level + 1)...)
        path[level].index -= 1
        var node = path[level].node.children[path[level].index]
        while !node.isLeaf {
            path.append((node, node.children.count - 1))
            node = node.children[node.children.count - 1]
        }
        leaf = node
        leafStart.utf8 -= leaf.summary.utf8
        leafStart.scalars -= leaf.summary.scalars
        return true
    }
}
