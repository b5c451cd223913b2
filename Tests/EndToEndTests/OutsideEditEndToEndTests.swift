import Foundation
import Journal
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The shared file changes on disk during a session (a `git pull`, another editor): the host merges the change as
/// "disk" into the session, every editor shows it, and the users' unsaved edits stay. Real binaries in tmux.
@Suite("Outside edits during a session (tmux)", .serialized, .blockingThreads, .timeLimit(.minutes(2)))
struct OutsideEditEndToEndTests {
    /// Replaces `name` the way git and most editors do: a new file renamed over the old one.
    private func replace(_ name: String, with bytes: [UInt8], in environment: EndToEndEnvironment) throws {
        try environment.write(bytes, to: name + ".incoming")
        guard rename(environment.path(name + ".incoming"), environment.path(name)) == 0 else {
            throw EndToEndFailure("rename failed: \(String(cString: strerror(errno)))")
        }
    }

    @Test("a file rewritten on disk is merged into both editors as \"disk\"; unsaved edits stay; saving keeps all")
    func outsideEditReachesEveryEditor() throws {
        let environment = try EndToEndEnvironment()
        let history = environment.root + "/history"
        try environment.write(Array("first line\nsecond line\nthird line\n".utf8), to: "notes.txt")
        let shared = try environment.startHost("notes.txt", options: ["--history", history])
        let host = shared.session
        defer { host.close() }
        let joiner = try environment.join(shared, file: "copy.txt", name: "ann")
        defer { joiner.close() }
        try joiner.waitFor("2 here")

        // Unsaved edits by both users: the host on line 3, the joiner on line 2.
        try host.press("C-End")
        try host.press("Up")
        try host.press("End")
        try host.type(" — hôst✓")
        try joiner.press("Down")
        try joiner.press("End")
        try joiner.type(" — ann✓")
        try host.waitFor("second line — ann✓")
        try joiner.waitFor("third line — hôst✓")

        // A git pull rewrites line 1 and appends a line.
        try replace("notes.txt", with: Array("FIRST LINE (pulled 漢字)\nsecond line\nthird line\nfourth 😀\n".utf8),
            in: environment)
        let hostScreen = try host.waitFor("notes.txt changed on disk; merged as revision")
        #expect(hostScreen.contains("FIRST LINE (pulled 漢字)"))
        try joiner.waitFor("changed on disk on the host")
        for editor in [host, joiner] {
            let screen = try editor.waitFor("fourth 😀")
            #expect(screen.contains("FIRST LINE (pulled 漢字)"), "\(screen)")
            #expect(screen.contains("second line — ann✓"), "\(screen)")
            #expect(screen.contains("third line — hôst✓"), "\(screen)")
        }
        #expect(try host.capture().contains("notes.txt [+]"), "unsaved session edits: still modified")

        // The host's save is not mistaken for an outside edit, and is not refused as "changed on disk".
        try host.press("C-s")
        try host.waitFor("Saved notes.txt")
        let expected = "FIRST LINE (pulled 漢字)\nsecond line — ann✓\nthird line — hôst✓\nfourth 😀\n"
        #expect(environment.bytes(of: "notes.txt") == Array(expected.utf8))
        usleep(2_500_000)
        #expect(!(try host.capture().contains("changed on disk")), "the host's own save is not an outside edit")

        // With nothing unsaved, an outside edit leaves the host's document unmodified.
        try replace("notes.txt", with: Array((expected + "fifth ✓\n").utf8), in: environment)
        let screen = try host.waitFor("fifth ✓")
        try joiner.waitFor("fifth ✓")
        _ = try host.waitUntil("the modified mark to clear") { !$0.contains("notes.txt [+]") && $0.contains("merged") }
        #expect(screen.contains("third line — hôst✓"))

        // The journal names "disk" as the author of both outside edits.
        let journalURL = JournalLocation.fileURL(
            forDocument: environment.path("notes.txt"), in: URL(fileURLWithPath: history, isDirectory: true))
        let journal = try Journal.open(at: journalURL, readOnly: true)
        defer { journal.close() }
        let authors = try journal.revisions().map(\.authorName)
        #expect(authors.filter { $0 == "disk" }.count == 2, "\(authors)")
    }

