#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SyncEngine
import Synchronization
import Testing
import Transport

@testable import Collaboration

@Suite("Session directory")
struct SessionDirectoryTests {
    /// A scratch directory removed at the end of the test.
    final class Scratch {
        let root: String
        init() {
            var template = Array("/tmp/coedit-sessions-XXXXXX".utf8CString)
            _ = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
            root = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        }
        deinit { try? FileManager.default.removeItem(atPath: root) }
    }

    private func mode(_ path: String) -> mode_t {
        var info = stat()
        _ = lstat(path, &info)
        return info.st_mode & 0o777
    }

    @Test("XDG_RUNTIME_DIR first, then ~/.local/state; relative values are ignored")
    func location() {
        #expect(SessionDirectory.standard(environment: ["XDG_RUNTIME_DIR": "/run/user/7", "HOME": "/h"])?.path == "/run/user/7/coedit")
        #expect(SessionDirectory.standard(environment: ["XDG_RUNTIME_DIR": "rel", "HOME": "/h"])?.path == "/h/.local/state/coedit/sessions")
        #expect(SessionDirectory.standard(environment: [:]) == nil)
    }

    @Test("publish writes a 0600 file in a 0700 directory; find returns it; remove deletes it")
    func publishFindRemove() throws {
        let scratch = Scratch()
        let directory = SessionDirectory(path: scratch.root + "/run/coedit")
        let record = SessionRecord(
            path: "/home/ann/thèse/notes.tex", host: "127.0.0.1", port: 7878, editorSecret: "s3cret-✓",
            readOnlySecret: "guest")
        let published = try directory.publish(record)
        #expect(mode(directory.path) == 0o700)
        #expect(mode(published.filePath) == 0o600)
        #expect(published.filePath == directory.filePath(for: "/home/ann/thèse/notes.tex"))
        #expect(directory.find(documentPath: "/home/ann/thèse/notes.tex") == record)
        #expect(directory.find(documentPath: "/home/ann/other.tex") == nil)
        #expect(directory.liveSessions() == [record])
        published.remove()
        #expect(!FileManager.default.fileExists(atPath: published.filePath))
        #expect(directory.find(documentPath: "/home/ann/thèse/notes.tex") == nil)
    }

    @Test("a stale file (dead pid, or a pid reused by another process) is ignored and removed")
    func staleFiles() throws {
        let scratch = Scratch()
        let directory = SessionDirectory(path: scratch.root + "/coedit")
        // A child that exits at once gives a pid that is certainly dead afterwards.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let dead = SessionRecord(
            path: "/doc/a", host: "127.0.0.1", port: 1, editorSecret: "x", processID: child.processIdentifier,
            processStart: nil)
        let deadFile = try directory.publish(dead).filePath
        #expect(directory.find(documentPath: "/doc/a") == nil)
        #expect(!FileManager.default.fileExists(atPath: deadFile))
        // Our own pid with another start time: a reused pid.
        let reused = SessionRecord(
            path: "/doc/b", host: "127.0.0.1", port: 1, editorSecret: "x",
            processStart: (ProcessLiveness.startTime(of: getpid()) ?? 0) + 1)
        _ = try directory.publish(reused)
        #expect(ProcessLiveness.startTime(of: getpid()) != nil)
        #expect(directory.find(documentPath: "/doc/b") == nil)
    }

    @Test("files readable by others are not trusted; a wide directory of ours is narrowed")
    func permissions() throws {
        let scratch = Scratch()
        let path = scratch.root + "/coedit"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        chmod(path, 0o755)
        let directory = SessionDirectory(path: path)
        let published = try directory.publish(
            SessionRecord(path: "/doc/c", host: "127.0.0.1", port: 2, editorSecret: "y"))
        #expect(mode(path) == 0o700)
        chmod(published.filePath, 0o644)
        #expect(directory.find(documentPath: "/doc/c") == nil)
        // A symlink in place of the file is not followed.
        unlink(published.filePath)
        let target = scratch.root + "/elsewhere.json"
        try Data("{}".utf8).write(to: URL(fileURLWithPath: target))
        symlink(target, published.filePath)
        #expect(directory.find(documentPath: "/doc/c") == nil)
    }

    @Test("join commands quote what a shell would split")
    func joinCommand() {
        #expect(
            SessionRecord.joinCommand(fileName: "notes.tex", address: "192.168.1.5:7878", secret: "abc23")
                == "coedit notes.tex --join 192.168.1.5:7878 --token abc23")
        #expect(
            SessionRecord.joinCommand(fileName: "my notes.tex", address: "[::1]:7878", secret: "it's")
                == "coedit 'my notes.tex' --join [::1]:7878 --token 'it'\\''s'")
    }

    @Test("conflict files are named after the document and the UTC time, and keep every hunk")
    func conflictReport() {
        let time = Date(timeIntervalSince1970: 1_795_271_405)  // 2026-11-21 14:30:05 UTC
        #expect(ConflictReport.filePath(for: "/d/notes.tex", at: time) == "/d/notes.tex.coedit-conflict-20261121-143005")
        let hunk = FailedHunk(patchText: "@@ -1,3 +1,4 @@\n a\n+é\n bc\n", removedText: "", insertedText: "é")
        let text = ConflictReport.text(for: [hunk, hunk], documentName: "notes.tex")
        #expect(text.contains("edit 2 of 2"))
        #expect(text.components(separatedBy: "+é").count == 3)
    }
}

