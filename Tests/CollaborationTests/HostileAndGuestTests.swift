import EditorCore
import Foundation
import Synchronization
import SyncEngine
import TestSupport
import Testing
import Transport

@testable import Collaboration

/// A raw connection to a host that sends whatever the test wants and records what comes back.
final class RawPeer: Sendable {
    let connection: PeerConnection
    private let received = Mutex<[[UInt8]]>([])
    private let closedState = Mutex<(closed: Bool, error: TransportError?)>((false, nil))

    private init(connection: PeerConnection, recorder: Recorder) {
        self.connection = connection
        recorder.peer.withLock { $0 = self }
    }

    private final class Recorder: Sendable {
        let peer = Mutex<RawPeer?>(nil)
        let early = Mutex<[PeerEvent]>([])
    }

    static func connect(port: Int, secret: SessionSecret) async throws -> RawPeer {
        let recorder = Recorder()
        let connection = try await TransportClient.connect(host: "127.0.0.1", port: port, secret: secret) { _, event in
            if let peer = recorder.peer.withLock({ $0 }) { peer.note(event) } else { recorder.early.withLock { $0.append(event) } }
        }
        let peer = RawPeer(connection: connection, recorder: recorder)
        for event in recorder.early.withLock({ $0 }) { peer.note(event) }
        return peer
    }

    private func note(_ event: PeerEvent) {
        switch event {
        case .connected: break
        case .received(let bytes): received.withLock { $0.append(bytes) }
        case .closed(let error): closedState.withLock { $0 = (true, error) }
        }
    }

    /// The connection's encoder, and the client its hello named (the client of the host's change identities).
    private let encoder = Mutex((HostBoundEncoder(), ClientID?.none))

    func send(_ message: HostBoundMessage) throws { try connection.send(encode(message)) }
    /// The payload of `message` on this connection (sent or not, it moves the encoder on).
    func encode(_ message: HostBoundMessage) -> [UInt8] {
        encoder.withLock { state in
            if case .sync(.hello(let hello)) = message { state.1 = hello.clientID }
            return state.0.encode(message)
        }
    }
    func sendRaw(_ bytes: [UInt8]) throws { try connection.send(bytes) }
    var isClosed: Bool { closedState.withLock { $0.closed } }
    /// What the host sent, decoded in order on this connection (payloads that do not decode are left out).
    var messages: [JoinerBoundMessage] {
        var decoder = JoinerBoundDecoder(client: encoder.withLock { $0.1 })
        return received.withLock { $0 }.compactMap { try? decoder.decode($0) }
    }

    func hello(name: String) -> HostBoundMessage {
        .sync(.hello(Hello(clientID: ClientID(UInt64.random(in: 1...UInt64.max)), name: name)))
    }
}

