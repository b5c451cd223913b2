import EditorModel
import Foundation
import Testing

/// Resources/help.txt is the editor's own key list, word for word.
@Suite struct HelpResourceTests {
    @Test func helpFileMatchesTheEditorsHelpText() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let file = try String(contentsOf: root.appendingPathComponent("Resources/help.txt"), encoding: .utf8)
        #expect(file == Editor.helpText + "\n", "regenerate Resources/help.txt from Editor.helpText")
    }
}
