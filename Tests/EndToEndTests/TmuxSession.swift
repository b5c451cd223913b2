#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// A program running in a pane of a private tmux server, driven the way a person would: keys in, screen out.
///
/// Each server has a unique socket (`tmux -L coedit-e2e-<unique>`), so tests never share state and never touch the
/// user's tmux. The first program gets the server's one window; `split(command:...)` starts another program in a
/// second pane of the same window, side by side, the way two people would be watched on one screen. Every program
/// runs under a small `sh` wrapper that writes its exit status to a file (tmux may drop the last output of a pane
/// whose process exits at once, and `pane_dead_status` is not always set), then sleeps, so the pane stays with the
/// program's last screen (e.g. an error printed after the terminal was restored) and no output is lost. `close()`
/// ends the program (and, for the first pane, the server); call it in a `defer` so it runs when a test fails.
final class TmuxSession {
    /// How long `waitUntil` waits by default (generous: CI machines are slow and builds are debug builds).
    static let defaultTimeout: Duration = .seconds(10)

    let socketName: String
    /// The pane this session drives (`%N`), the target of every command.
    let paneID: String
    /// Whether this session started the server (and so kills it on close).
    let ownsServer: Bool
    /// Where the wrapper writes the program's exit status (`$?`: 128 + n for signal n).
    let statusFile: String
    private(set) var isClosed = false

    /// Starts `command` (argv, executed directly) in a detached `columns` × `rows` window, in `directory`, with
    /// exactly the environment variables given plus PATH, and LANG/LC_ALL set to C.UTF-8.
    init(command: [String], environment: [String: String], directory: String, columns: Int = 120, rows: Int = 40)
        throws
    {
        socketName = "coedit-e2e-\(getpid())-\(UUID().uuidString.prefix(8))"
        ownsServer = true
        // In the test's own directory, so a late write after `close()` cannot leave litter in /tmp.
        statusFile = Self.statusPath(directory: directory, socketName: socketName)
        let shellCommand = Self.wrapper(command, environment: environment, directory: directory, statusFile: statusFile)
        // Options are set in the same invocation, before the session (and so the program) starts.
        paneID = try Self.run(Self.tmuxPrefix(socketName) + [
            "start-server", ";", "set-option", "-g", "remain-on-exit", "on", ";",
            "set-option", "-g", "set-clipboard", "on", ";",
            "set-option", "-g", "default-terminal", "screen", ";",
            "new-session", "-d", "-P", "-F", "#{pane_id}", "-x", String(columns), "-y", String(rows), shellCommand,
        ]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A session for a pane just split off `sibling`'s window.
    private init(paneID: String, sibling: TmuxSession, statusFile: String) {
        socketName = sibling.socketName
        self.paneID = paneID
        self.statusFile = statusFile
        ownsServer = false
    }

    /// Starts `command` in a new pane beside this one (the window is split left | right, each pane about half as
    /// wide); the new session shares this one's server and window.
    func split(command: [String], environment: [String: String], directory: String) throws -> TmuxSession {
        let status = Self.statusPath(directory: directory, socketName: socketName + "-" + UUID().uuidString.prefix(8))
        let shellCommand = Self.wrapper(command, environment: environment, directory: directory, statusFile: status)
        let pane = try tmux(["split-window", "-h", "-d", "-t", paneID, "-P", "-F", "#{pane_id}", shellCommand])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return TmuxSession(paneID: pane, sibling: self, statusFile: status)
    }

    deinit {
        close()
    }

    /// Ends the program with SIGKILL and removes its pane (the first pane kills the whole server). Idempotent.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        // SIGKILL first: kill-server's SIGHUP would make the editor write a recovery file into a test directory that
        // is being removed.
        if let pid = try? programPID() { _ = Glibc.kill(pid, SIGKILL) }
        let shell = try? panePID()
        _ = try? tmux(ownsServer ? ["kill-server"] : ["kill-pane", "-t", paneID])
        // Wait for the wrapper shell to be gone, so it cannot write its status file after the test cleaned up.
        if let shell { Self.waitUntilGone(shell, timeout: .seconds(2)) }
        unlink(statusFile)
    }

    private static func statusPath(directory: String, socketName: String) -> String {
        "\(directory)/.\(socketName).status"
    }

    /// The `sh -c` text that runs `command` with exactly `environment` (plus PATH and a UTF-8 locale) in
    /// `directory`, records its exit status in `statusFile`, and keeps the pane open.
    private static func wrapper(
        _ command: [String], environment: [String: String], directory: String, statusFile: String
    ) -> String {
        var variables = ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"]
        variables.merge(environment) { _, new in new }
        // TERM comes from tmux unless the caller sets it (later assignments win in env).
        return "cd \(quoted(directory)) && env -i TERM=\"$TERM\" "
            + variables.sorted(by: { $0.key < $1.key }).map { quoted("\($0.key)=\($0.value)") }
                .joined(separator: " ")
            + " " + command.map(quoted).joined(separator: " ")
            + "; echo $? > \(quoted(statusFile)); exec sleep 3600"
    }

    /// Types `text` literally (UTF-8, no key names interpreted).
    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", paneID, "-l", text])
    }

