import BlockingTestThreads
import Foundation
import Testing

/// Incremental find, replace (one, skip, all) and go to line, in the real binary.
@Suite(.serialized, .blockingThreads, .timeLimit(.minutes(1))) struct FindAndGoToTests {
    @Test func incrementalFindIsCaseInsensitiveWrapsAndStaysAtTheMatch() throws {
        let environment = try EndToEndEnvironment()
        let session = try environment.openEditor("find.txt", text: "alpha\nbeta Alpha\ngamma alpha\n")
        defer { session.close() }
        try session.press("C-f")
        try session.type("alpha")
        try session.waitFor("Find: alpha")
        try session.press("Enter", "Enter")  // next match twice: "Alpha" (no capitals typed: any case), then line 3
        try session.waitFor(" 3:12 ")
        try session.press("C-f")  // stay at the match, selected
        try session.type("X")
        try session.press("C-n")  // next match of the last search wraps around to line 1
        try session.waitFor(" 1:6 ")
        try session.press("C-s")
        try session.waitFor("Saved find.txt")
        #expect(environment.bytes(of: "find.txt") == Array("alpha\nbeta Alpha\ngamma X\n".utf8))
    }

    @Test func findWithACapitalIsCaseSensitive() throws {
        let environment = try EndToEndEnvironment()
        let session = try environment.openEditor("case.txt", text: "alpha\nbeta Alpha\n")
        defer { session.close() }
        try session.press("C-f")
        try session.type("Alpha")
        try session.waitFor(" 2:11 ")
        try session.press("C-f")
        try session.type("Ω")
        try session.press("C-s")
        try session.waitFor("Saved case.txt")
        #expect(environment.bytes(of: "case.txt") == Array("alpha\nbeta Ω\n".utf8))
    }

    @Test func replaceOneSkipAndAll() throws {
        let environment = try EndToEndEnvironment()
        let session = try environment.openEditor("replace.txt", text: "café\nun café\ndeux café café\n")
        defer { session.close() }
        try session.press("C-r")
        try session.type("café")
        try session.press("Enter")
        try session.waitFor("Replace \"café\" with:")
        try session.type("thé")
        try session.press("Enter")
        try session.waitFor("Replace this match?")
        try session.press("y", "n", "a")
        try session.waitFor("Replaced 3 occurrences")
        try session.press("C-s")
        try session.waitFor("Saved replace.txt")
        #expect(environment.bytes(of: "replace.txt") == Array("thé\nun café\ndeux thé thé\n".utf8))
    }

    @Test func goToLineAndColumn() throws {
        let environment = try EndToEndEnvironment()
        let session = try environment.openEditor("goto.txt", text: "l1\nl2 漢字\nl3 text\n")
        defer { session.close() }
        try session.press("C-l")
        try session.waitFor("Go to line")
        try session.type("3")
        try session.press("Enter")
        try session.type("#")
        try session.press("C-l")
        try session.type("2:4")
        try session.press("Enter")
        try session.type("@")
        try session.press("C-s")
        try session.waitFor("Saved goto.txt")
        #expect(environment.bytes(of: "goto.txt") == Array("l1\nl2 @漢字\n#l3 text\n".utf8))
    }
}
