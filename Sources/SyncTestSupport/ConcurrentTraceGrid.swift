import EditorCore

/// A two-agent trace's changes in the coordinates of any version: the 2-D state space of Jupiter-style OT.
///
/// Version `(i, j)` has agent 0's first `i` and agent 1's first `j` transactions. Agent 0's `i`-th transaction
/// is originally an edge from `(i − 1, seen)`; carried over agent 1's `j`-th transaction it becomes the edge from
/// `(i − 1, j)`, by the square
///
///     (i−1, j−1) ──a(i, j−1)──▶ (i, j−1)
///         │                        │
///     b(j, i−1)                 b(j, i)        (a(i, j), b(j, i)) = transform(a(i, j−1), b(j, i−1))
///         ▼                        ▼
///     (i−1, j)  ───a(i, j)───▶  (i, j)
///
/// with agent 0's insert first at the same position (the engine's tie rule, participants numbered like agents).
/// The replay uses it only to re-express a transaction made at its trace version in the version its editor
/// actually has (the engine may have delivered more of the other agent's work than the trace's agent had seen);
/// the merging itself is the engine's.
public struct ConcurrentTraceGrid: Sendable {
    /// The transactions of each agent, by number − 1.
    private let transactions: [[ConcurrentTrace.Transaction]]
    /// Computed edges, by `key(agent, number, other)`.
    private var edges: [Int: ChangeSet] = [:]

    /// The grid of `trace`.
    public init(_ trace: ConcurrentTrace) {
        transactions = [0, 1].map { agent in trace.transactions.filter { $0.agent == agent } }
    }

    /// Agent `agent`'s transaction `number` (1-based) as a change from the version with its `number − 1` earlier
    /// ones and the other agent's first `other`.
    ///
    /// - Throws: `ConcurrentTrace.FormatError` when `other` is below what the transaction had seen, or the other
    ///   agent's transactions up to `other` had seen this one (then that version does not exist).
    public mutating func change(agent: Int, number: Int, other: Int) throws -> ChangeSet {
        if let known = edges[key(agent, number, other)] { return known }
        let transaction = transactions[agent][number - 1]
        guard other >= transaction.seenOfOther else {
            throw ConcurrentTrace.FormatError(
                description: "agent \(agent) #\(number) asked at \(other), below its version \(transaction.seenOfOther)"
            )
        }
        let result: ChangeSet
        if other == transaction.seenOfOther {
            let length = try transaction.baseLength ?? versionLength(agent: agent, own: number - 1, other: other)
            result = try ConcurrentTrace.change(of: transaction.patches, baseLength: length)
        } else {
            let before = try change(agent: agent, number: number, other: other - 1)
            let theirs = try change(agent: 1 - agent, number: other, other: number - 1)
            let pair = try ChangeSet.transform(
                before, theirs, tieBreak: agent == 0 ? .firstInsertsFirst : .secondInsertsFirst)
            edges[key(1 - agent, other, number)] = pair.b
            result = pair.a
        }
        edges[key(agent, number, other)] = result
        return result
    }

    /// The text length of the version with `own` of `agent`'s transactions and `other` of the other's: the end of
    /// an edge into it. The other agent's last transaction is such an edge when our last one had not seen it (the
    /// version without it exists); otherwise our last one is.
    private mutating func versionLength(agent: Int, own: Int, other: Int) throws -> Int {
        if other > 0 && (own == 0 || transactions[agent][own - 1].seenOfOther < other) {
            return try change(agent: 1 - agent, number: other, other: own).targetLength
        }
        if own > 0 { return try change(agent: agent, number: own, other: other).targetLength }
        return 0
    }

    private func key(_ agent: Int, _ number: Int, _ other: Int) -> Int { agent << 40 | number << 20 | other }
}