    /// Presses keys given by tmux names: C-s, Left, S-Right, C-Left, Home, End, PPage, NPage, BSpace, Enter,
    /// Escape, F1, ...
    func press(_ keys: String...) throws {
        try tmux(["send-keys", "-t", paneID] + keys)
    }

    /// The visible screen, one line per row (trailing spaces trimmed by tmux).
    func capture() throws -> String {
        try tmux(["capture-pane", "-p", "-t", paneID])
    }

    /// Polls the screen until `condition` holds and returns that screen; fails with the last screen on timeout.
    @discardableResult
    func waitUntil(
        _ description: String, timeout: Duration = TmuxSession.defaultTimeout, sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: (String) -> Bool
    ) throws -> String {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var screen = ""
        while clock.now < deadline {
            screen = try capture()
            if condition(screen) { return screen }
            usleep(20_000)
        }
        throw EndToEndFailure("timed out waiting for \(description); the screen was:\n\(screen)")
    }

    /// Waits until the screen contains `text`.
    @discardableResult
    func waitFor(_ text: String, timeout: Duration = TmuxSession.defaultTimeout) throws -> String {
        try waitUntil("\"\(text)\" on screen", timeout: timeout) { $0.contains(text) }
    }

    /// Sends raw bytes to the program, exactly (e.g. a mouse report), with `send-keys -H`.
    func sendBytes(_ bytes: [UInt8]) throws {
        try tmux(["send-keys", "-t", paneID, "-H"] + bytes.map { String($0, radix: 16) })
    }

    /// Pastes `text` the way a terminal does (bracketed, since the program asked for it; newlines sent as CR).
    func paste(_ text: String) throws {
        try tmux(["set-buffer", "-b", "e2e-paste", "--", text])
        try tmux(["paste-buffer", "-p", "-t", paneID, "-b", "e2e-paste"])
    }

    /// The text of tmux's newest paste buffer (where an OSC 52 copy lands with `set-clipboard on`), or nil.
    func newestPasteBuffer() -> String? {
        try? tmux(["show-buffer"])
    }

    /// The cursor position in the pane: 0-based column and row.
    /// The cursor position once it stopped moving: read until two readings 50 ms apart agree (at most 2 s). A
    /// screen that already shows some text may not have its cursor placed yet (curses moves it after drawing, and
    /// tmux may be read between the two).
    func settledCursor() throws -> (column: Int, row: Int) {
        var previous = try cursor()
        for _ in 0..<40 {
            usleep(50_000)
            let next = try cursor()
            if next == previous { return next }
            previous = next
        }
        return previous
    }

