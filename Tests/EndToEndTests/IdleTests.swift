#if canImport(Glibc)
import Glibc
#endif
import BlockingTestThreads
import Foundation
import Testing

/// "An idle editor does no periodic work": once typing stops, the editors' UI threads sleep until something
/// happens — the host's too, although it watches its file for outside edits (inotify, not a timer).
@Suite(.serialized, .blockingThreads, .timeLimit(.minutes(1))) struct IdleTests {
    /// Context switches of the program's main (UI) thread so far: each wake-up from a wait counts one.
    private func wakeUps(of session: TmuxSession) throws -> Int {
        let pid = try session.programPID()
        let status = try String(contentsOfFile: "/proc/\(pid)/task/\(pid)/status", encoding: .utf8)
        return status.split(separator: "\n")
            .filter { $0.hasPrefix("voluntary_ctxt_switches:") || $0.hasPrefix("nonvoluntary_ctxt_switches:") }
            .compactMap { Int($0.split(separator: ":").last!.trimmingCharacters(in: .whitespaces)) }
            .reduce(0, +)
    }

    @Test("a host and a joiner left alone do not wake up; an outside edit still reaches both")
    func idleEditorsSleep() throws {
        let environment = try EndToEndEnvironment()
        try environment.write(Array("repos: ½ 静か\n".utf8), to: "idle.txt")
        let shared = try environment.startHost("idle.txt")
        let host = shared.session
        defer { host.close() }
        let joiner = try environment.join(shared, file: "copy.txt", name: "ann")
        defer { joiner.close() }
        try host.waitFor("2 here")
        try joiner.waitFor("repos: ½ 静か")
        // Let the last presence relays and redraws settle: wait (at most 10 s) for 1.5 s without a wake-up of
        // either editor. On a loaded machine they can arrive seconds after the join; a periodic timer of a second or
        // less never gives such a pause, so it still fails the measurement below.
        var quiet = (try wakeUps(of: host), try wakeUps(of: joiner))
        for _ in 0..<7 {
            usleep(1_500_000)
            let now = (try wakeUps(of: host), try wakeUps(of: joiner))
            if now == quiet { break }
            quiet = now
        }

        let before = (try wakeUps(of: host), try wakeUps(of: joiner))
        usleep(3_000_000)
        let after = (try wakeUps(of: host), try wakeUps(of: joiner))
        // A periodic timer would show as one wake-up per period (3 for a 1 s poll, ~100 for a 30 ms tick).
        #expect(after.0 - before.0 <= 1, "host UI thread woke \(after.0 - before.0) times while idle")
        #expect(after.1 - before.1 <= 1, "joiner UI thread woke \(after.1 - before.1) times while idle")

        // The file watch is event-driven, yet an outside edit is noticed at once.
        try environment.write(Array("repos: ½ 静か — edited outside\n".utf8), to: "idle.txt")
        try host.waitFor("edited outside")
        try joiner.waitFor("edited outside")
    }
}
