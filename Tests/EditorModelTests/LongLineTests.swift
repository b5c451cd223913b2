import EditorCore
import Testing
import TestSupport

@testable import EditorModel

/// Editing and moving on long lines, where the editor measures from `LineColumnIndex` checkpoints: every frame
/// (text, colours, the status line's column, the cursor, remote cursors) must be the one measured from the line's
/// start, which an editor whose indexes were thrown away draws.
@Suite("Long lines")
struct LongLineTests {
    /// A frame drawn without any column index (every line measured from its start), for the same state.
    private static func frameFromLineStart(_ editor: Editor, remote: RemoteCursors) -> Frame {
        var plain = editor
        plain.document.columnIndexes = ColumnIndexCache()
        return plain.render(remote: remote)
    }

    private static let fragments = ["a", "b", " ", "\t", "漢", "字", "😀", "👩‍💻", "🇫🇷", "e\u{301}", "\u{301}", "é", "{"]

    private static func randomText(_ generator: inout SeededGenerator, count: Int) -> String {
        (0..<count).map { _ in fragments.randomElement(using: &generator)! }.joined()
    }

    @Test("typing, deleting, moving and remote edits on a long line draw what measuring from its start draws")
    func framesMatchMeasuringFromLineStart() throws {
        for seed in TestBudget.caseSeeds(6) {
            var generator = SeededGenerator(seed: seed)
            let long = Self.randomText(&generator, count: 6000)
            let text = "short é\n" + long + "\n漢字 end\n"
            var editor = Editor(text: text, fileName: "long.txt", rows: 10, columns: 41)
            editor.moveCursor(to: 8 + long.unicodeScalars.count / 2)
            var remote = RemoteCursors()
            remote.setPeer(1, name: "ann", colorIndex: 0)
            remote.setPeer(2, name: "陈", colorIndex: 1)
            var indexedSteps = 0
            for step in 0..<40 {
                let head = editor.selection.head
                switch Int.random(in: 0..<10, using: &generator) {
                case 0...3:
                    let typed = Character(Self.fragments.randomElement(using: &generator)!)
                    _ = editor.handle(.key(KeyPress(typed == "\t" ? .tab : .character(typed))))
                case 4: _ = editor.handle(.key(KeyPress(.backspace)))
                case 5: _ = editor.handle(.key(KeyPress(.delete)))
                case 6: _ = editor.handle(.key(KeyPress([.left, .right, .home, .end, .up, .down].randomElement(using: &generator)!)))
                default:
                    // A remote edit just before or after the cursor (or further away), at any scalar offset.
                    let count = editor.document.buffer.scalarCount
                    let at = min(count, max(0, head + Int.random(in: -30...30, using: &generator)))
                    let end = min(count, at + Int.random(in: 0...3, using: &generator))
                    let change = ChangeSet.replacing(at..<end, with: Self.randomText(&generator, count: 2),
                        baseLength: count)
                    try editor.apply(change, origin: .remote)
                    remote.map(through: change)
                }
                let count = editor.document.buffer.scalarCount
                let near = min(count, max(0, editor.selection.head + Int.random(in: -25...25, using: &generator)))
                remote.setSelections([Selection(cursor: near)], of: 1)
                let far = Int.random(in: 0...count, using: &generator)
                remote.setSelections([Selection(anchor: near, head: min(count, near + 7)), Selection(cursor: far)],
                    of: 2)
                let frame = editor.render(remote: remote)
                #expect(frame == Self.frameFromLineStart(editor, remote: remote), "seed \(seed) step \(step)")
                if editor.document.columnIndexes.count >= 1 { indexedSteps += 1 }
            }
            // Most frames were drawn from an index (an edit that adds or removes a line break next to the line
            // drops it until the next command, so not every one).
            #expect(indexedSteps >= 20, "seed \(seed): the long line was indexed in \(indexedSteps) of 40 steps")
        }
    }

    @Test("wide characters straddling both edges of a view scrolled far right, with remote cursors on them")
    func wideCharactersAtTheEdges() {
        let line = String(repeating: "漢a", count: 3000)  // 9,000 columns, a wide character every 3 columns
        var editor = Editor(text: line + "\n", fileName: "wide.txt", rows: 6, columns: 30)
        for target in [4001, 4002, 4003, 4004] {
            editor.moveCursor(to: target)
            let left = editor.viewport.leftColumn
            var remote = RemoteCursors()
            remote.setPeer(1, name: "ann", colorIndex: 0)
            // Peers on the graphemes at the left edge, just inside it and at the right edge.
            let edge = left / 3 * 2
            remote.setSelections([Selection(cursor: edge), Selection(cursor: edge + 2), Selection(cursor: edge + 17)],
                of: 1)
            let frame = editor.render(remote: remote)
            #expect(frame == Self.frameFromLineStart(editor, remote: remote), "cursor at \(target)")
            #expect(frame.cursor != nil, "cursor at \(target)")
        }
    }
}
