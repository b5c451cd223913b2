/// Builds a balanced rope bottom-up from contiguous UTF-8 bytes in O(n).
///
/// Leaves get nearly equal sizes around `RopeLimits.targetLeafBytes` (cut at scalar boundaries), then each level
/// groups nodes into parents of nearly equal fan-out, so every non-root node is ok and the tree is as shallow as
/// the limits allow.
enum RopeBuilder {
    /// A rope holding `bytes`, which must be valid UTF-8.
    static func build(_ bytes: UnsafeRawBufferPointer) -> RopeNode {
        if bytes.count <= RopeLimits.maxLeafBytes { return RopeNode(leaf: Array(bytes)) }
        var level = leaves(of: bytes)
        while level.count > 1 { level = parents(of: level) }
        return level[0]
    }

    /// A rope holding the UTF-8 of `text`.
    static func build(_ text: String) -> RopeNode {
        var text = text
        return text.withUTF8 { build(UnsafeRawBufferPointer($0)) }
    }

    /// Leaves of nearly equal size; each cut is moved back to the start of the scalar it falls in (at most 3
    /// bytes), so sizes stay within `minLeafBytes...maxLeafBytes`.
    private static func leaves(of bytes: UnsafeRawBufferPointer) -> [RopeNode] {
        let count = (bytes.count + RopeLimits.targetLeafBytes - 1) / RopeLimits.targetLeafBytes
        var result: [RopeNode] = []
        result.reserveCapacity(count)
        var start = 0
        for index in 1...count {
            let ideal = index == count ? bytes.count : bytes.count * index / count
            let end = UTF8Scan.scalarStart(atOrBefore: ideal, in: bytes)
            result.append(RopeNode(leaf: Array(bytes[start..<end])))
            start = end
        }
        return result
    }

    /// One level up: groups of nearly equal size, each within `minChildren...maxChildren` when there are at least
    /// two groups.
    static func parents(of nodes: [RopeNode]) -> [RopeNode] {
        let groupCount = (nodes.count + RopeLimits.maxChildren - 1) / RopeLimits.maxChildren
        var result: [RopeNode] = []
        result.reserveCapacity(groupCount)
        var start = 0
        for index in 1...groupCount {
            let end = nodes.count * index / groupCount
            result.append(RopeNode(children: nodes[start..<end]))
            start = end
        }
        return result
    }
}