    func cursor() throws -> (column: Int, row: Int) {
        let fields = try tmux(["display-message", "-p", "-t", paneID, "#{cursor_x} #{cursor_y}"])
            .split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) }
        guard fields.count == 2 else { throw EndToEndFailure("no cursor position") }
        return (fields[0], fields[1])
    }

    /// A tmux format evaluated for the pane (e.g. "#{alternate_on}").
    func format(_ format: String) throws -> String {
        try tmux(["display-message", "-p", "-t", paneID, format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The visible screen with colours and attributes as escape sequences (`capture-pane -e`).
    func captureWithAttributes() throws -> String {
        try tmux(["capture-pane", "-p", "-e", "-t", paneID])
    }

    /// Resizes the window (the program gets SIGWINCH).
    func resize(columns: Int, rows: Int) throws {
        try tmux(["resize-window", "-t", paneID, "-x", String(columns), "-y", String(rows)])
    }

    /// The process ID of the wrapper shell in the pane.
    func panePID() throws -> pid_t {
        let text = try tmux(["display-message", "-p", "-t", paneID, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let shell = pid_t(text) else { throw EndToEndFailure("no pane pid in \(text.debugDescription)") }
        return shell
    }

    /// Waits until `pid` has exited (gone, or a zombie nobody reaps).
    private static func waitUntilGone(_ pid: pid_t, timeout: Duration) {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let closing = stat.lastIndex(of: ")")
            else { return }
            if stat[stat.index(after: closing)...].split(separator: " ").first == "Z" { return }
            usleep(10_000)
        }
    }

    /// The process ID of the program: the child of the wrapper shell in the pane.
    func programPID() throws -> pid_t {
        let shell = try panePID()
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = pid_t(entry),
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let closing = stat.lastIndex(of: ")")
            else { continue }
            // Fields after "(name)": state, then the parent's pid.
            let fields = stat[stat.index(after: closing)...].split(separator: " ")
            if fields.count > 1, pid_t(fields[1]) == shell { return pid }
        }
        throw EndToEndFailure("the program is not running (no child of the pane's shell \(shell))")
    }

    /// Sends `signal` to the program.
    func kill(signal: Int32) throws {
        let pid = try programPID()
        guard Glibc.kill(pid, signal) == 0 else { throw EndToEndFailure("kill(\(pid), \(signal)) failed") }
    }

    /// How the program ended, once it has: its exit status or the signal that ended it. Waits up to `timeout`.
    func waitForExit(timeout: Duration = TmuxSession.defaultTimeout) throws -> ProgramEnding {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if let text = try? String(contentsOfFile: statusFile, encoding: .utf8),
                let status = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                return status > 128 ? .signal(status - 128) : .status(status)
            }
            usleep(20_000)
        }
        throw EndToEndFailure("the program did not exit; the screen was:\n\((try? capture()) ?? "")")
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        try Self.run(Self.tmuxPrefix(socketName) + arguments)
    }

    /// `tmux` on this test's private server, with no configuration file.
    private static func tmuxPrefix(_ socketName: String) -> [String] {
        ["tmux", "-u", "-L", socketName, "-f", "/dev/null"]
    }

    /// Runs a program (found on PATH) and returns its standard output; throws with its standard error when it
    /// fails.
    ///
    /// Uses posix_spawn and waitpid directly. Output goes to temporary files, not pipes: a tmux client that starts
    /// a server leaves the server holding the inherited descriptors, so a pipe would never reach end-of-file.
    static func run(_ arguments: [String]) throws -> String {
        let output = try TemporaryOutputFile()
        let errors = try TemporaryOutputFile()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output.descriptor, 1)
        posix_spawn_file_actions_adddup2(&actions, errors.descriptor, 2)
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = "C.UTF-8"
        environment["LC_ALL"] = "C.UTF-8"
        environment.removeValue(forKey: "TMUX")
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        // The test runner's threads block signals (libdispatch does); a tmux server inheriting that mask would never
        // reap its children nor honour kill-server. Start children with no signal blocked and default actions.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGCHLD, SIGPIPE, SIGWINCH, SIGUSR1, SIGUSR2] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw EndToEndFailure("cannot run \(arguments[0]): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard status == 0 else {
            throw EndToEndFailure("\(arguments.joined(separator: " ")) failed (\(status)): \(errors.contents())")
        }
        return output.contents()
    }

    private static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// A file that collects a child process's output; removed on deinit.
final class TemporaryOutputFile {
    let path: String
    let descriptor: Int32

    init() throws {
        var template = Array("/tmp/coedit-e2e-output-XXXXXX".utf8CString)
        descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw EndToEndFailure("mkstemp failed") }
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    deinit {
        close(descriptor)
        unlink(path)
    }

    func contents() -> String {
        String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }
}

/// How a program ended.
enum ProgramEnding: Equatable {
    case status(Int32)
    case signal(Int32)
}

/// A failed end-to-end step, with what was on the screen.
struct EndToEndFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
