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

    @Test func theManPageListsTheSameKeys() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let page = try String(contentsOf: root.appendingPathComponent("Resources/coedit.1"), encoding: .utf8)
        #expect(page.contains(".SH KEYS\n.nf\n" + Editor.helpText + "\n.fi\n"))
        for section in ["NAME", "SYNOPSIS", "OPTIONS", "FILES", "ENVIRONMENT", "EXAMPLES"] {
            #expect(page.contains(".SH \(section)\n"))
        }
    }
}