@Suite("Pure pieces of the shell")
struct ShellPieceTests {
    @Test("presence throttle: first update at once, later ones coalesced to the end of the interval")
    func throttle() {
        var throttle = PresenceThrottle(interval: 100)
        let a = ParticipantID(1)
        let b = ParticipantID(2)
        let r1 = throttle.note(a, now: 1_000)
        #expect(r1)
        let r2 = throttle.note(a, now: 1_050)
        #expect(!r2)
        let r3 = throttle.note(a, now: 1_070)
        #expect(!r3)
        let r4 = throttle.note(b, now: 1_070)
        #expect(r4)
        #expect(throttle.nextDeadline == 1_100)
        let r5 = throttle.due(now: 1_099)
        #expect(r5.isEmpty)
        let r6 = throttle.due(now: 1_100)
        #expect(r6 == [a])
        #expect(throttle.nextDeadline == nil)
        let r7 = throttle.note(a, now: 1_150)
        #expect(!r7)
        throttle.forget(a)
        #expect(throttle.nextDeadline == nil)
        let r8 = throttle.note(a, now: 1_160)
        #expect(r8)
    }

    @Test("reconnect policy: exponential up to the cap, jitter keeps the wait within [1 − jitter, 1) of it")
    func reconnectPolicy() {
        let policy = ReconnectPolicy(initialDelay: .milliseconds(250), maximumDelay: .seconds(8), multiplier: 2, jitter: 0.5)
        #expect(policy.delay(attempt: 1, unit: 0.999_999_999) <= .milliseconds(250))
        #expect(policy.delay(attempt: 1, unit: 0) == .milliseconds(125))
        #expect(policy.delay(attempt: 3, unit: 0) == .milliseconds(500))
        #expect(policy.delay(attempt: 6, unit: 0) == .seconds(4))
        #expect(policy.delay(attempt: 60, unit: 0) == .seconds(4))
        #expect(policy.delay(attempt: 60, unit: 0.5) == .seconds(6))
        let steady = ReconnectPolicy(jitter: 0)
        #expect(steady.delay(attempt: 2, unit: 0.3) == .milliseconds(500))
    }