@Suite("Guests and hostile peers", .serialized)
struct HostileAndGuestTests {
    @Test("a read-only guest receives the text and cursors but cannot edit: the client never submits, the host refuses")
    func readOnlyGuest() async throws {
        let log = LogLines()
        let host = try await Loopback.startHost(text: "read me ✓", log: log)
        let own = TestEditor(label: "host", client: try host.makeLocalClient(name: "host"), text: "read me ✓")
        let guest = try await Loopback.join(
            port: host.port, name: "guest", secret: Loopback.guestSecret,
            configuration: Loopback.joinerConfiguration(log: log))
        let editors = [own, guest]
        #expect(await pump(editors) { editors.allSatisfy { $0.client.status == .live } })
        #expect(guest.client.isReadOnly)
        #expect(guest.events.contains { if case .welcomed(_, _, true) = $0 { true } else { false } })
        own.insert("host types, ", at: 0)
        #expect(await pump(editors) { guest.buffer.string == "host types, read me ✓" })
        // A guest whose editor lets it type anyway: nothing is sent; saving is refused locally.
        guest.insert("guest text", at: 0)
        for _ in 0..<10 {
            editors.forEach { $0.pump() }
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect((try? await host.state())?.text == "host types, read me ✓")
        #expect(guest.client.requestSave(buffer: guest.buffer).contains { if case .saveFailed = $0 { true } else { false } })

        // A hand-made read-only connection that submits anyway is closed, with a log line.
        let raw = try await RawPeer.connect(port: host.port, secret: Loopback.guestSecret)
        try raw.send(raw.hello(name: "sneaky"))
        #expect(await pump(editors) { raw.messages.contains { if case .sync(.welcome) = $0 { true } else { false } } })
        guard case .sync(.welcome(let welcome))? = raw.messages.first, case .snapshot(let snapshot) = welcome.start else {
            Issue.record("no snapshot welcome")
            return
        }
        let change = ChangeSet.replacing(0..<0, with: "pwned ", baseLength: snapshot.text.unicodeScalars.count)
        let id = ChangeID(client: ClientID(1), sequence: 1)
        try raw.send(.sync(.submit(Submission(id: id, baseRevision: snapshot.revision, change: change))))
        #expect(await pump(editors) { raw.isClosed })
        #expect(log.contains("a read-only guest may not edit"))
        #expect((try? await host.state())?.text == "host types, read me ✓")
        editors.forEach { $0.client.close() }
        await host.stop()
    }

    @Test("garbage, violations and messages before the hello close that peer while the others converge")
    func hostilePeers() async throws {
        let log = LogLines()
        let host = try await Loopback.startHost(text: "keep calm", log: log)
        let own = TestEditor(label: "host", client: try host.makeLocalClient(name: "host"), text: "keep calm")
        let ann = try await Loopback.join(port: host.port, name: "ann", configuration: Loopback.joinerConfiguration(log: log))
        let editors = [own, ann]
        #expect(await pump(editors) { editors.allSatisfy { $0.client.status == .live } })

        var random = SeededGenerator(seed: TestBudget.baseSeed())
        let garbage = try await RawPeer.connect(port: host.port, secret: Loopback.editorSecret)
        try garbage.sendRaw((0..<64).map { _ in UInt8.random(in: 0...255, using: &random) } + [0xFF])
        let early = try await RawPeer.connect(port: host.port, secret: Loopback.editorSecret)
        try early.send(.sync(.requestSnapshot))  // before any hello
        let future = try await RawPeer.connect(port: host.port, secret: Loopback.editorSecret)
        try future.send(future.hello(name: "time traveller\u{1B}[2J"))
        let bogus = Submission(
            id: ChangeID(client: ClientID(99), sequence: 1), baseRevision: 1_000,
            change: ChangeSet.identity(length: 3))
        try future.send(.sync(.submit(bogus)))
        let outOfRange = try await RawPeer.connect(port: host.port, secret: Loopback.editorSecret)
        try outOfRange.send(outOfRange.hello(name: "cursor"))
        try outOfRange.send(.sync(.cursor(CursorUpdate(revision: 0, afterChange: nil, selections: [Selection(cursor: 9_999)]))))

        own.insert("— host ", at: 0)
        ann.insert(" — ann", at: ann.buffer.scalarCount)
        let hostile = [garbage, early, future, outOfRange]
        #expect(await pump(editors) { hostile.allSatisfy(\.isClosed) })
        let (settled, text) = await settle(editors, host: host)
        #expect(settled)
        #expect(text == "— host keep calm — ann")
        #expect(log.contains("malformed message"))
        #expect(log.contains("the first message must be a hello"))
        #expect(log.contains("is from the future") || log.contains("names another client"))
        #expect(log.contains("outside a text"))
        // The terminal escape in the name was neutralised before anyone saw it.
        #expect(!own.client.participants.contains { $0.name.contains("\u{1B}") })
        editors.forEach { $0.client.close() }
        await host.stop()
    }

    @Test("a joiner that falls silent (its machine vanished) is dropped by the host; one that pings stays")
    func silentJoinerDropped() async throws {
        let log = LogLines()
        let host = try await Loopback.startHost(text: "quiet", log: log, silenceTimeout: .milliseconds(400))
        let configuration = Loopback.joinerConfiguration(log: log, heartbeat: .milliseconds(100), silence: .seconds(5))
        let ann = try await Loopback.join(port: host.port, name: "ann", configuration: configuration)
        let ghost = try await RawPeer.connect(port: host.port, secret: Loopback.editorSecret)
        try ghost.send(ghost.hello(name: "ghost"))
        #expect(await pump([ann]) { ann.client.participants.count == 2 })
        // (A rare failure here under a loaded full run, about 1 in 13, with the log line below present, is not
        // understood yet: the message says what the host logged and what the ghost received. The wait is long so
        // that a stalled machine is not mistaken for it; a ghost that is never closed still fails.)
        if await !pump([ann], seconds: 15, until: { ghost.isClosed }) {
            let participants = (try? await host.state())?.participants.map(\.name)
            Issue.record("""
                the silent ghost was not closed within 15 s; host participants now: \(String(describing: participants)); \
                ann: \(ann.client.status); host log: \(log.all.suffix(12)); the ghost received \(ghost.messages)
                """)
        }
        #expect(log.contains("silent for 400 ms"))
        try await Task.sleep(for: .milliseconds(500))
        ann.pump()
        #expect(ann.client.status == .live)
        #expect(((try? await host.state())?.participants.map(\.name)) == ["ann"])
        ann.client.close()
        await host.stop()
    }

    @Test("a joiner that only watches while another types keeps pinging, so the host never drops it")
    func watcherStaysWhileOthersType() async throws {
        let log = LogLines()
        let host = try await Loopback.startHost(text: "regardez ✓", log: log, silenceTimeout: .milliseconds(600))
        let configuration = Loopback.joinerConfiguration(log: log, heartbeat: .milliseconds(100), silence: .seconds(5))
        let typist = try await Loopback.join(port: host.port, name: "typist", configuration: configuration)
        let watcher = try await Loopback.join(port: host.port, name: "watcher", configuration: configuration)
        #expect(await pump([typist, watcher]) { watcher.client.participants.count == 2 })
        // The watcher hears a broadcast every ~50 ms (never silent), but sends nothing of its own for 2 s: more
        // than three times the host's silence timeout.
        for index in 0..<40 {
            typist.insert(index % 2 == 0 ? "字" : "é", at: 0)
            _ = await pump([typist, watcher], seconds: 0.05) { false }
        }
        #expect(await pump([typist, watcher]) { watcher.buffer.string == typist.buffer.string })
        #expect(!log.contains("silent for"), "the host dropped a joiner: \(log.all.filter { $0.contains("silent") })")
        #expect(!watcher.statuses.contains { if case .retrying = $0 { true } else { false } })
        #expect(((try? await host.state())?.participants.map(\.name).sorted()) == ["typist", "watcher"])
        typist.client.close()
        watcher.client.close()
        await host.stop()
    }

    @Test("host leaving: peers are told, keep their text, and retry")
    func hostLeaves() async throws {
        let log = LogLines()
        let host = try await Loopback.startHost(text: "bye", log: log)
        let ann = try await Loopback.join(port: host.port, name: "ann", configuration: Loopback.joinerConfiguration(log: log))
        #expect(await pump([ann]) { ann.client.status == .live })
        ann.insert("unsent ", at: 0)
        await host.stop()
        #expect(await pump([ann]) { ann.events.contains(.hostLeaving) })
        #expect(await pump([ann]) { ann.statuses.contains { if case .retrying = $0 { true } else { false } } })
        #expect(ann.buffer.string == "unsent bye")
        #expect(ann.client.hasUnacknowledgedEdits(buffer: ann.buffer))
        ann.client.close()
    }
}
