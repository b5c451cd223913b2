import EditorCore
import SyncEngine

/// Replays a two-agent concurrent trace through the sync engine: each agent is an editor on a
/// `SimulatedNetwork`, the host orders their changes, and every replica must end with the trace's `endContent`.
///
/// Each transaction is made by its agent's editor against the version the trace says it had seen. The editor's
/// messages are delivered lazily, so it sees the other agent's work about as late as the trace says, and the
/// engine merges genuinely concurrent changes (in-flight and unsent work rebased over broadcasts, submissions
/// rebased over many revisions at the host).
///
/// A central server cannot always show an agent *exactly* the trace's version: an agent's changes and the other's
/// broadcasts cross on the way, so an agent can receive more of the other's work than the trace says it had seen
/// at its next transaction. The replay then re-expresses that
/// transaction in the version the editor really has with `ConcurrentTraceGrid` (the same transform, carried over
/// the extra transactions) — the change the user would have made on the text in front of them.
public struct ConcurrentTraceReplay: Sendable {
    /// What the replay saw.
    public struct Report: Sendable {
        /// Each editor's final text, by agent.
        public var editorTexts: [String]
        /// The host's final text.
        public var hostText: String
        /// How many revisions the host accepted.
        public var revisions: Int
        /// Transactions made on a version with more of the other agent's work than the trace's.
        public var transactionsOnALaterVersion: Int
        /// The largest number of extra transactions of the other agent an editor had when making one.
        public var largestExtra: Int
        /// Client events other than the usual (nothing expected).
        public var unexpectedEvents: [String]
        /// Host protocol violations (nothing expected).
        public var violations: [String]
    }

    private var network: SimulatedNetwork
    private var grid: ConcurrentTraceGrid
    /// Per agent: how many of its own transactions it has made.
    private var made = [0, 0]
    /// Per agent: how many of the other agent's transactions its buffer contains.
    private var view = [0, 0]
    /// For each submission: how many of its agent's transactions it carries (all made before it was sent).
    private var carried: [ChangeID: Int] = [:]
    /// Per agent: the last time it was idle (nothing in flight or unsent): at that revision, the host text held
    /// all of its transactions made so far, even those that cancelled out and were never sent.
    private var idle: [(revision: Int, count: Int)?] = [nil, nil]
    private var later = 0
    private var largestExtra = 0

    /// Replays `trace`; `hashBudget` is the host's (hashing is the dominant cost on long traces in debug builds).
    public static func run(_ trace: ConcurrentTrace, hashBudget: Int = 1024) throws -> Report {
        var replay = ConcurrentTraceReplay(trace, hashBudget: hashBudget)
        for transaction in trace.transactions { try replay.make(transaction) }
        return replay.finish()
    }

    private init(_ trace: ConcurrentTrace, hashBudget: Int) {
        network = SimulatedNetwork(text: "", editorCount: 2, configuration: .init(hashBudget: hashBudget))
        grid = ConcurrentTraceGrid(trace)
        // Agent 0 joins first, so it is participant 0 and wins same-position ties, as the trace requires.
        for agent in 0..<2 {
            network.connect(agent)
            network.deliverToHost(from: agent)
        }
        for agent in 0..<2 { while network.deliverToEditor(agent) {} }
    }

    /// Brings the agent's editor to (at least) the transaction's version, then makes it there.
    private mutating func make(_ transaction: ConcurrentTrace.Transaction) throws {
        let agent = transaction.agent
        while view[agent] < transaction.seenOfOther {
            if !network.toEditor[agent].isEmpty {
                consumeOne(agent)
            } else if let idle = idle[1 - agent], idle.count > view[agent],
                let revision = network.editors[agent].client.revision, revision >= idle.revision
            {
                view[agent] = idle.count
            } else if !forceProgress(of: 1 - agent) {
                throw ConcurrentTrace.FormatError(
                    description:
                        "agent \(agent) #\(transaction.number) (seen \(transaction.seenOfOther)) waits for work "
                        + "the other agent never sent: views \(view), made \(made), in flight "
                        + "\(network.editors.map { $0.client.inFlight?.submission.id.description ?? "-" }), "
                        + "phases \(network.editors.map(\.client.phase))")
            }
        }
        let extra = view[agent] - transaction.seenOfOther
        if extra > 0 {
            later += 1
            largestExtra = max(largestExtra, extra)
        }
        let change: ChangeSet
        do {
            change = try grid.change(agent: agent, number: transaction.number, other: view[agent])
        } catch {
            throw ConcurrentTrace.FormatError(
                description: "agent \(agent) #\(transaction.number) at \(view[agent]) of the other's: \(error)")
        }
        guard change.baseLength == network.editors[agent].buffer.scalarCount else {
            throw ConcurrentTrace.FormatError(
                description: "agent \(agent) #\(transaction.number): the change needs \(change.baseLength) scalars, "
                    + "the editor has \(network.editors[agent].buffer.scalarCount)")
        }
        network.apply(agent, change: change)
        made[agent] += 1
        while case .ack? = network.toEditor[agent].first { consumeOne(agent) }
        network.tick(agent)
        noteSubmission(of: agent)
    }

    /// Delivers the oldest message to `agent` (and its resulting submission to the host).
    private mutating func consumeOne(_ agent: Int) {
        if case .broadcast(let broadcast) = network.toEditor[agent].first,
            let id = network.commits[broadcast.revision - 1].id, let count = carried[id]
        {
            view[agent] = count
        }
        network.deliverToEditor(agent)
        noteSubmission(of: agent)
    }

    /// Makes the other agent send what it has: its messages in, an ack consumed, a tick. Returns whether anything
    /// moved.
    private mutating func forceProgress(of agent: Int) -> Bool {
        let before = network.commits.count
        let queued = network.toEditor[agent].count
        while network.deliverToHost(from: agent) {}
        while !network.toEditor[agent].isEmpty { consumeOne(agent) }
        network.tick(agent)
        noteSubmission(of: agent)
        let editor = network.editors[agent]
        var becameIdle = false
        if editor.client.inFlight == nil, let synced = editor.client.synced, synced.text == editor.buffer,
            idle[agent]?.count != made[agent]
        {
            idle[agent] = (synced.revision, made[agent])
            becameIdle = true
        }
        return network.commits.count > before || queued > 0 || becameIdle
    }

    /// Records how many transactions a new submission carries and sends it to the host at once.
    private mutating func noteSubmission(of agent: Int) {
        if let id = network.editors[agent].client.inFlight?.submission.id, carried[id] == nil {
            carried[id] = made[agent]
        }
        while network.deliverToHost(from: agent) {}
    }

    private mutating func finish() -> Report {
        network.settle()
        let unexpected = network.editors.flatMap(\.events).compactMap { event -> String? in
            switch event {
            case .startedFromSnapshot(_, .joined), .ignored: nil
            default: "\(event)"
            }
        }
        return Report(
            editorTexts: network.editors.map(\.buffer.string), hostText: network.host.text.string,
            revisions: network.host.revision, transactionsOnALaterVersion: later, largestExtra: largestExtra,
            unexpectedEvents: unexpected, violations: network.violations.map(\.description))
    }
}