    @Test("display names lose control characters and excess length; empty names get a default")
    func displayNames() {
        #expect(DisplayName.sanitized("ann\u{1B}[2J") == "ann\u{FFFD}[2J")
        #expect(DisplayName.sanitized("  bö\u{7}b ") == "bö\u{FFFD}b")
        #expect(DisplayName.sanitized("") == "anonymous")
        #expect(DisplayName.sanitized("👩‍💻 dev") == "👩‍💻 dev")
        #expect(DisplayName.sanitized(String(repeating: "漢", count: 100)).unicodeScalars.count == 40)
        #expect(DisplayName.sanitized("a\u{202E}b") == "a\u{FFFD}b")  // bidi override
    }

    @Test("advertised addresses: the listen address itself, or a real interface for all interfaces")
    func advertisedAddresses() throws {
        #expect(LocalAddresses.advertised(listeningOn: "127.0.0.1", port: 7878) == "127.0.0.1:7878")
        #expect(LocalAddresses.advertised(listeningOn: "::1", port: 7879) == "[::1]:7879")
        let all = LocalAddresses.advertised(listeningOn: "0.0.0.0", port: 7878)
        #expect(all.hasSuffix(":7878") && !all.hasPrefix("0.0.0.0"))
        #expect(LocalAddresses.isLocal("127.0.0.1") && LocalAddresses.isLocal("localhost"))
        #expect(!LocalAddresses.isLocal("192.0.2.1"))  // TEST-NET-1: never assigned to a machine
        #expect(try ListenAddress(parsing: ":0") == ListenAddress(parsing: "0.0.0.0:0"))
        #expect(try ListenAddress(parsing: "[::1]:7000").host == "::1")
        #expect(throws: TransportError.self) { try ListenAddress(parsing: "localhost") }
    }

    @Test("the wake pipe: readable after wake, quiet after drain, and wait times out")
    func wakePipe() throws {
        let pipe = try WakePipe()
        #expect(!pipe.wait(milliseconds: 0))
        pipe.wake()
        pipe.wake()
        #expect(pipe.wait(milliseconds: 100))
        pipe.drain()
        #expect(!pipe.wait(milliseconds: 10))
        pipe.wake()
        #expect(pipe.wait(milliseconds: 100), "a wake after a drain is not swallowed by the coalescing")
        pipe.drain()
        #expect(!pipe.wait(milliseconds: 0))
    }

    @Test("a drain racing a wake never leaves the pipe readable with nothing to drain")
    func wakePipeDrainRacingAWake() throws {
        let pipe = try WakePipe()
        let rounds = 3_000
        let woken = Atomic<Int>(0)  // rounds whose wake has returned
        let checked = Atomic<Int>(0)  // rounds the consumer has checked
        let producer = Thread {
            for round in 1...rounds {
                pipe.wake()
                woken.store(round, ordering: .sequentiallyConsistent)
                while checked.load(ordering: .sequentiallyConsistent) < round {}
            }
        }
        producer.start()
        var strays = 0
        for round in 1...rounds {
            // Drain while the wake is under way (between its flag and its byte, now and then), then once after it.
            while woken.load(ordering: .sequentiallyConsistent) < round { pipe.drain() }
            pipe.drain()
            // Nothing wakes the pipe now: it must not be readable (a byte left with the flag clear would be, and
            // `drain` would never read it: a run loop polling the pipe would spin until the next wake).
            if pipe.wait(milliseconds: 0) { strays += 1 }
            checked.store(round, ordering: .sequentiallyConsistent)
        }
        #expect(strays == 0, "\(strays) of \(rounds) rounds left the pipe readable after a drain")
    }

    @Test("coalesced wakes lose no event: a consumer that drains the pipe, then the inbox, sees every post")
    func wakePipeUnderConcurrentPosts() throws {
        let pipe = try WakePipe()
        let inbox = EventInbox<Int>(wake: { pipe.wake() })
        let total = 20_000
        let producer = Thread {
            for number in 0..<total { inbox.post(number) }
        }
        producer.start()
        var seen: [Int] = []
        while seen.count < total {
            guard pipe.wait(milliseconds: 2_000) else { break }  // a lost wake would stall here
            pipe.drain()
            seen += inbox.drain()
        }
        #expect(seen == Array(0..<total))
    }
}
