import EditorCore
import SyncEngine
import SyncTestSupport
import Testing

/// The TP2 puzzle through the host and three clients: base "abcd"; concurrently x after c, y before c, delete b.
@Suite struct TP2PuzzleTests {
    /// The three concurrent edits, by editor: insert "x" after "c", insert "y" before "c", delete "b".
    static let edits: [(range: Range<Int>, text: String)] = [(3..<3, "x"), (2..<2, "y"), (1..<2, "")]

    /// Every order of the three submissions arriving at the host.
    static let orders: [[Int]] = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]

    @Test(arguments: orders, [false, true])
    func givesAycxdInEveryOrder(order: [Int], clientsReadBetween: Bool) {
        var network = SimulatedNetwork(text: "abcd", editorCount: 3)
        for index in 0..<3 { network.connect(index) }
        let settled0 = network.settle()
        #expect(settled0)
        for (index, edit) in Self.edits.enumerated() {
            network.edit(index, replacing: edit.range, with: edit.text)
            network.tick(index)
        }
        for index in order {
            network.deliverToHost(from: index)
            if clientsReadBetween {
                for reader in 0..<3 { while network.deliverToEditor(reader) {} }
            }
        }
        let settled1 = network.settle()
        #expect(settled1)
        #expect(network.host.text.string == "aycxd", "order \(order)")
        for editor in network.editors {
            #expect(editor.buffer.string == "aycxd", "order \(order)")
        }
        #expect(network.violations.isEmpty)
    }

    /// The same with non-ASCII text: "日b😀d"; x = "é" after "😀", y = "👩‍💻" before "😀", delete "b".
    @Test(arguments: orders)
    func givesTheSameWithNonASCII(order: [Int]) {
        var network = SimulatedNetwork(text: "日b😀d", editorCount: 3)
        for index in 0..<3 { network.connect(index) }
        let settled2 = network.settle()
        #expect(settled2)
        let edits: [(Range<Int>, String)] = [(3..<3, "é"), (2..<2, "👩‍💻"), (1..<2, "")]
        for (index, edit) in edits.enumerated() {
            network.edit(index, replacing: edit.0, with: edit.1)
            network.tick(index)
        }
        for index in order { network.deliverToHost(from: index) }
        let settled3 = network.settle()
        #expect(settled3)
        for editor in network.editors { #expect(editor.buffer.string == "日👩‍💻😀éd", "order \(order)") }
    }
}
