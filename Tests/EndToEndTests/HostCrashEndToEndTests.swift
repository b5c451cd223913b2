#if canImport(Glibc)
import Glibc
#endif
import BlockingTestThreads
import Foundation
import Testing

/// kill -9 of a sharing host with a joiner connected, between two real editors in tmux: the host restarts from its
/// history journal on the same port, the joiner reconnects by itself, no edit the host acknowledged is lost and the
/// joiner's offline edits merge (Docs/faults.md).
@Suite(
    "A killed host restarts and its joiner resumes (tmux)", .serialized, .blockingThreads, .timeLimit(.minutes(2)))
struct HostCrashEndToEndTests {
    @Test("kill -9 of the host; restarted with --history it resumes; the joiner reconnects and its offline edits merge")
    func killedHostRestartsAndTheJoinerResumes() throws {
        let environment = try EndToEndEnvironment()
        let history = environment.root + "/history"
        try environment.write(Array("Début du texte\n".utf8), to: "notes.txt")
        let secret = "k9-sécret"
        func hostArguments(port: String) -> [String] {
            ["notes.txt", "--listen", "127.0.0.1:\(port)", "--token", secret, "--history", history, "--name", "hōst"]
        }
        let first = try environment.startCoedit(hostArguments(port: "0"), columns: 120, rows: 16)
        defer { first.close() }
        let screen = try first.waitUntil("the join command") { $0.contains("--token ") }
        let line = try #require(screen.split(separator: "\n").first { $0.contains("--join 127.0.0.1:") })
        let words = line.split(separator: " ")
        let address = try #require(words.firstIndex(of: "--join").map { String(words[$0 + 1]) })
        let port = try #require(address.split(separator: ":").last.map(String.init))

        // The joiner logs on its own (the hosts' own editors start from a snapshot on every start, legitimately).
        let joinerLog = environment.root + "/joiner.log"
        let joiner = try environment.startCoedit(
            ["copy.txt", "--join", address, "--token", secret, "--name", "ann", "--log", joinerLog],
            columns: 120, rows: 16)
        defer { joiner.close() }
        try joiner.waitFor("2 here")
        // Acknowledged edits from both sides: the joiner's reaches the host's screen only after the host journaled
        // it; the host's own reaches the joiner only after it was journaled and broadcast.
        try joiner.press("End")
        try joiner.type(" — acked by ann ✓")
        try first.waitFor("Début du texte — acked by ann ✓")
        try first.press("C-End")
        try first.type("host line 漢字")
        try joiner.waitFor("host line 漢字")

        try first.kill(signal: SIGKILL)
        #expect(try first.waitForExit() == .signal(SIGKILL))
        try joiner.waitFor("offline")
        #expect(environment.bytes(of: "notes.txt") == Array("Début du texte\n".utf8), "nothing was saved")
        // Offline, the joiner keeps typing.
        try joiner.press("C-Home")
        try joiner.type("offline ✓ñ ")

        let second = try environment.startCoedit(hostArguments(port: port), columns: 120, rows: 16)
        defer { second.close() }
        // The joiner reconnects by itself (backoff at most 8 s) and its offline edit reaches the restarted host.
        let merged = try second.waitFor("offline ✓ñ Début du texte — acked by ann ✓", timeout: .seconds(25))
        #expect(merged.contains("host line 漢字"))
        try joiner.waitFor("2 here", timeout: .seconds(10))
        let joined = try joiner.capture()
        #expect(joined.contains("offline ✓ñ Début du texte — acked by ann ✓"))
        #expect(joined.contains("host line 漢字"))

        // The joiner resumed exactly from its resume point (same epoch, from the journal), not from a snapshot.
        let log = (try? String(contentsOfFile: joinerLog, encoding: .utf8)) ?? ""
        #expect(log.contains("resumed at revision"), "\(log)")
        #expect(!log.contains("started from a snapshot"), "\(log)")

        // Saving on the restarted host writes every edit once.
        try second.press("C-s")
        _ = try second.waitUntil("the file holds every edit") { _ in
            environment.bytes(of: "notes.txt").map { String(decoding: $0, as: UTF8.self).contains("host line") } ?? false
        }
        let text = String(decoding: environment.bytes(of: "notes.txt") ?? [], as: UTF8.self)
        #expect(text == "offline ✓ñ Début du texte — acked by ann ✓\nhost line 漢字\n", "\(text) (the file ended with a line break: the save restores it)")
    }
}
