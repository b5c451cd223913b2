import Foundation
import Testing

/// A joiner's offline edits that cannot merge after a reconnect are kept in a conflict file beside its FILE
/// (real `coedit-peer` processes; the host restarts without history, so the joiner's base is unknown to it).
@Suite("Conflict files after a reconnect (processes)", .serialized)
struct ConflictFileProcessTests {
    @Test("offline edits of text the restarted host no longer has go to FILE.coedit-conflict-…, the rest merges")
    func offlineEditsKeptInAConflictFile() async throws {
        let scratch = try PeerScratch()
        let words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett"]
        let original = words.map { "\($0) — ünïcode ✓ \(String($0.reversed()))" }.joined(separator: "\n") + "\n"
        try Data(original.utf8).write(to: URL(fileURLWithPath: scratch.documents + "/doc.txt"))
        let host = try scratch.start(["doc.txt", "--listen", "127.0.0.1:0", "--token", "cf", "--name", "host"])
        guard let listening = await host.line(startingWith: "listening "),
            let port = listening.split(separator: ":").last.map(String.init)
        else {
            Issue.record("the host did not start: \(host.errorText)")
            return
        }
        let ann = try scratch.start(["a.txt", "--join", "127.0.0.1:\(port)", "--token", "cf", "--name", "ann"])
        ann.send(["wait-peers 2", "wait-quiet 100", "print"])
        #expect(await ann.line(startingWith: "text alpha") != nil, "\(ann.errorText)")
        host.killHard()
        #expect(await ann.line(startingWith: "status-changed offline") != nil, "\(ann.output)")

        // Offline, ann edits the juliett line and the bravo line (the later one first: offsets stay right).
        func offset(of word: String) -> Int {
            original.unicodeScalars.distance(
                from: original.unicodeScalars.startIndex, to: original.range(of: word)!.lowerBound.samePosition(in: original.unicodeScalars)!)
        }
        ann.send(["insert \(offset(of: "juliett")) ANN ", "insert \(offset(of: "bravo")) ann's "])

        // The host comes back without history, its first half rewritten: bravo is gone.
        let rewritten = "REWRITTEN 漢字\n" + original[original.range(of: "foxtrot")!.lowerBound...]
        try Data(rewritten.utf8).write(to: URL(fileURLWithPath: scratch.documents + "/doc.txt"))
        let restarted = try scratch.start(["doc.txt", "--listen", "127.0.0.1:\(port)", "--token", "cf", "--name", "host"])
        #expect(await restarted.line(startingWith: "listening ") != nil, "\(restarted.errorText)")
        ann.send(["wait-text ANN juliett", "wait-quiet 200", "print", "quit"])
        let conflict = await ann.line(startingWith: "conflict ")
        #expect(await ann.exitStatus() == 0, "\(ann.errorText) \(ann.output)")
        restarted.send(["quit"])
        _ = await restarted.exitStatus()

        let parts = try #require(conflict, "\(ann.output)").split(separator: " ", maxSplits: 2)
        #expect(parts.count == 3 && parts[1] == "1", "\(parts)")
        let path = String(parts[2])
        #expect(path.hasPrefix("a.txt.coedit-conflict-") || path.contains("/a.txt.coedit-conflict-"), "\(path)")
        let kept = try String(contentsOfFile: path.hasPrefix("/") ? path : scratch.documents + "/" + path, encoding: .utf8)
        #expect(kept.contains("you inserted:\nann's "), "\(kept)")
        let text = ann.output.last { $0.hasPrefix("text ") } ?? ""
        #expect(text.contains("REWRITTEN 漢字") && text.contains("ANN juliett") && !text.contains("ann's"), "\(text)")
    }
}
