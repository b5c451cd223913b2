import EditorCore
import Foundation

/// A concurrent editing trace (josephg/editing-traces `concurrent_traces` format) with two agents.
///
/// Each transaction's patches are relative to the version named by its parents. For replaying, a transaction is
/// reduced to what its agent's editor needs: the patches, and how many of the other agent's transactions its
/// version contains (an agent always has all of its own earlier ones). Positions count Unicode scalars.
public struct ConcurrentTrace: Sendable {
    /// One replacement: `deleteCount` scalars at `position` replaced by `insert`.
    public struct Patch: Sendable {
        /// Where, in scalars of the text after the transaction's earlier patches.
        public var position: Int
        /// How many scalars are removed.
        public var deleteCount: Int
        /// What is inserted.
        public var insert: String
    }

    /// One transaction, as made by its agent.
    public struct Transaction: Sendable {
        /// The agent that made it: 0 or 1.
        public var agent: Int
        /// Its 1-based number among its agent's transactions.
        public var number: Int
        /// How many of the other agent's transactions its version (parents) contains.
        public var seenOfOther: Int
        /// The patches, in order.
        public var patches: [Patch]
        /// The length of its version's text, when it has a single parent (a merge version's length is found by
        /// the replay).
        public var baseLength: Int?
    }

    /// Why a trace cannot be used.
    public struct FormatError: Error, CustomStringConvertible {
        /// What is wrong, and where.
        public var description: String

        /// An error saying `description`.
        public init(description: String) { self.description = description }
    }

    /// The transactions in the trace's order (a causal order).
    public var transactions: [Transaction]
    /// The text every replica must end with.
    public var endContent: String

    /// Parses the trace's JSON (`{kind: "concurrent", endContent, numAgents, txns: [...]}`).
    ///
    /// - Throws: `FormatError` naming the transaction at fault when the JSON does not fit the format, has other
    ///   than two agents, or an agent's transaction does not build on that agent's previous one.
    public init(json: Data) throws {
        let root = try JSONSerialization.jsonObject(with: json)
        guard let object = root as? [String: Any], let end = object["endContent"] as? String,
            let txns = object["txns"] as? [[String: Any]]
        else { throw FormatError(description: "not a concurrent trace object") }
        guard (object["numAgents"] as? Int) == 2 else { throw FormatError(description: "the replay needs 2 agents") }
        endContent = end
        transactions = []
        var versions: [[Int]] = []  // per transaction: how many of each agent's transactions, itself included
        var targetLengths: [Int?] = []  // per transaction: its text length after it, when known
        var made = [0, 0]
        for (index, txn) in txns.enumerated() {
            guard let agent = txn["agent"] as? Int, agent == 0 || agent == 1,
                let parents = txn["parents"] as? [Int], let rawPatches = txn["patches"] as? [[Any]]
            else { throw FormatError(description: "transaction \(index): missing agent, parents or patches") }
            var version = [0, 0]
            for parent in parents {
                guard parent >= 0 && parent < index else {
                    throw FormatError(description: "transaction \(index): parent \(parent) is not earlier")
                }
                version = [max(version[0], versions[parent][0]), max(version[1], versions[parent][1])]
            }
            guard version[agent] == made[agent] else {
                throw FormatError(description: "transaction \(index) does not build on agent \(agent)'s previous one")
            }
            let patches = try rawPatches.map { raw -> Patch in
                guard raw.count == 3, let position = raw[0] as? Int, let deleteCount = raw[1] as? Int,
                    let insert = raw[2] as? String, position >= 0, deleteCount >= 0
                else { throw FormatError(description: "transaction \(index): malformed patch \(raw)") }
                return Patch(position: position, deleteCount: deleteCount, insert: insert)
            }
            let baseLength: Int? = parents.isEmpty ? 0 : parents.count == 1 ? targetLengths[parents[0]] : nil
            made[agent] += 1
            version[agent] += 1
            versions.append(version)
            targetLengths.append(try baseLength.map { try Self.change(of: patches, baseLength: $0).targetLength })
            transactions.append(
                Transaction(
                    agent: agent, number: made[agent], seenOfOther: version[1 - agent], patches: patches,
                    baseLength: baseLength))
        }
    }

    /// The patches as one change against a text of `baseLength` scalars.
    ///
    /// - Throws: `FormatError` when a patch reaches beyond the text.
    public static func change(of patches: [Patch], baseLength: Int) throws -> ChangeSet {
        var result = ChangeSet.identity(length: baseLength)
        for patch in patches {
            let length = result.targetLength
            guard patch.position + patch.deleteCount <= length else {
                throw FormatError(
                    description: "patch at \(patch.position) deleting \(patch.deleteCount) beyond \(length)")
            }
            let step = ChangeSet.replacing(
                patch.position..<patch.position + patch.deleteCount, with: patch.insert, baseLength: length)
            result = try result.composed(with: step)
        }
        return result
    }
}
