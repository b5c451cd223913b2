import EditorCore
import SyncEngine
import TestSupport

/// One seeded random collaboration session on a `SimulatedNetwork`, and the checks of its outcome.
///
/// 2–8 editors make random edits (non-ASCII text from `RandomText`, each insert carrying a unique marker scalar
/// from the supplementary private use area), tick at random, report cursors, lose their connection (with the
/// messages on its links) and come back, while messages are delivered one at a time on randomly chosen links
/// (FIFO within a link: random delays and reordering between links). Then everyone reconnects and the network
/// settles. `problems` lists every check that failed; empty means the run is correct.
public struct RandomSession: Sendable {
    /// The shape of a session.
    public struct Options: Sendable {
        /// How many editors (drawn uniformly).
        public var editorCount: ClosedRange<Int> = 2...8
        /// How many random steps before settling.
        public var steps: Int = 40
        /// The host's log window; small windows force the snapshot fallback for long-disconnected editors.
        public var logWindow: Int = 100_000
        /// Whether to drop and restore connections.
        public var disconnects: Bool = true
        /// Whether some hashes arrive corrupted (forcing resyncs through snapshots).
        public var corruptHashes: Bool = false
        /// Whether the run must stay on the exact path (no snapshot fallback, no conflict): true unless the log
        /// window is small.
        public var expectExact: Bool = true

        /// Default options: short exact sessions with disconnects.
        public init() {}
    }

    /// The outcome of a run.
    public struct Report: Sendable {
        /// The seed that replays it.
        public var seed: UInt64
        /// How many editors took part.
        public var editorCount: Int
        /// How many revisions the host accepted.
        public var revisions: Int
        /// How many marker inserts were made, and how many of them users deleted again.
        public var markersInserted: Int, markersDeleted: Int
        /// Markers that a diff deleted and inserted again elsewhere (see `markerProblems`).
        public var markersMovedByDiff: Int
        /// Whether any editor went through the snapshot fallback (a merge of local work onto a snapshot).
        public var usedFallback: Bool
        /// How many hash mismatches editors detected (only with `corruptHashes`).
        public var hashMismatches: Int
        /// How many times an editor resumed exactly after a reconnect.
        public var resumes: Int
        /// Markers missing from the final text that no user deleted, and how many of those a conflict reported.
        public var markersLost: Int, markersLostButReported: Int
        /// Hunks reported as conflicts, across editors.
        public var conflicts: Int
        /// The final host text.
        public var finalText: String
        /// Every failed check, in words (empty when the run is correct).
        public var problems: [String]
        /// The network's trace, when run with `tracing`.
        public var trace: [String]
    }

    /// The first marker scalar: U+F0000 (supplementary private use area A).
    static let firstMarker: UInt32 = 0xF0000

    /// Runs one session from `seed`.
    public static func run(seed: UInt64, options: Options = Options(), tracing: Bool = false) -> Report {
        var session = RandomSession(seed: seed, options: options)
        session.network.isTracing = tracing
        session.runSteps()
        return session.finish()
    }

    private var random: SeededGenerator
    private let options: Options
    private var network: SimulatedNetwork
    private var nextMarker: UInt32 = firstMarker
    private var deletedMarkers: Set<Unicode.Scalar> = []

    private init(seed: UInt64, options: Options) {
        random = SeededGenerator(seed: seed)
        self.options = options
        let count = Int.random(in: options.editorCount, using: &random)
        let text = RandomText.string(maxFragments: 12, using: &random)
        network = SimulatedNetwork(
            text: text, editorCount: count, configuration: .init(logWindow: options.logWindow))
        network.coalescesAcks = seed % 2 == 1  // half the sessions: cumulative acks, as the real host sends them
        for index in 0..<count { network.connect(index) }
    }

