import EditorCore
import Foundation
import Synchronization
import SyncEngine
import TestSupport
import Testing
import Transport

@testable import Collaboration

@Suite("Reconnecting through a faulty network", .serialized)
struct ReconnectTests {
    @Test("a cut connection: the joiner keeps editing offline, reconnects by itself, and resumes exactly")
    func cutAndResume() async throws {
        let log = LogLines()
        let store = InMemoryRevisionStore()
        let host = try await Loopback.startHost(text: "shared ✓\n", log: log, store: store)
        let proxy = try await ChaosProxy.start(target: host.port)
        let own = TestEditor(label: "host", client: try host.makeLocalClient(name: "host"), text: "shared ✓\n")
        let ann = try await Loopback.join(port: proxy.port, name: "ann", configuration: Loopback.joinerConfiguration(log: log))
        let editors = [own, ann]
        #expect(await pump(editors) { editors.allSatisfy { $0.client.status == .live } })

        ann.insert("ann-acked é\n", at: 0)
        var (settled, _) = await settle(editors, host: host)
        #expect(settled)
        let acknowledged = store.entries.count

        proxy.refuseNew(true)
        proxy.cutAll()
        #expect(await pump(editors) { ann.client.status != .live })
        // Both sides keep editing while apart.
        ann.insert("ann-offline 漢\n", at: ann.buffer.scalarCount)
        own.insert("host-meanwhile 👍🏽\n", at: 0)
        for _ in 0..<10 {
            editors.forEach { $0.pump() }
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(ann.client.status != .live)
        #expect(ann.statuses.contains { if case .retrying = $0 { true } else { false } })

        proxy.refuseNew(false)
        var text: String
        (settled, text) = await settle(editors, host: host)
        #expect(settled)
        #expect(text.contains("ann-acked é"))
        #expect(text.contains("ann-offline 漢"))
        #expect(text.contains("host-meanwhile 👍🏽"))
        #expect(ann.buffer.string == text)
        #expect(store.entries.count > acknowledged)
        #expect(ann.logLines.contains { $0.hasPrefix("resumed at revision") }, "\(ann.logLines)")
        #expect(ann.conflicts.isEmpty)
        editors.forEach { $0.client.close() }
        await proxy.close()
        await host.stop()
    }

    @Test("a base older than the host's log: offline edits merge best effort onto a snapshot; failed hunks are reported")
    func fallbackMerge() async throws {
        let log = LogLines()
        let words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett"]
        let lines = words.map { "\($0) — ünïcode ✓ \(String($0.reversed()))" }.joined(separator: "\n") + "\n"
        let host = try await Loopback.startHost(
            text: lines, log: log, document: HostDocument.Configuration(logWindow: 2))
        let proxy = try await ChaosProxy.start(target: host.port)
        let own = TestEditor(label: "host", client: try host.makeLocalClient(name: "host"), text: lines)
        let ann = try await Loopback.join(port: proxy.port, name: "ann", configuration: Loopback.joinerConfiguration(log: log))
        let editors = [own, ann]
        #expect(await pump(editors) { editors.allSatisfy { $0.client.status == .live } })

        proxy.refuseNew(true)
        proxy.cutAll()
        #expect(await pump(editors) { ann.client.status != .live })
        // Offline: ann edits the last line (untouched by the host) and the second (which the host rewrites).
        ann.insert("ANN ", at: offset(of: "juliett", in: ann.buffer))
        ann.insert("ann's ", at: offset(of: "bravo", in: ann.buffer))
        // The host replaces its first half, and makes more revisions than its log keeps, one at a time.
        let half = offset(of: "foxtrot", in: own.buffer)
        own.delete(at: 0, length: half)
        own.insert("REWRITTEN BY HOST 漢字\n", at: 0)
        #expect(await pump([own]) { own.isSettled })
        for index in 0..<4 {
            own.insert("host \(index)\n", at: 0)
            #expect(await pump([own]) { own.isSettled })
        }
        proxy.refuseNew(false)
        let (settled, text) = await settle(editors, host: host)
        #expect(settled)
        #expect(text.contains("ANN juliett"))
        #expect(text.contains("REWRITTEN BY HOST 漢字"))
        #expect(!text.contains("bravo"))
        #expect(ann.logLines.contains { $0.contains("started from a snapshot") }, "\(ann.logLines)")
        // Ann's edit of the rewritten line could not apply: it is reported, not dropped.
        #expect(!ann.conflicts.isEmpty, "\(text)")
        #expect(ann.conflicts.contains { $0.insertedText.contains("ann's") }, "\(ann.conflicts)")
        editors.forEach { $0.client.close() }
        await proxy.close()
        await host.stop()
    }

    @Test("a stalled network: the silent connection is dropped after the timeout and replaced; edits converge")
    func stallDetected() async throws {
        let log = LogLines()
        let host = try await Loopback.startHost(text: "stall", log: log)
        let proxy = try await ChaosProxy.start(target: host.port)
        let own = TestEditor(label: "host", client: try host.makeLocalClient(name: "host"), text: "stall")
        let configuration = Loopback.joinerConfiguration(log: log, heartbeat: .milliseconds(100), silence: .milliseconds(400))
        let ann = try await Loopback.join(port: proxy.port, name: "ann", configuration: configuration)
        let editors = [own, ann]
        #expect(await pump(editors) { editors.allSatisfy { $0.client.status == .live } })
        // Pings keep an idle but healthy connection alive.
        try await Task.sleep(for: .milliseconds(600))
        editors.forEach { $0.pump() }
        #expect(ann.client.status == .live)
        #expect(!log.contains("no word from the host"))

        proxy.stall(true)
        ann.insert("during the stall ", at: 0)
        own.insert(" meanwhile", at: own.buffer.scalarCount)
        let dropped = await pump(editors, seconds: 5) { log.contains("no word from the host") }
        #expect(dropped)
        let (settled, text) = await settle(editors, host: host)
        #expect(settled)
        #expect(text == "during the stall stall meanwhile")
        editors.forEach { $0.client.close() }
        await proxy.close()
        await host.stop()
    }

    @Test("backoff: each retry waits the policy's delay for the injected random units, and a welcome resets it")
    func backoffSchedule() async throws {
        let log = LogLines()
        let host = try await Loopback.startHost(text: "", log: log)
        let proxy = try await ChaosProxy.start(target: host.port)
        let timer = ManualTimer()
        let units = RandomUnits(seed: 7)
        let client = try CollaborationClient(name: "ann")
        let configuration = Loopback.joinerConfiguration(log: log)
        let session = try await JoinerSession.connect(
            to: TransportEndpoint(host: "127.0.0.1", port: proxy.port), secret: Loopback.editorSecret,
            inbox: client.inbox, configuration: configuration, timer: timer, random: units.next)
        client.attach(session)
        let ann = TestEditor(label: "ann", client: client)
        #expect(await pump([ann]) { ann.client.status == .live })

        proxy.refuseNew(true)
        proxy.cutAll()
        var expected: [Duration] = []
        for attempt in 1...5 {
            #expect(await pump([ann]) { timer.pending == 1 }, "attempt \(attempt)")
            expected.append(configuration.reconnect.delay(attempt: attempt, unit: units.drawn[attempt - 1]))
            timer.fire()  // the attempt is refused by the proxy: the next one is scheduled
        }
        #expect(await pump([ann]) { timer.pending == 1 })
        #expect(Array(timer.delays.prefix(5)) == expected)
        #expect(expected[4] <= .milliseconds(200) && expected[4] >= .milliseconds(100))
        #expect(session.failureCount == 6)

        proxy.refuseNew(false)
        timer.fire()
        #expect(await pump([ann]) { ann.client.status == .live })
        #expect(session.failureCount == 0)
        client.close()
        await proxy.close()
        await host.stop()
    }
}

/// The scalar offset of the first occurrence of `needle` in `buffer`.
func offset(of needle: String, in buffer: TextBuffer) -> Int {
    let text = buffer.string
    guard let range = text.range(of: needle) else { return 0 }
    return text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: range.lowerBound)
}

/// A reconnect timer that records delays and runs work only when the test fires it.
final class ManualTimer: ReconnectTimer {
    private let state = Mutex<(delays: [Duration], work: [@Sendable () -> Void])>(([], []))

    func schedule(after delay: Duration, _ work: @escaping @Sendable () -> Void) {
        state.withLock {
            $0.delays.append(delay)
            $0.work.append(work)
        }
    }

    var delays: [Duration] { state.withLock { $0.delays } }
    var pending: Int { state.withLock { $0.work.count } }

    /// Runs the oldest scheduled work.
    func fire() {
        let work = state.withLock { $0.work.isEmpty ? nil : $0.work.removeFirst() }
        work?()
    }
}

/// Seeded random units in `0..<1`, remembering what was drawn.
final class RandomUnits: Sendable {
    private let state: Mutex<(generator: SeededGenerator, drawn: [Double])>

    init(seed: UInt64) {
        state = Mutex((SeededGenerator(seed: seed), []))
    }

    var next: @Sendable () -> Double {
        { [self] in
            state.withLock { state in
                let unit = Double.random(in: 0..<1, using: &state.generator)
                state.drawn.append(unit)
                return unit
            }
        }
    }

    var drawn: [Double] { state.withLock { $0.drawn } }
}
