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
        var network = SimulatedNetwork(text: "⟦1.3⟧\n", editorCount: 2)
        network.connect(0)
        _ = network.settle()
        #expect(network.isSettled)
        network.connect(1)
        _ = network.settle()
        #expect(network.isSettled)
        network.disconnect(0)
        network.edit(0, replacing: 0..<0, with: "⟦1.5⟧\n")
        network.tick(0)
        network.edit(0, replacing: 12..<12, with: "⟦3.9⟧\n")
        network.tick(0)
        network.edit(1, replacing: 0..<0, with: "⟦1.38⟧\n")
        network.tick(1)
        if bFirst { _ = network.deliverToHost(from: 1) }
        network.connect(0)
        _ = network.settle()
        #expect(network.isSettled)
        let lines = network.host.text.string.split(separator: "\n").map(String.init)
        #expect(lines.sorted() == ["⟦1.38⟧", "⟦1.3⟧", "⟦1.5⟧", "⟦3.9⟧"].sorted(), "host text \(lines)")
        for editor in network.editors { #expect(editor.buffer == network.host.text) }
    }

    /// The same with a change in flight instead of a lost connection: A's first edit is in flight while it makes
    /// two more (🇫🇷 and combining marks around), B's line arrives first; every line comes out whole.
    @Test func linesTypedWhileAChangeIsInFlightStayWhole() {
        var network = SimulatedNetwork(text: "⟦é̱.3⟧\n", editorCount: 2)
        network.connect(0)
        network.connect(1)
        _ = network.settle()
        #expect(network.isSettled)
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
        _ = network.settle()
        #expect(network.isSettled)
        let lines = network.host.text.string.split(separator: "\n").map(String.init)
        #expect(lines.sorted() == ["⟦é̱.38⟧", "⟦é̱.3⟧", "⟦é̱.5⟧", "⟦3.9⟧", "🇫🇷"].sorted(), "host text \(lines)")
        for editor in network.editors { #expect(editor.buffer == network.host.text) }
    }

    /// Two edits within one sync interval, each observed after it was made (as the editor does after each input),
    /// go out in one submission that keeps both boundaries.
    @Test func editsObservedOneByOneWithinATickStayWhole() {
        var network = SimulatedNetwork(text: "⟦1.3⟧\n", editorCount: 2)
        network.connect(0)
        network.connect(1)
        _ = network.settle()
        #expect(network.isSettled)
        network.edit(0, replacing: 0..<0, with: "⟦1.5⟧\n")
        network.editors[0].client.observe(network.editors[0].buffer)
        network.edit(0, replacing: 12..<12, with: "⟦3.9⟧\n")
        network.edit(1, replacing: 0..<0, with: "⟦1.38⟧\n")
        network.tick(1)
        _ = network.deliverToHost(from: 1)
        network.tick(0)
        _ = network.settle()
        #expect(network.isSettled)
        let lines = network.host.text.string.split(separator: "\n").map(String.init)
        #expect(lines.sorted() == ["⟦1.38⟧", "⟦1.3⟧", "⟦1.5⟧", "⟦3.9⟧"].sorted(), "host text \(lines)")
    }
}