    @Test("an outside edit that deletes text the host saved before the host acknowledged it deletes it")
    func outsideDeletionOfJustSavedText() throws {
        let environment = try EndToEndEnvironment()
        try environment.write(Array("début\n".utf8), to: "notes.txt")
        // A slow sync interval: the typed text is not yet sent when Ctrl-S saves it.
        let host = try environment.startHost("notes.txt", options: ["--sync-interval", "1500"]).session
        defer { host.close() }
        try host.waitFor("début")
        try host.type("XYZ ✓ ")
        try host.press("C-s")
        try host.waitFor("Saved notes.txt")
        #expect(environment.bytes(of: "notes.txt") == Array("XYZ ✓ début\n".utf8))
        usleep(2_500_000)  // the edit reaches the host and is acknowledged
        try replace("notes.txt", with: Array("début révisé\n".utf8), in: environment)
        try host.waitFor("début révisé")
        _ = try host.waitUntil("the deleted text gone") { !$0.contains("XYZ") }
    }

    @Test("a deleted file or one that is no longer UTF-8 is reported once and not merged; the text stays")
    func unreadableOrDeletedFile() throws {
        let environment = try EndToEndEnvironment()
        try environment.write(Array("garder ce texte ✓\n".utf8), to: "notes.txt")
        let host = try environment.startHost("notes.txt").session
        defer { host.close() }
        try host.waitFor("garder ce texte ✓")

        try replace("notes.txt", with: [0x61, 0xFF, 0xFE, 0x0A], in: environment)
        try host.waitFor("not UTF-8 text")
        #expect(try host.capture().contains("garder ce texte ✓"))

        try FileManager.default.removeItem(atPath: environment.path("notes.txt"))
        try host.waitFor("was deleted on disk")
        #expect(try host.capture().contains("garder ce texte ✓"))
        try host.press("C-s")
        try host.waitFor("changed on disk")  // asks before (re)writing the file
        try host.type("y")
        try host.waitFor("Saved notes.txt")
        #expect(environment.bytes(of: "notes.txt") == Array("garder ce texte ✓\n".utf8))
    }
}

/// A file changed between sessions while history had unsaved revisions (`RecoveryPlan.changedBoth`): hunks of the
/// file's change that do not merge are kept in a conflict file and the user is told where.
@Suite("Conflicts at restart (tmux)", .serialized, .blockingThreads, .timeLimit(.minutes(2)))
struct RestartConflictEndToEndTests {
    @Test func unmergeableHunksOfAFileChangedBetweenSessionsGoToAConflictFile() throws {
        let environment = try EndToEndEnvironment()
        let history = environment.root + "/history"
        let words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]
        let original = words.map { "\($0) — ünïcode ✓ \(String($0.reversed()))" }.joined(separator: "\n") + "\n"
        try environment.write(Array(original.utf8), to: "notes.txt")
        let first = try environment.startCoedit(["notes.txt", "--history", history], columns: 160, rows: 20)
        defer { first.close() }
        try first.waitFor("^G Help")
        // Unsaved: the first four lines replaced by one.
        for _ in 0..<4 { try first.press("S-Down") }
        try first.type("RÉÉCRIT 漢字\n")
        try first.waitFor("RÉÉCRIT 漢字")
        let journalURL = JournalLocation.fileURL(
            forDocument: environment.path("notes.txt"), in: URL(fileURLWithPath: history, isDirectory: true))
        _ = try first.waitUntil("the journal holds the edit") { _ in
            guard let journal = try? Journal.open(at: journalURL, readOnly: true) else { return false }
            defer { journal.close() }
            return (try? journal.text(at: journal.latestRevision()))?.contains("RÉÉCRIT") ?? false
        }
        try first.kill(signal: SIGKILL)
        _ = try first.waitForExit()

        // Meanwhile the file changed: the bravo line (gone from the unsaved text) and the hotel line.
        let disk = original.replacingOccurrences(of: "bravo", with: "deux bravo")
            .replacingOccurrences(of: "hotel", with: "DISK hotel")
        try environment.write(Array(disk.utf8), to: "notes.txt")
        let second = try environment.startCoedit(["notes.txt", "--history", history], columns: 250, rows: 20)
        defer { second.close() }
        let screen = try second.waitFor("kept in ")
        #expect(screen.contains("RÉÉCRIT 漢字") && screen.contains("DISK hotel"), "\(screen)")
        let files = try FileManager.default.contentsOfDirectory(atPath: environment.documents)
        let conflict = try #require(files.first { $0.hasPrefix("notes.txt.coedit-conflict-") }, "\(files)")
        #expect(screen.contains(conflict), "the message names the file: \(screen)")
        let kept = try String(contentsOfFile: environment.path(conflict), encoding: .utf8)
        #expect(kept.contains("the file inserted:\ndeux "), "\(kept)")
        #expect(kept.contains("restored from history"))
    }
}