    private mutating func runSteps() {
        let count = network.editors.count
        for _ in 0..<options.steps {
            let index = Int.random(in: 0..<count, using: &random)
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<30: randomEdit(index)
            case 30..<45: network.tick(index)
            case 45..<88: deliverOnRandomLink()
            case 88..<93: network.reportSelection(index)
            case 93..<96 where options.disconnects: network.disconnect(index)
            default: network.connect(index)
            }
        }
    }

    /// A random insert (with a fresh marker), delete or replace at a random place of editor `index`'s buffer.
    ///
    /// Editors that never joined have no document yet and cannot edit (the shell shows the host's text first).
    private mutating func randomEdit(_ index: Int) {
        guard network.editors[index].client.synced != nil else { return }
        let length = network.editors[index].buffer.scalarCount
        let start = Int.random(in: 0...length, using: &random)
        let deleteCount =
            Int.random(in: 0...3, using: &random) == 0 ? 0 : Int.random(in: 0...min(4, length - start), using: &random)
        var text = ""
        if deleteCount == 0 || Bool.random(using: &random) {
            text = RandomText.string(maxFragments: 3, using: &random)
            text.unicodeScalars.append(Unicode.Scalar(nextMarker)!)
            nextMarker += 1
            text += RandomText.string(maxFragments: 2, using: &random)
        }
        let range = start..<start + deleteCount
        for scalar in network.editors[index].buffer.substring(range).unicodeScalars
        where scalar.value >= Self.firstMarker {
            deletedMarkers.insert(scalar)
        }
        network.edit(index, replacing: range, with: text)
    }

    /// Delivers one message on a randomly chosen non-empty link.
    private mutating func deliverOnRandomLink() {
        let count = network.editors.count
        var links: [Int] = []
        for index in 0..<count {
            if !network.toHost[index].isEmpty { links.append(index) }
            if !network.toEditor[index].isEmpty { links.append(count + index) }
        }
        guard let link = links.randomElement(using: &random) else { return }
        if link < count {
            network.deliverToHost(from: link)
        } else {
            let corrupt = options.corruptHashes && Int.random(in: 0..<4, using: &random) == 0
            network.deliverToEditor(link - count, corruptingHash: corrupt)
        }
    }

    /// Settles the network, reports every cursor, settles again, and checks everything.
    private mutating func finish() -> Report {
        var problems: [String] = []
        if !network.settle() { problems.append("the network did not settle") }
        for index in network.editors.indices { network.reportSelection(index) }
        if !network.settle() { problems.append("the network did not settle after cursor reports") }
        let host = network.host
        let hostText = host.text
        for (index, editor) in network.editors.enumerated() {
            if editor.buffer != hostText { problems.append("editor \(index) buffer differs from the host text") }
            if editor.client.synced?.text != hostText { problems.append("editor \(index) synced text differs") }
        }
        problems += network.violations.map { "host reported a violation: \($0)" }
        let moved = markersMovedByDiff()
        problems += markerProblems(in: hostText.string, moved: moved)
        problems += presenceProblems()
        let ids = network.commits.compactMap(\.id)
        if Set(ids).count != ids.count { problems.append("a change identity was committed twice") }
        let usedFallback = network.editors.contains { editor in
            editor.events.contains { event in
                if case .startedFromSnapshot(_, let reason) = event, reason != .joined { return true }
                return false
            }
        }
        let conflicts = network.editors.reduce(0) { $0 + $1.conflicts.count }
        let present = Set(hostText.string.unicodeScalars)
        let lost = (Self.firstMarker..<nextMarker).map { Unicode.Scalar($0)! }
            .filter { !present.contains($0) && !deletedMarkers.contains($0) }
        let reported = Set(network.editors.flatMap { $0.conflicts.flatMap { $0.insertedText.unicodeScalars } })
        if options.expectExact && (usedFallback || conflicts > 0) {
            problems.append("the exact path was left (fallback \(usedFallback), conflicts \(conflicts))")
        }
        for (index, editor) in network.editors.enumerated() {
            for event in editor.events {
                if case .hashMismatch = event, !options.corruptHashes { problems.append("editor \(index): \(event)") }
                if case .invalidChange = event { problems.append("editor \(index): \(event)") }
                if case .ignored(let what) = event, what.hasPrefix("SIMULATION") {
                    problems.append("editor \(index): \(what)")
                }
            }
        }
        return Report(
            seed: random.seed, editorCount: network.editors.count, revisions: host.revision,
            markersInserted: Int(nextMarker - Self.firstMarker), markersDeleted: deletedMarkers.count,
            markersMovedByDiff: moved.count,
            usedFallback: usedFallback,
            hashMismatches: network.editors.flatMap(\.events).filter {
                if case .hashMismatch = $0 { true } else { false }
            }.count,
            resumes: network.hostEvents.filter { if case .joined(_, true) = $0 { true } else { false } }.count,
            markersLost: lost.count, markersLostButReported: lost.filter(reported.contains).count,
            conflicts: conflicts, finalText: hostText.string, problems: problems,
            trace: network.trace)
    }

    /// Markers inserted by more than one submission: the diff of a buffer deleted them and inserted them again
    /// (a diff is free to align a text differently from how the user typed it, e.g. "aMb" → "abM" may keep "ab").
    private func markersMovedByDiff() -> Set<Unicode.Scalar> {
        var inserters: [Unicode.Scalar: Int] = [:]
        for submission in network.submissions {
            var seen: Set<Unicode.Scalar> = []
            for case .insert(let text) in submission.change.operations {
                for scalar in text.unicodeScalars where scalar.value >= Self.firstMarker { seen.insert(scalar) }
            }
            for marker in seen { inserters[marker, default: 0] += 1 }
        }
        return Set(inserters.filter { $0.value > 1 }.keys)
    }

    /// Every marker inserted and not deleted by a user is in the text (exactly once, unless a diff moved it); a
    /// marker a user deleted is not (unless a diff moved it: then a concurrent move may bring it back).
    private func markerProblems(in text: String, moved: Set<Unicode.Scalar>) -> [String] {
        var counts: [Unicode.Scalar: Int] = [:]
        for scalar in text.unicodeScalars where scalar.value >= Self.firstMarker { counts[scalar, default: 0] += 1 }
        var problems: [String] = []
        for value in Self.firstMarker..<nextMarker {
            let marker = Unicode.Scalar(value)!
            let count = counts[marker] ?? 0
            if count > 1 && !moved.contains(marker) {
                problems.append("marker \(value - Self.firstMarker) appears \(count) times")
            }
            if count == 0 && !deletedMarkers.contains(marker) && options.expectExact {
                problems.append("marker \(value - Self.firstMarker) was lost")
            }
            if count >= 1 && deletedMarkers.contains(marker) && !moved.contains(marker) && options.expectExact {
                problems.append("marker \(value - Self.firstMarker) was deleted by a user but is back")
            }
        }
        return problems
    }

    /// Each editor sees every other editor's selection where that editor has it.
    private func presenceProblems() -> [String] {
        var problems: [String] = []
        for (viewer, editor) in network.editors.enumerated() {
            for (other, peer) in network.editors.enumerated() where other != viewer {
                guard let participant = network.participantOfEditor[other] else { continue }
                let seen = editor.remoteSelections[participant]
                if seen != [peer.selection] {
                    problems.append(
                        "editor \(viewer) sees editor \(other)'s selection as \(String(describing: seen)), "
                            + "not \(peer.selection)")
                }
            }
        }
        return problems
    }
}
