import EditorCore
import Foundation
import SyncEngine
import Testing
import Transport

@testable import Collaboration

/// Faults of the network between honest editors, through `ChaosProxy` (Docs/faults.md): a stall shorter than the
/// silence timeout is ridden out on the same connection; a connection cut in the middle of a frame, or carrying a
/// tampered or replayed frame, is closed and replaced, and nothing is lost or doubled. The host's own editor and two joiners keep typing throughout and converge.
@Suite("Network faults between honest editors", .serialized)
struct NetworkFaultTests {
    /// The host's editor and two joiners through a proxy, all live.
    private func threeEditors(text: String, log: LogLines, store: InMemoryRevisionStore, silence: Duration = .seconds(30))
        async throws -> (host: HostSession, proxy: ChaosProxy, editors: [TestEditor])
    {
        let host = try await Loopback.startHost(text: text, log: log, store: store)
        let proxy = try await ChaosProxy.start(target: host.port)
        let own = TestEditor(label: "host", client: try host.makeLocalClient(name: "host"), text: text)
        let configuration = Loopback.joinerConfiguration(log: log, heartbeat: .milliseconds(200), silence: silence)
        let ann = try await Loopback.join(port: proxy.port, name: "ann", configuration: configuration)
        let bob = try await Loopback.join(port: proxy.port, name: "bøb", configuration: configuration)
        let editors = [own, ann, bob]
        #expect(await pump(editors) { editors.allSatisfy { $0.client.status == .live } })
        return (host, proxy, editors)
    }

    @Test("a stall mid-frame, shorter than the silence timeout: bytes wait, the connection survives, edits converge")
    func stallThenResume() async throws {
        let log = LogLines()
        let store = InMemoryRevisionStore()
        let (host, proxy, editors) = try await threeEditors(text: "stall ✓\n", log: log, store: store)
        let (own, ann, bob) = (editors[0], editors[1], editors[2])

        // The next bytes relayed stop in the middle (a receiver holds half a frame); everything else stalls too.
        proxy.inject(.stallMidFrame)
        ann.insert("ann während ", at: 0)
        #expect(await pump(editors) { proxy.hasInjected })
        proxy.stall(true)
        bob.insert("bob 漢字\n", at: bob.buffer.scalarCount)
        own.insert(" host👍🏽", at: offset(of: "stall", in: own.buffer) + 5)
        // 800 ms of silence: far below the 30 s timeout, longer than several heartbeats.
        for _ in 0..<80 {
            editors.forEach { $0.pump() }
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(!bob.isSettled && !bob.buffer.string.contains("host👍🏽"), "the stall held edits back")
        proxy.stall(false)
        let (settled, text) = await settle(editors, host: host)
        #expect(settled)
        #expect(text == "ann während stall host👍🏽 ✓\nbob 漢字\n", "\(text)")
        // Ridden out, not replaced: no joiner went offline or reconnected.
        for editor in [ann, bob] {
            let wentOffline = editor.statuses.contains {
                switch $0 {
                case .offline, .retrying: true
                default: false
                }
            }
            #expect(!wentOffline, "\(editor.label): \(editor.statuses)")
        }
        #expect(!log.contains("no word from the host"))
        editors.forEach { $0.client.close() }
        await proxy.close()
        await host.stop()
    }

    @Test(
        "a cut mid-frame, a tampered frame, a replayed frame: the joiner reconnects and resumes; nothing lost or doubled",
        arguments: [ChaosFault.cutMidFrame, .flipLastBit, .replay])
    func damagedStream(fault: ChaosFault) async throws {
        let log = LogLines()
        let store = InMemoryRevisionStore()
        let (host, proxy, editors) = try await threeEditors(text: "", log: log, store: store)
        let (own, ann, bob) = (editors[0], editors[1], editors[2])
        var markers: [String] = []
        for round in 0..<3 {
            proxy.inject(fault)
            for (index, editor) in editors.enumerated() {
                let marker = "[\(editor.label)-\(round) é\(index)]"
                markers.append(marker)
                editor.insert(marker + "\n", at: round.isMultiple(of: 2) ? 0 : editor.buffer.scalarCount)
            }
            #expect(await pump(editors) { proxy.hasInjected }, "round \(round): nothing was damaged")
            // Keep typing while the damaged connection is replaced.
            own.insert("(host after cut \(round))", at: 0)
            markers.append("(host after cut \(round))")
            let (settled, _) = await settle(editors, host: host)
            #expect(settled, "round \(round)")
        }
        let (settled, text) = await settle(editors, host: host)
        #expect(settled)
        for marker in markers {
            #expect(text.components(separatedBy: marker).count == 2, "\(marker) not exactly once in \(text)")
        }
        #expect(ann.buffer.string == text && bob.buffer.string == text)
        let resumed = (ann.logLines + bob.logLines).filter { $0.hasPrefix("resumed at revision") }
        #expect(resumed.count >= 3, "\(ann.logLines) \(bob.logLines)")
        #expect(ann.conflicts.isEmpty && bob.conflicts.isEmpty)
        if fault != .cutMidFrame {
            #expect(log.contains("failed authentication"), "\(log.all)")
        }
        editors.forEach { $0.client.close() }
        await proxy.close()
        await host.stop()
    }
}
