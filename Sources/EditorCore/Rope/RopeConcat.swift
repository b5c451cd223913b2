/// Joining and splitting ropes: every edit is split, split, concatenate, in O(log n) nodes.
///
/// The algorithm follows the classic B-tree rope (as in xi-editor's `rope/tree.rs`): to join trees of different
/// heights, descend the taller one's spine to the shorter one's height, merge there, and let an overflowing node
/// split in two on the way back up. Both inputs may be roots (not ok); every node created is ok or is the root.
extension RopeNode {
    /// The rope whose text is `left`'s followed by `right`'s.
    static func concat(_ left: RopeNode, _ right: RopeNode) -> RopeNode {
        if left.summary.utf8 == 0 { return right }
        if right.summary.utf8 == 0 { return left }
        let leftHeight = left.height
        let rightHeight = right.height
        if leftHeight < rightHeight {
            let siblings = right.children
            if leftHeight == rightHeight - 1 && left.isOkChild { return merge([left], siblings[...]) }
            let joined = concat(left, siblings[0])
            let rest = siblings.dropFirst()
            return joined.height == rightHeight - 1 ? merge([joined], rest) : merge(joined.children[...], rest)
        }
        if leftHeight > rightHeight {
            let siblings = left.children
            if rightHeight == leftHeight - 1 && right.isOkChild { return merge(siblings[...], [right]) }
            let joined = concat(siblings[siblings.count - 1], right)
            let rest = siblings.dropLast()
            return joined.height == leftHeight - 1 ? merge(rest, [joined]) : merge(rest, joined.children[...])
        }
        if left.isOkChild && right.isOkChild { return RopeNode(children: [left, right]) }
        if leftHeight == 0 { return mergeLeaves(left, right) }
        return merge(left.children[...], right.children[...])
    }

    /// One node over both runs of ok siblings, or two when they do not fit in one.
    private static func merge(_ first: ArraySlice<RopeNode>, _ second: ArraySlice<RopeNode>) -> RopeNode {
        let all = Array(first) + Array(second)
        if all.count <= RopeLimits.maxChildren { return RopeNode(children: all) }
        let half = all.count / 2
        return RopeNode(children: [RopeNode(children: all[..<half]), RopeNode(children: all[half...])])
    }

    /// Two leaves, at least one of them small: one leaf when the bytes fit, else two leaves of about half each.
    private static func mergeLeaves(_ left: RopeNode, _ right: RopeNode) -> RopeNode {
        let bytes = left.bytes + right.bytes
        if bytes.count <= RopeLimits.maxLeafBytes { return RopeNode(leaf: bytes) }
        let cut = bytes.withUnsafeBytes { UTF8Scan.scalarStart(atOrBefore: bytes.count / 2, in: $0) }
        return RopeNode(children: [RopeNode(leaf: Array(bytes[..<cut])), RopeNode(leaf: Array(bytes[cut...]))])
    }

    /// The ropes before and after scalar offset `offset` (`0...summary.scalars`).
    static func split(_ node: RopeNode, atScalar offset: Int) -> (RopeNode, RopeNode) {
        if offset <= 0 { return (empty, node) }
        if offset >= node.summary.scalars { return (node, empty) }
        if node.isLeaf {
            let cut = node.leafByteOffset(ofScalar: offset)
            return (RopeNode(leaf: Array(node.bytes[..<cut])), RopeNode(leaf: Array(node.bytes[cut...])))
        }
        var before = 0
        let children = node.children
        for index in children.indices {
            let child = children[index]
            let after = before + child.summary.scalars
            if offset == after {
                return (tree(of: children[...index]), tree(of: children[(index + 1)...]))
            }
            if offset < after {
                let (head, tail) = split(child, atScalar: offset - before)
                return (concat(tree(of: children[..<index]), head), concat(tail, tree(of: children[(index + 1)...])))
            }
            before = after
        }
        return (node, empty)
    }
}
