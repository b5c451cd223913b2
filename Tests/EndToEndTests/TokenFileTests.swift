#if canImport(Glibc)
import Glibc
#endif
import BlockingTestThreads
import Foundation
import Testing

/// `--token-file` and `--guest-token-file`: secrets read from files stay out of the process list; a file that is
/// missing, empty, too open or combined with `--token` is refused with one line before the screen.
@Suite("Secrets from files (tmux)", .serialized, .blockingThreads, .timeLimit(.minutes(1)))
struct TokenFileTests {
    /// Writes `text` to `name` in the documents directory with permissions `mode`.
    private func writeSecret(_ text: String, to name: String, mode: mode_t, in environment: EndToEndEnvironment) throws {
        try environment.write(Array(text.utf8), to: name)
        #expect(chmod(environment.path(name), mode) == 0)
    }

    /// The command line of `session`'s program as /proc shows it to every user of the machine.
    private func commandLine(of session: TmuxSession) throws -> String {
        let pid = try session.programPID()
        let bytes = try #require(FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"))
        return String(decoding: bytes.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }

    @Test("host and joiner read their secrets from files; neither secret is in /proc/PID/cmdline")
    func secretsStayOutOfTheProcessList() throws {
        let environment = try EndToEndEnvironment()
        let secret = "clé-東京-42-✓"
        let guest = "gäst-👀-7"
        try writeSecret("  \(secret) \r\nsecond line is ignored\n", to: "editor.secret", mode: 0o600, in: environment)
        try writeSecret(guest + "\n", to: "guest.secret", mode: 0o400, in: environment)
        try environment.write(Array("Grüße aus 東京\n".utf8), to: "notes.txt")
        let host = try environment.startCoedit(
            ["notes.txt", "--listen", "127.0.0.1:0", "--token-file", "editor.secret", "--guest-token-file", "guest.secret"],
            columns: 200, rows: 16)
        defer { host.close() }
        // The join commands on the host's own screen carry the secrets read from the files.
        let screen = try host.waitUntil("both join commands") { $0.contains("Guests: ") }
        #expect(screen.contains("--token '\(secret)' "))
        #expect(screen.contains("--token '\(guest)'"))
        let hostLine = try commandLine(of: host)
        #expect(hostLine.contains("--token-file editor.secret"))
        #expect(!hostLine.contains(secret) && !hostLine.contains(guest))

        let line = try #require(screen.split(separator: "\n").first { $0.contains("--join 127.0.0.1:") })
        let words = line.split(separator: " ")
        let address = try #require(words.firstIndex(of: "--join").map { words[$0 + 1] })
        try writeSecret(secret + "\n", to: "joiner.secret", mode: 0o600, in: environment)
        let joiner = try environment.startCoedit(
            ["copy.txt", "--join", String(address), "--token-file", "joiner.secret", "--name", "ann"],
            columns: 100, rows: 16)
        defer { joiner.close() }
        try joiner.waitFor("Grüße aus 東京")
        try host.waitFor("2 here")
        #expect(!(try commandLine(of: joiner)).contains(secret))
    }

    @Test("a missing, empty, too open or doubly given secret file is one line and exit status 1")
    func unusableFilesAreRefused() throws {
        let environment = try EndToEndEnvironment()
        try writeSecret("s3cret\n", to: "open.secret", mode: 0o644, in: environment)
        try writeSecret(" \t\r\n", to: "empty.secret", mode: 0o600, in: environment)
        try writeSecret("s3cret\n", to: "good.secret", mode: 0o600, in: environment)
        try writeSecret("s3cret\n", to: "group.secret", mode: 0o640, in: environment)
        #expect(mkfifo(environment.path("fifo.secret"), 0o600) == 0)
        let cases: [(arguments: [String], message: String)] = [
            (["--token-file", "missing.secret"],
                "coedit: --token-file missing.secret cannot be read: No such file or directory"),
            (["--token-file", "open.secret"],
                "coedit: --token-file open.secret is accessible by others (mode 644): run chmod 600 open.secret"),
            (["--guest-token-file", "empty.secret"],
                "coedit: --guest-token-file empty.secret is empty: its first line must hold the secret"),
            (["--token-file", ".."], "coedit: --token-file .. is not a regular file"),
            (["--token-file", "fifo.secret"], "coedit: --token-file fifo.secret is not a regular file"),
            (["--guest-token-file", "group.secret"],
                "coedit: --guest-token-file group.secret is accessible by others (mode 640): run chmod 600 group.secret"),
            (["--token-file", "good.secret", "--token", "other"],
                "coedit: --token cannot be combined with --token-file"),
        ]
        for (arguments, message) in cases {
            let session = try environment.startCoedit(["notes.txt", "--listen", "127.0.0.1:0"] + arguments)
            defer { session.close() }
            #expect(try session.waitForExit() == .status(1), "\(arguments)")
            let lines = try session.waitFor("coedit:").split(separator: "\n")
            #expect(lines == [Substring(message)], "\(arguments)")
        }
        // Refused before anything was written.
        #expect(environment.bytes(of: "notes.txt") == nil)
    }
}
