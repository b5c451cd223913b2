#if canImport(Glibc)
import Glibc
#endif
import BlockingTestThreads
import Foundation
import Testing

/// How a shared session begins and ends for the people in it, driven in two panes of one tmux window: a joiner's
/// differing FILE is kept as a backup, a host with company asks before quitting, the others keep their text when
/// the host leaves, and a joiner that quits while the host is gone saves its text locally.
@Suite("Joining and leaving a session (tmux)", .serialized, .blockingThreads)
struct SessionEndingTests {
    private static let token = "e2e-ending-séance-秘密"

    @Test("a joiner's FILE that differs from the host's text is kept as a backup, and the joiner is told")
    func differingFileIsBackedUp() throws {
        let environment = try EndToEndEnvironment()
        try environment.write(Array("the host's text: 東京 ✓\n".utf8), to: "notes.txt")
        let mine = Array("zoë's own draft: café 🎉\n".utf8)
        try environment.write(mine, to: "copy.txt")
        let shared = try environment.startHost("notes.txt", token: Self.token, rows: 14)
        let host = shared.session
        defer { host.close() }
        let joiner = try environment.join(shared, file: "copy.txt", name: "zoë")
        defer { joiner.close() }
        try joiner.waitFor("the host's text: 東京 ✓")
        try joiner.waitFor("differed from the host's text: kept as")
        let backups = ((try? FileManager.default.contentsOfDirectory(atPath: environment.documents)) ?? [])
            .filter { $0.hasPrefix("copy.txt.coedit-backup-") }
        #expect(backups.count == 1, "files: \(backups)")
        if let backup = backups.first {
            #expect(environment.bytes(of: backup) == mine)
        }
    }

    @Test("the same user on the same machine joins without a secret; another user is asked for it, unechoed")
    func secretFoundOrAsked() throws {
        let environment = try EndToEndEnvironment()
        try environment.write(Array("clé 鍵 🔑\n".utf8), to: "notes.txt")
        // A host with a generated secret: the joiner sharing its HOME finds it in the session directory.
        let shared = try environment.startHost("notes.txt", rows: 14)
        let host = shared.session
        defer { host.close() }
        let sameUser = try environment.join(shared, file: "copy.txt", name: "zoë", withToken: false)
        defer { sameUser.close() }
        try sameUser.waitFor("clé 鍵 🔑")
        try host.waitFor("2 here")
        sameUser.close()

        // Someone else (another HOME, no runtime file) is asked; the typed secret is not echoed.
        try FileManager.default.createDirectory(atPath: environment.root + "/other", withIntermediateDirectories: true)
        let stranger = try environment.join(shared, file: "copy.txt", name: "ivo", withToken: false,
            extraVariables: ["HOME": environment.root + "/other", "XDG_STATE_HOME": environment.root + "/other/state"])
        defer { stranger.close() }
        try stranger.waitFor("Session secret for \(shared.address)")
        try stranger.type(shared.token)
        #expect(!(try stranger.capture().contains(shared.token)), "the secret must not be echoed")
        try stranger.press("Enter")
        try stranger.waitFor("clé 鍵 🔑")
        try host.waitFor("ivo joined")
    }

    @Test("a host with company and unsaved changes is warned first, then asked to save; another key disarms")
    func hostWithUnsavedChangesQuits() throws {
        let environment = try EndToEndEnvironment()
        let pair = try environment.startPair(text: "draft: naïve 漢字\n", name: "zoë", token: Self.token, rows: 14)
        defer { pair.close() }
        let (host, joiner) = (pair.host, pair.joiner)
        try host.type("host ✓ ")
        try joiner.waitFor("host ✓ draft")

        try host.press("C-q")
        try host.waitFor("1 other is connected: Ctrl-Q again ends the session for everyone")
        try host.press("Right")  // anything else: the next Ctrl-Q warns again
        try host.waitUntil("the warning cleared") { !$0.contains("1 other is connected") }
        try host.press("C-q")
        try host.waitFor("1 other is connected: Ctrl-Q again ends the session for everyone")
        try host.press("C-q")
        try host.waitFor("Save changes? (y/n, Esc cancels)")
        try host.press("Escape")  // cancelled: the next Ctrl-Q warns again
        try host.waitFor("Quit cancelled")
        try host.press("C-q")
        try host.waitFor("1 other is connected: Ctrl-Q again ends the session for everyone")
        try host.press("C-q")
        try host.waitFor("Save changes? (y/n, Esc cancels)")
        try host.press("n")
        #expect(try host.waitForExit() == .status(0))
        try joiner.waitFor("The host left; your text is kept")
        #expect(environment.bytes(of: "notes.txt") == Array("draft: naïve 漢字\n".utf8))
    }

    @Test("a host with company asks before quitting; the joiner keeps its text and saves it locally on quit")
    func hostLeavesJoinerKeepsText() throws {
        let environment = try EndToEndEnvironment()
        let pair = try environment.startPair(text: "draft: naïve 漢字\n", name: "zoë", token: Self.token, rows: 14)
        defer { pair.close() }
        let (host, joiner) = (pair.host, pair.joiner)
        try joiner.waitFor("draft: naïve 漢字")

        try host.press("C-q")
        try host.waitFor("1 other is connected: Ctrl-Q again ends the session for everyone")
        #expect(try host.waitForExitIfAny(within: .milliseconds(300)) == nil, "the first Ctrl-Q must only ask")
        try host.press("C-q")
        #expect(try host.waitForExit() == .status(0))
        try joiner.waitFor("The host left; your text is kept")

        // Offline, the joiner keeps editing; quitting saves its text to its own FILE.
        try joiner.press("End")
        try joiner.type(" + zoë offline ⌁")
        try joiner.waitFor("draft: naïve 漢字 + zoë offline ⌁")
        try joiner.press("C-q")
        try joiner.waitFor("Save changes? (y/n, Esc cancels)")
        try joiner.press("y")
        #expect(try joiner.waitForExit() == .status(0))
        try joiner.waitFor("your text was saved locally to copy.txt")
        #expect(environment.bytes(of: "copy.txt") == Array("draft: naïve 漢字 + zoë offline ⌁\n".utf8))
        // The host's file was never written by the joiner's offline edit.
        #expect(environment.bytes(of: "notes.txt") == Array("draft: naïve 漢字\n".utf8))
    }
}

extension TmuxSession {
    /// The program's ending if it ends within `duration`, or nil when it is still running then.
    func waitForExitIfAny(within duration: Duration) throws -> ProgramEnding? {
        try? waitForExit(timeout: duration)
    }
}
