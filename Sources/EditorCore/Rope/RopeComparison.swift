/// Common prefix and suffix of two ropes in bytes, skipping subtrees the two share by identity.
///
/// A snapshot and its edited successor share every node off the edit paths, so comparing them costs O(log n)
/// node visits plus the bytes of the leaves that really differ, instead of O(n).
enum RopeComparison {
    /// The number of leading bytes both ropes have in common.
    static func commonPrefixBytes(_ lhs: RopeNode, _ rhs: RopeNode) -> Int {
        commonBytes(lhs, rhs, forward: true)
    }

    /// The number of trailing bytes both ropes have in common.
    static func commonSuffixBytes(_ lhs: RopeNode, _ rhs: RopeNode) -> Int {
        commonBytes(lhs, rhs, forward: false)
    }

    /// Walks both trees from one end in step; whenever both walkers stand at a node boundary with the same node
    /// next, that node is skipped whole.
    private static func commonBytes(_ lhs: RopeNode, _ rhs: RopeNode, forward: Bool) -> Int {
        var left = Walker(root: lhs, forward: forward)
        var right = Walker(root: rhs, forward: forward)
        var matched = 0
        while true {
            if left.leaf == nil && right.leaf == nil {
                guard let next = left.pending.last, let other = right.pending.last else { return matched }
                if next === other {
                    left.pending.removeLast()
                    right.pending.removeLast()
                    matched += next.summary.utf8
                } else if next.height > other.height {
                    left.expand()
                } else if other.height > next.height {
                    right.expand()
                } else if next.height > 0 {
                    left.expand()
                    right.expand()
                } else {
                    left.openLeaf()
                    right.openLeaf()
                }
                continue
            }
            guard left.ensureLeaf(), right.ensureLeaf() else { return matched }
            let same = Walker.matchingBytes(&left, &right)
            matched += same
            if left.leaf != nil && right.leaf != nil { return matched }
        }
    }

    /// One side of the walk: the nodes still to visit (next on top) and the leaf being compared.
    private struct Walker {
        var pending: [RopeNode]
        var leaf: [UInt8]?
        /// Bytes of `leaf` already consumed (from its start when forward, from its end when backward).
        var consumed = 0
        let forward: Bool

        init(root: RopeNode, forward: Bool) {
            pending = [root]
            self.forward = forward
        }

        /// Replaces the top node by its children.
        mutating func expand() {
            let node = pending.removeLast()
            if forward {
                pending.append(contentsOf: node.children.reversed())
            } else {
                pending.append(contentsOf: node.children)
            }
        }

        /// Starts comparing the top node, which is a leaf.
        mutating func openLeaf() {
            leaf = pending.removeLast().bytes
            consumed = 0
        }

        /// Makes sure a leaf is open, descending as needed; false when the text is exhausted.
        mutating func ensureLeaf() -> Bool {
            if leaf != nil { return true }
            while let top = pending.last {
                if top.isLeaf {
                    openLeaf()
                    return true
                }
                expand()
            }
            return false
        }

        /// Compares the open leaves of both walkers, consumes the equal bytes, and closes a leaf that is used up.
        /// Returns the number of equal bytes; when it stops short of either leaf's end, both leaves stay open.
        static func matchingBytes(_ left: inout Walker, _ right: inout Walker) -> Int {
            let leftBytes = left.leaf!
            let rightBytes = right.leaf!
            let available = min(leftBytes.count - left.consumed, rightBytes.count - right.consumed)
            let forward = left.forward
            let leftConsumed = left.consumed
            let rightConsumed = right.consumed
            let same = leftBytes.withUnsafeBytes { a in
                rightBytes.withUnsafeBytes { b in
                    var count = 0  // equal bytes so far: whole 8-byte words first, then single bytes
                    if forward {
                        while count + 8 <= available
                            && a.loadUnaligned(fromByteOffset: leftConsumed + count, as: UInt64.self)
                                == b.loadUnaligned(fromByteOffset: rightConsumed + count, as: UInt64.self)
                        {
                            count += 8
                        }
                        while count < available && a[leftConsumed + count] == b[rightConsumed + count] { count += 1 }
                    } else {
                        let aEnd = a.count - leftConsumed  // one past the last byte still to compare
                        let bEnd = b.count - rightConsumed
                        while count + 8 <= available
                            && a.loadUnaligned(fromByteOffset: aEnd - count - 8, as: UInt64.self)
                                == b.loadUnaligned(fromByteOffset: bEnd - count - 8, as: UInt64.self)
                        {
                            count += 8
                        }
                        while count < available && a[aEnd - 1 - count] == b[bEnd - 1 - count] { count += 1 }
                    }
                    return count
                }
            }
            left.consumed += same
            right.consumed += same
            if same == available {
                if left.consumed == leftBytes.count { left.leaf = nil }
                if right.consumed == rightBytes.count { right.leaf = nil }
            }
            return same
        }
    }
}
