import EditorCore
import SyncEngine
import SyncTestSupport
import TestSupport
import Testing

/// Several edits made while nothing could be sent (offline, or a change in flight) keep their boundaries: each is
/// one contiguous insert, so a concurrent insert next to the text around it never lands inside it.
@Suite struct EditBoundaryTests {
    /// Base `⟦1.3⟧`; offline, A types a line above it and a line below it, while B types `⟦1.38⟧` above it (B's
    /// diff keeps the common `⟦1.3` and inserts `8⟧⏎⟦1.3` after it). One diff of A's two edits would keep `⟦1.`
    /// of the new first line and `3` of the old one and hand the rest out as two inserts, the second of them where
    /// B's insert goes, and the two would be spliced into `⟦3.98⟧` (A's tie rank is lower, so A's insert lands
    /// first). Each line must come out whole, in every arrival order at the host.
    @Test(arguments: [false, true])
    func linesTypedOfflineStayWhole(bFirst: Bool) {
        var network = Self.twoEditors(on: "⟦1.3⟧\n")
        network.disconnect(0)
        network.edit(0, replacing: 0..<0, with: "⟦1.5⟧\n")
        network.tick(0)
        network.edit(0, replacing: 12..<12, with: "⟦3.9⟧\n")
        network.tick(0)
        network.edit(1, replacing: 0..<0, with: "⟦1.38⟧\n")
        network.tick(1)
        if bFirst { _ = network.deliverToHost(from: 1) }
        network.connect(0)
        Self.expectSettled(&network, withLines: ["⟦1.38⟧", "⟦1.3⟧", "⟦1.5⟧", "⟦3.9⟧"])
    }

    /// The same with a change in flight instead of a lost connection: A's first edit is in flight while it makes
    /// two more (🇫🇷 and combining marks around), B's line arrives first; every line comes out whole.
    @Test func linesTypedWhileAChangeIsInFlightStayWhole() {
        var network = Self.twoEditors(on: "⟦é̱.3⟧\n")
        network.edit(0, replacing: 0..<0, with: "🇫🇷\n")
        network.tick(0)  // in flight
        network.edit(0, replacing: 0..<0, with: "⟦é̱.5⟧\n")
        network.tick(0)
        let end = network.editors[0].buffer.scalarCount
        network.edit(0, replacing: end..<end, with: "⟦3.9⟧\n")
        network.tick(0)
        network.edit(1, replacing: 0..<0, with: "⟦é̱.38⟧\n")
        network.tick(1)
        _ = network.deliverToHost(from: 1)
        Self.expectSettled(&network, withLines: ["⟦é̱.38⟧", "⟦é̱.3⟧", "⟦é̱.5⟧", "⟦3.9⟧", "🇫🇷"])
    }

    /// Two edits within one sync interval, each observed after it was made (as the editor does after each input),
    /// go out in one submission that keeps both boundaries.
    @Test func editsObservedOneByOneWithinATickStayWhole() {
        var network = Self.twoEditors(on: "⟦1.3⟧\n")
        network.edit(0, replacing: 0..<0, with: "⟦1.5⟧\n")
        network.editors[0].client.observe(network.editors[0].buffer)
        network.edit(0, replacing: 12..<12, with: "⟦3.9⟧\n")
        network.edit(1, replacing: 0..<0, with: "⟦1.38⟧\n")
        network.tick(1)
        _ = network.deliverToHost(from: 1)
        network.tick(0)
        Self.expectSettled(&network, withLines: ["⟦1.38⟧", "⟦1.3⟧", "⟦1.5⟧", "⟦3.9⟧"])
    }

    /// Two editors in sync on `text`, joined in order (so editor 0 is participant 0: its inserts win ties).
    private static func twoEditors(on text: String) -> SimulatedNetwork {
        var network = SimulatedNetwork(text: text, editorCount: 2)
        for index in 0..<2 {
            network.connect(index)
            _ = network.settle()
        }
        #expect(network.isSettled)
        return network
    }

    /// Settles `network` and expects the host's lines to be `lines` (in any order) and every editor in sync.
    private static func expectSettled(
        _ network: inout SimulatedNetwork, withLines lines: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        _ = network.settle()
        #expect(network.isSettled, sourceLocation: sourceLocation)
        let hostLines = network.host.text.string.split(separator: "\n").map(String.init)
        #expect(hostLines.sorted() == lines.sorted(), "host text \(hostLines)", sourceLocation: sourceLocation)
        for editor in network.editors { #expect(editor.buffer == network.host.text, sourceLocation: sourceLocation) }
    }
}
