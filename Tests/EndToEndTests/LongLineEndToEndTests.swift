#if canImport(Glibc)
import Glibc
#endif
import BlockingTestThreads
import Foundation
import Testing

/// Typing in the middle of a very long line (minified text): the real binary in tmux, checked on screen and on disk.
@Suite(.serialized, .blockingThreads, .timeLimit(.minutes(1))) struct LongLineEndToEndTests {
    @Test func typingInTheMiddleOfA200000CharacterLine() throws {
        let environment = try EndToEndEnvironment()
        let half = String(repeating: "ab漢é ", count: 20_000)  // 100,000 graphemes, 120,000 columns
        let session = try environment.openEditor("long.txt", text: half + "[MID]" + half + "\nnext\n")
        defer { session.close() }
        try session.press("C-l")
        try session.type("1:100004")  // before the "D" of "[MID]"
        try session.press("Enter")
        try session.waitFor(" 1:100004 ")
        try session.type("XYZ漢é")
        // One frame holds both; a capture under load can catch tmux between the text row and the status line.
        let screen = try session.waitUntil("the insertion and its column") {
            $0.contains("[MIXYZ漢éD]") && $0.contains(" 1:100009 ")
        }
        // The text before the insertion is drawn as it is in the file.
        #expect(screen.contains("ab漢é ab漢é [MIXYZ漢éD]"))
        try session.press("End")
        try session.waitFor(" 1:200011 ")
        try session.press("Home")
        try session.waitFor(" 1:1 ")
        try session.press("C-s")
        try session.waitFor("Saved long.txt")
        #expect(environment.bytes(of: "long.txt") == Array((half + "[MIXYZ漢éD]" + half + "\nnext\n").utf8))
    }
}
