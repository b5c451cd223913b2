import EditorCore
import SyncEngine
import SyncTestSupport
import TestSupport
import Testing

/// Seeded sessions on the simulated network where every edit types a whole new line, tagged `⟦editor.n⟧`, at the
/// start of a line of the typist's buffer, while connections drop and messages arrive late: every line must come
/// out whole and exactly once (the churn test's law, without sockets, over many seeds). Lines typed while a change
/// is in flight or while offline pile up and go out together, which is where edit boundaries used to be lost.
@Suite struct LineTypingSessionTests {
    @Test func everyTypedLineStaysWholeAndAppearsOnce() {
        var failures = 0
        var lines = 0
        for seed in TestBudget.caseSeeds(300, default: 31_337) {
            let (typed, text) = Self.run(seed: seed)
            lines += typed.count
            let missing = typed.filter { text.components(separatedBy: $0).count != 2 }
            if !missing.isEmpty {
                failures += 1
                if failures <= 3 {
                    Issue.record("seed \(seed): not exactly once: \(missing.prefix(5)) in \(text.debugDescription)")
                }
            }
        }
        #expect(failures == 0, "\(failures) sessions with a garbled line")
        print("line typing: \(lines) lines typed in \(TestBudget.iterations(300)) sessions")
    }

    /// One session; returns the lines typed and the host's final text.
    static func run(seed: UInt64) -> (lines: [String], text: String) {
        var random = SeededGenerator(seed: seed)
        let editorCount = Int.random(in: 2...5, using: &random)
        var network = SimulatedNetwork(text: "Intro: café 漢字 👩‍💻\n⟦x.0⟧ line two\n", editorCount: editorCount)
        for index in 0..<editorCount { network.connect(index) }
        _ = network.settle()
        var typed: [String] = []
        for step in 0..<60 {
            let index = Int.random(in: 0..<editorCount, using: &random)
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<4:
                let marker = "⟦\(index).\(step)⟧"
                typed.append(marker)
                let buffer = network.editors[index].buffer
                let starts =
                    [0] + buffer.string.unicodeScalars.enumerated().filter { $0.element == "\n" }.map { $0.offset + 1 }
                let start = starts.randomElement(using: &random)!
                let filler = RandomText.string(maxFragments: 2, using: &random).filter { $0 != "\n" }
                network.edit(index, replacing: start..<start, with: marker + filler + "\n")
                // As the coedit shell does after each input (edits within one tick keep their own boundaries).
                network.editors[index].client.observe(network.editors[index].buffer)
                if Bool.random(using: &random) { network.tick(index) }
            case 4..<8:
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    let link = Int.random(in: 0..<editorCount, using: &random)
                    if Bool.random(using: &random) {
                        _ = network.deliverToHost(from: link)
                    } else {
                        _ = network.deliverToEditor(link)
                    }
                }
            case 8:
                network.disconnect(index)
            default:
                network.connect(index)
            }
        }
        for index in 0..<editorCount { network.connect(index) }
        _ = network.settle()
        return (typed, network.host.text.string)
    }
}
