import Foundation
import Testing

/// `insert cursor TEXT` in coedit-peer's script language: text typed at the cursor, which moves after it (the crowd
/// benchmark's typists).
@Suite("coedit-peer types at its cursor")
struct PeerTypingAtCursorTests {
    @Test("insert cursor types at the cursor set by cursor, then after what it typed; non-ASCII offsets in scalars")
    func typesAtTheCursor() async throws {
        let scratch = try PeerScratch()
        try Data("héllo wörld".utf8).write(to: URL(fileURLWithPath: scratch.documents + "/typing.txt"))
        let peer = try scratch.start(["typing.txt", "--listen", "127.0.0.1:0", "--name", "typist"])
        peer.send(["cursor 5", "insert cursor ✓", "insert cursor 漢\\u{1F44D}", "print", "insert end !", "insert cursor e\\u{301}", "print", "quit"])
        // Both prints are in once the second one is (stdout is read in order).
        _ = await peer.line(startingWith: "text héllo✓漢👍 wörld!")
        #expect(await peer.exitStatus() == 0, "errors: \(peer.errorText)")
        let texts = peer.output.filter { $0.hasPrefix("text ") }
        #expect(texts == ["text héllo✓漢👍 wörld", "text héllo✓漢👍 wörld!e\u{301}"], "output: \(peer.output)")
        #expect(texts.last?.unicodeScalars.last == "\u{301}")
    }

    @Test("wait-revision waits until the peer is in sync at that revision or later")
    func waitsForARevision() async throws {
        let scratch = try PeerScratch()
        try Data("révision ✓".utf8).write(to: URL(fileURLWithPath: scratch.documents + "/rev.txt"))
        let peer = try scratch.start(["rev.txt", "--listen", "127.0.0.1:0", "--name", "typist"])
        // Three synced edits make revisions 1, 2, 3; waiting for 3 returns once the last is acknowledged.
        peer.send([
            "insert end 一", "wait-quiet 50", "insert end 二", "wait-quiet 50", "insert end 三", "wait-revision 3", "status",
            "quit",
        ])
        let status = await peer.line(startingWith: "status ")
        #expect(await peer.exitStatus() == 0, "errors: \(peer.errorText)")
        let revision = status?.split(separator: " ").first { $0.hasPrefix("revision=") }.flatMap { Int($0.dropFirst(9)) }
        #expect(revision == 3, "status: \(String(describing: status))")
        #expect(status?.hasPrefix("status live") == true, "status: \(String(describing: status))")
    }
}
