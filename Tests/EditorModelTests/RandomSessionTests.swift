import EditorCore
import Testing
import TestSupport

@testable import EditorModel

/// Random key sequences on random non-ASCII text: nothing traps, the selection stays in range on grapheme
/// boundaries, frames keep their invariants, and undoing every local edit gives back the original text.
@Suite("Random sessions")
struct RandomSessionTests {
    /// A random event: keys of every kind (with modifiers), pastes, mouse actions, resizes.
    static func randomEvent(using generator: inout SeededGenerator) -> InputEvent {
        let keys: [Key] = [
            .enter, .tab, .backspace, .delete, .escape, .up, .down, .left, .right, .home, .end, .pageUp, .pageDown,
            .function(1), .function(3),
        ]
        let modifierSets: [Modifiers] = [[], [], [], .shift, .control, [.control, .shift], .alt]
        let letters: [Character] = ["a", "c", "x", "v", "z", "y", "f", "r", "l", "s", "q", "n", "p", "g", "w"]
        switch Int.random(in: 0..<100, using: &generator) {
        case 0..<30:
            let fragment = RandomText.fragments.randomElement(using: &generator)!
            let character = fragment.randomElement(using: &generator)!
            return .key(KeyPress(.character(character == "\n" ? "x" : character)))
        case 30..<62:
            return .key(KeyPress(keys.randomElement(using: &generator)!,
                modifiers: modifierSets.randomElement(using: &generator)!))
        case 62..<80:
            let modifiers: Modifiers = Bool.random(using: &generator) ? .control : .alt
            return .key(KeyPress(.character(letters.randomElement(using: &generator)!), modifiers: modifiers))
        case 80..<86:
            return .paste(RandomText.string(maxFragments: 6, using: &generator))
        case 86..<97:
            let actions: [MouseEvent.Action] = [.press, .drag, .release, .scrollUp, .scrollDown]
            return .mouse(MouseEvent(action: actions.randomElement(using: &generator)!,
                row: Int.random(in: -2...14, using: &generator), column: Int.random(in: -2...42, using: &generator),
                modifiers: Bool.random(using: &generator) ? [] : .shift))
        default:
            return .resize(
                rows: Int.random(in: 0...14, using: &generator), columns: Int.random(in: 0...42, using: &generator))
        }
    }

    /// Replies to a save the way a shell might: success, failure, or "changed on disk".
    static func reply(to effects: [EditorEffect], editor: inout Editor, using generator: inout SeededGenerator) {
        let saves = effects.contains { if case .save = $0 { true } else { false } }
        if saves {
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: _ = editor.saveSucceeded()
            case 1: editor.saveFailed(reason: "disk full")
            default: editor.confirmOverwriteAfterExternalChange()
            }
            return
        }
    }

    static func checkInvariants(_ editor: Editor, seed: UInt64, step: Int) {
        let buffer = editor.document.buffer
        let selection = editor.selection
        let inRange = (0...buffer.scalarCount).contains(selection.anchor)
            && (0...buffer.scalarCount).contains(selection.head)
        #expect(inRange, "seed \(seed) step \(step): selection \(selection) outside 0...\(buffer.scalarCount)")
        guard inRange else { return }
        #expect(buffer.isGraphemeBoundary(selection.head) && buffer.isGraphemeBoundary(selection.anchor),
            "seed \(seed) step \(step): selection \(selection) inside a grapheme cluster")
    }

    @Test("random keys never trap and keep the selection valid; undoing everything restores the text")
    func randomKeys() {
        for seed in TestBudget.caseSeeds(24) {
            var generator = SeededGenerator(seed: seed)
            var text = RandomText.string(maxFragments: 60, using: &generator)
            if Bool.random(using: &generator) { text = text.map { $0 == "\n" ? "\r\n" : String($0) }.joined() }
            let configuration = EditorConfiguration(
                tabWidth: Int.random(in: 1...8, using: &generator), colorEnabled: Bool.random(using: &generator),
                softWrap: Bool.random(using: &generator))
            let fileName = ["a.tex", "b.md", "c.txt"].randomElement(using: &generator)!
            var editor = Editor(text: text, fileName: fileName, configuration: configuration, rows: 12, columns: 40)
            for step in 0..<TestBudget.iterations(150) {
                let effects = editor.handle(Self.randomEvent(using: &generator))
                Self.reply(to: effects, editor: &editor, using: &generator)
                Self.checkInvariants(editor, seed: seed, step: step)
                if step % 5 == 0 {
                    let problems = editor.render().invariantViolations()
                    #expect(problems.isEmpty, "seed \(seed) step \(step): \(problems)")
                }
            }
            let finalText = editor.document.buffer.string
            // Leave any prompt, then undo every step: the original text comes back; redo returns to the end.
            editor.press(escape, escape, escape)
            var undone = 0
            while editor.history.canUndo, undone < 10_000 {
                editor.perform(.undo)
                undone += 1
            }
            #expect(editor.document.buffer.string == text, "seed \(seed): undo all")
            while editor.history.canRedo, undone > 0 {
                editor.perform(.redo)
                undone -= 1
            }
            #expect(editor.document.buffer.string == finalText, "seed \(seed): redo all")
        }
    }

    @Test("random local and remote edits interleaved keep the view and selection valid")
    func randomRemote() throws {
        for seed in TestBudget.caseSeeds(16, default: 77) {
            var generator = SeededGenerator(seed: seed)
            let text = RandomText.string(maxFragments: 80, using: &generator)
            var editor = Editor(text: text, fileName: "r.md",
                configuration: EditorConfiguration(softWrap: Bool.random(using: &generator)), rows: 10, columns: 30)
            for step in 0..<TestBudget.iterations(120) {
                if Int.random(in: 0..<3, using: &generator) == 0 {
                    let buffer = editor.document.buffer
                    let count = buffer.scalarCount
                    var a = buffer.graphemeBoundary(atOrBefore: Int.random(in: 0...count, using: &generator))
                    var b = buffer.graphemeBoundary(atOrBefore: Int.random(in: 0...count, using: &generator))
                    if a > b { swap(&a, &b) }
                    let insert = RandomText.string(maxFragments: 4, using: &generator)
                    let change = ChangeSet.replacing(a..<b, with: insert, baseLength: count)
                    try editor.apply(change, origin: .remote)
                } else {
                    let effects = editor.handle(Self.randomEvent(using: &generator))
                    Self.reply(to: effects, editor: &editor, using: &generator)
                }
                Self.checkInvariants(editor, seed: seed, step: step)
                if step % 5 == 0 {
                    let problems = editor.render().invariantViolations()
                    #expect(problems.isEmpty, "seed \(seed) step \(step): \(problems)")
                }
            }
            // Undo stays applicable after remote edits: every step applies without clearing the history.
            editor.press(escape, escape, escape)
            while editor.history.canUndo {
                editor.perform(.undo)
                #expect(editor.messageText?.hasPrefix("Undo history cleared") != true, "seed \(seed)")
            }
        }
    }
}
