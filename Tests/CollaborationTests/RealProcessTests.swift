#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// A scratch directory with HOME and XDG_RUNTIME_DIR for peer processes (removed at the end).
final class PeerScratch {
    let root: String

    init() throws {
        var template = Array("/tmp/coedit-peers-XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw PeerProcessFailure("mkdtemp failed")
        }
        root = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        for directory in ["home", "run", "docs"] {
            try FileManager.default.createDirectory(atPath: "\(root)/\(directory)", withIntermediateDirectories: true)
        }
        chmod("\(root)/run", 0o700)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    var documents: String { root + "/docs" }
    var environment: [String: String] {
        ["HOME": root + "/home", "XDG_RUNTIME_DIR": root + "/run", "PATH": "/usr/bin:/bin"]
    }

    func start(_ arguments: [String]) throws -> PeerProcess {
        try PeerProcess(arguments: arguments, directory: documents, environment: environment)
    }
}

@Suite("Real processes over loopback", .serialized)
struct RealProcessTests {
    @Test("a host and three joiners as processes make scripted concurrent edits and converge; the host saves it")
    func fourProcessesConverge() async throws {
        let scratch = try PeerScratch()
        let initial = "Shared notes — ünïcode ✓\n"
        try Data(initial.utf8).write(to: URL(fileURLWithPath: scratch.documents + "/notes.txt"))
        // The host publishes its session; the joiners (same user, same machine) find the secret by themselves.
        let host = try scratch.start(["notes.txt", "--listen", "127.0.0.1:0", "--publish", "--name", "host", "--log", "host.log"])
        guard let listening = await host.line(startingWith: "listening "),
            let port = listening.split(separator: ":").last.map(String.init)
        else {
            Issue.record("the host did not start: \(host.output) \(host.errorText)")
            return
        }
        let names = ["host", "ann", "bör", "陈"]
        func markers(_ peer: Int) -> [String] { (0..<4).map { "[\(names[peer])-\($0)]" } }
        let allMarkers = (0..<4).flatMap(markers)
        func script(_ peer: Int) -> [String] {
            var lines = ["wait-peers 4"]
            for (index, marker) in markers(peer).enumerated() {
                lines.append(index.isMultiple(of: 2) ? "insert 0 \(marker) é漢👍🏽\\n" : "insert end \(marker) \\u{1F469}\\u{200D}\\u{1F4BB}\\n")
                lines.append("sleep \(7 * (peer + 1))")
            }
            lines += allMarkers.map { "wait-text \($0)" }
            lines.append("wait-quiet 300")
            return lines
        }
        var joiners: [PeerProcess] = []
        for peer in 1...3 {
            joiners.append(try scratch.start(["copy-\(peer).txt", "--join", "127.0.0.1:\(port)", "--name", names[peer]]))
        }
        for (index, joiner) in joiners.enumerated() {
            joiner.send(script(index + 1) + ["print", "quit"])
        }
        host.send(script(0) + ["save", "wait-peers 1", "print", "quit"])

        for (index, joiner) in joiners.enumerated() {
            let status = await joiner.exitStatus()
            #expect(status == 0, "joiner \(index + 1): \(joiner.errorText) \(joiner.output)")
        }
        #expect(await host.exitStatus() == 0, "host: \(host.errorText) \(host.output)")
        let saved = try String(contentsOfFile: scratch.documents + "/notes.txt", encoding: .utf8)
        #expect(saved.contains("Shared notes — ünïcode ✓"))
        for marker in allMarkers {
            #expect(saved.components(separatedBy: marker).count == 2, "\(marker) not exactly once in \(saved)")
        }
        let printed = ([host] + joiners).map { $0.output.last { $0.hasPrefix("text ") } }
        let expected = "text " + saved.replacingOccurrences(of: "\n", with: "\\n")
        for (index, text) in printed.enumerated() {
            #expect(text == expected, "\(names[index]) printed \(text ?? "nothing")")
        }
        let hostLog = (try? String(contentsOfFile: scratch.documents + "/host.log", encoding: .utf8)) ?? ""
        #expect(host.output.contains { $0.hasPrefix("saved by host revision ") }, "\(hostLog)")
        // The runtime file is gone once the host exited.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.root + "/run/coedit")
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test("kill -9 of a joiner mid-session: the host drops it and the others keep editing and converge")
    func joinerKilled() async throws {
        let scratch = try PeerScratch()
        let host = try scratch.start(["doc.txt", "--listen", "127.0.0.1:0", "--token", "k9", "--name", "host"])
        guard let listening = await host.line(startingWith: "listening "),
            let port = listening.split(separator: ":").last.map(String.init)
        else {
            Issue.record("the host did not start: \(host.errorText)")
            return
        }
        let victim = try scratch.start(["v.txt", "--join", "127.0.0.1:\(port)", "--token", "k9", "--name", "victim"])
        let ann = try scratch.start(["a.txt", "--join", "127.0.0.1:\(port)", "--token", "k9", "--name", "ann"])
        victim.send(["wait-peers 3", "insert end victim-was-here\\n", "wait-quiet 100", "print"])
        ann.send(["wait-peers 3", "insert 0 ann-1\\n", "wait-text victim-was-here"])
        host.send(["wait-peers 3", "wait-text victim-was-here", "wait-text ann-1"])
        #expect(await victim.line(startingWith: "text ") != nil, "\(victim.errorText)")
        victim.killHard()
        #expect(await host.line(startingWith: "left victim") != nil)
        // The victim's presence is gone for the other joiner too (exactly ann and the host are left).
        ann.send(["wait-peers 2", "insert end ann-2 after the kill\\n", "wait-text host-2", "wait-quiet 200", "print", "quit"])
        host.send(["insert 0 host-2\\n", "wait-text ann-2", "wait-peers 1", "print", "quit"])
        #expect(await ann.exitStatus() == 0, "\(ann.errorText)")
        #expect(await host.exitStatus() == 0, "\(host.errorText)")
        let annText = ann.output.last { $0.hasPrefix("text ") }
        let hostText = host.output.last { $0.hasPrefix("text ") }
        #expect(annText == hostText)
        // ann-1 and the victim's line were typed concurrently into an empty document: either order is right.
        let lines = Set((hostText ?? "").dropFirst(5).components(separatedBy: "\\n"))
        #expect(lines == ["host-2", "ann-1", "victim-was-here", "ann-2 after the kill", ""], "\(hostText ?? "")")
        #expect(hostText?.hasPrefix("text host-2\\n") == true)
    }

    @Test("joining fails before anything else with a one-line error: wrong secret, refused port, bad address")
    func joinErrors() async throws {
        let scratch = try PeerScratch()
        let host = try scratch.start(["doc.txt", "--listen", "127.0.0.1:0", "--token", "right"])
        guard let listening = await host.line(startingWith: "listening "),
            let port = listening.split(separator: ":").last.map(String.init)
        else {
            Issue.record("the host did not start: \(host.errorText)")
            return
        }
        let wrong = try scratch.start(["doc.txt", "--join", "127.0.0.1:\(port)", "--token", "wrong"])
        #expect(await wrong.exitStatus() == 1)
        #expect(wrong.errorText == "coedit-peer: wrong session secret\n")
        let noSecret = try scratch.start(["doc.txt", "--join", "127.0.0.1:\(port)"])
        #expect(await noSecret.exitStatus() == 1)
        #expect(noSecret.errorText.contains("no session secret"))
        let badAddress = try scratch.start(["doc.txt", "--join", "127.0.0.1", "--token", "x"])
        #expect(await badAddress.exitStatus() == 1)
        #expect(badAddress.errorText.contains("invalid address \"127.0.0.1\""))
        host.send(["quit"])
        #expect(await host.exitStatus() == 0)
        let refused = try scratch.start(["doc.txt", "--join", "127.0.0.1:\(port)", "--token", "right"])
        #expect(await refused.exitStatus() == 1)
        #expect(refused.errorText.contains("connection refused"))
        let taken = try scratch.start(["doc.txt", "--listen", "127.0.0.1:\(port)"])
        #expect(await taken.line(startingWith: "listening ") != nil, "\(taken.errorText)")
        let again = try scratch.start(["doc2.txt", "--listen", "127.0.0.1:\(port)"])
        #expect(await again.exitStatus() == 1)
        #expect(again.errorText.contains("port \(port) is already in use"))
        taken.closeInput()
        #expect(await taken.exitStatus() == 0)
    }
}
