import EditorCore
import Foundation
import SyncEngine
import Synchronization
import TestSupport
import Testing

@testable import Collaboration

/// A revision store that also serves its history (as the journal does in `coedit`): keeps every text.
final class HistoryKeepingStore: RevisionStore, HistoryProvider {
    private let state: Mutex<(texts: [String], entries: [LogEntry], names: [ParticipantID: String])>

    init(text: String) {
        state = Mutex(([text], [], [:]))
    }

    func append(_ entry: LogEntry) throws {
        try state.withLock { state in
            state.texts.append(try entry.change.apply(to: state.texts[state.texts.count - 1]))
            state.entries.append(entry)
        }
    }

    func participantJoined(_ participant: Participant) {
        state.withLock { $0.names[participant.id] = participant.name }
    }

    var texts: [String] { state.withLock { $0.texts } }

    func historyReply(for revision: Int?) -> HistoryReply {
        state.withLock { state in
            let latest = state.texts.count - 1
            let wanted = min(max(revision ?? latest, 0), latest)
            let entry = wanted > 0 ? state.entries[wanted - 1] : nil
            return .revision(
                HistoryEntry(
                    revision: wanted, firstRevision: 0, latestRevision: latest, time: 1_790_000_000_000 + Int64(wanted),
                    authorName: entry.map { state.names[$0.author] ?? "?" }, change: entry?.change,
                    text: state.texts[wanted]))
        }
    }
}

@Suite("History messages", .serialized)
struct HistoryMessageTests {
    @Test("the example of Docs/protocol.md §6.6: a history request and its reply, byte for byte")
    func workedExample() throws {
        // The author's connection of the §6.6 example, after its submit (host-bound revision reference 300) and
        // the ack of revision 301 (joiner-bound references: revision 301, sequence 7).
        let client = MessageCodecTests.client
        let change = MessageCodecTests.change
        var up = HostBoundEncoder()
        _ = up.encode(.sync(.hello(Hello(clientID: client, name: "zoé", resumePoint: ResumePoint(epoch: 0x5EED, revision: 300), nextSequence: 7))))
        _ = up.encode(.sync(.submit(Submission(id: ChangeID(client: client, sequence: 7), baseRevision: 300, change: change))))
        var request = up
        #expect(request.encode(.historyRequest(revision: 301)) == [0x12, 0x01, 0x02])
        #expect(up.encode(.historyRequest(revision: nil)) == [0x12, 0x00])
        var down = JoinerBoundEncoder()
        _ = down.encode(.sync(.welcome(Welcome(
            epoch: 0x5EED, you: Participant(id: ParticipantID(2), name: "zoé", colorIndex: 1), participants: [],
            start: .resume(revision: 300)))))
        _ = down.encode(.sync(.ack(Acknowledgement(id: ChangeID(client: client, sequence: 7), revision: 301, hash: nil))))
        let reply = JoinerBoundMessage.historyReply(
            .revision(
                HistoryEntry(
                    revision: 301, firstRevision: 0, latestRevision: 302, time: 1_790_000_000_000, authorName: "zoé",
                    change: change, text: "héllo ✓ wörld")))
        let expected = """
            54 00 00 d9 04 dc 04 80 d8 c1 a2 8c 34 01 04 7a 6f c3 a9 01 0b 02 18 12 e2 9c 93 20 \
            11 68 c3 a9 6c 6c 6f 20 e2 9c 93 20 77 c3 b6 72 6c 64
            """
        var replyEncoder = down
        let bytes = replyEncoder.encode(reply)
        #expect(bytes.map { String(format: "%02x", $0) }.joined(separator: " ") == expected)
        var decoder = JoinerBoundDecoder(client: client)
        var mirror = JoinerBoundEncoder()
        _ = try decoder.decode(mirror.encode(.sync(.ack(Acknowledgement(id: ChangeID(client: client, sequence: 7), revision: 301, hash: nil)))))
        #expect(try decoder.decode(bytes) == reply)
        let unavailable = JoinerBoundMessage.historyReply(.unavailable("no history ✗"))
        var fresh = (JoinerBoundEncoder(), JoinerBoundDecoder())
        let unavailableBytes = fresh.0.encode(unavailable)
        #expect(unavailableBytes.prefix(3) == [0x54, 0x01, 0x0e])
        #expect(try fresh.1.decode(unavailableBytes) == unavailable)
    }

    @Test("replies that break the entry's invariants are malformed and name the field")
    func malformedReplies() {
        func failure(_ entry: HistoryEntry) -> MessageDecodingError? {
            do {
                var decoder = JoinerBoundDecoder()
                var encoder = JoinerBoundEncoder()
                _ = try decoder.decode(encoder.encode(.historyReply(.revision(entry))))
                return nil
            } catch {
                return error
            }
        }
        let change = ChangeSet.replacing(0..<0, with: "ü", baseLength: 2)
        let good = HistoryEntry(revision: 3, firstRevision: 1, latestRevision: 5, time: 7, authorName: "ana",
            change: change, text: "üab")
        #expect(failure(good) == nil)
        var outside = good
        outside.revision = 6
        #expect(failure(outside)?.field == "historyReply.revision")
        var firstWithChange = good
        firstWithChange.firstRevision = 3
        #expect(failure(firstWithChange)?.field == "historyReply.change")
        var laterWithout = good
        laterWithout.change = nil
        #expect(failure(laterWithout)?.field == "historyReply.change")
        var wrongLength = good
        wrongLength.text = "üabc"
        #expect(failure(wrongLength)?.field == "historyReply.change")
        let badOutcome: [UInt8] = [0x54, 0x02]
        var joiner = JoinerBoundDecoder()
        #expect(throws: MessageDecodingError.self) { try joiner.decode(badOutcome) }
        var host = HostBoundDecoder()
        #expect(throws: MessageDecodingError.self) { try host.decode([0x12, 0x02]) }
    }

    @Test("over loopback: a joiner and a read-only guest get past revisions, clamped; a host without history says so")
    func roundTrip() async throws {
        let log = LogLines()
        let start = "héllo wörld ✓\n"
        let store = HistoryKeepingStore(text: start)
        let host = try await Loopback.startHost(text: start, log: log, store: store)
        let own = TestEditor(label: "host", client: try host.makeLocalClient(name: "hôte"), text: start)
        let joiner = try await Loopback.join(
            port: host.port, name: "zoé", text: start, configuration: Loopback.joinerConfiguration(log: log))
        let guest = try await Loopback.join(
            port: host.port, name: "guest", secret: Loopback.guestSecret, configuration: Loopback.joinerConfiguration(log: log))
        let editors = [own, joiner, guest]
        #expect(await pump(editors) { editors.allSatisfy { $0.client.status == .live } })
        for word in ["漢字 ", "café ", "👩‍💻 "] {
            joiner.insert(word, at: 0)
            #expect(await pump(editors) { joiner.isSettled && own.buffer == joiner.buffer })
        }
        let texts = store.texts
        #expect(texts.count == 4)

        func ask(_ editor: TestEditor, _ revision: Int?) async -> HistoryReply? {
            let before = editor.events.count
            #expect(editor.client.requestHistory(revision: revision))
            var reply: HistoryReply?
            _ = await pump(editors) {
                for case .historyReply(let answer) in editor.events.dropFirst(before) { reply = answer }
                return reply != nil
            }
            return reply
        }
        guard case .revision(let second)? = await ask(joiner, 2) else { Issue.record("no reply for r2"); return }
        #expect(second.text == texts[2] && second.authorName == "zoé" && second.latestRevision == 3)
        #expect(try second.change?.apply(to: texts[1]) == texts[2])
        guard case .revision(let newest)? = await ask(guest, nil) else { Issue.record("no reply for nil"); return }
        #expect(newest.revision == 3 && newest.text == joiner.buffer.string)
        guard case .revision(let clamped)? = await ask(guest, 99) else { Issue.record("no reply for r99"); return }
        #expect(clamped.revision == 3)
        guard case .revision(let first)? = await ask(joiner, 0) else { Issue.record("no reply for r0"); return }
        #expect(first.text == start && first.change == nil && first.authorName == nil)
        #expect(guest.client.status == .live, "a read-only guest may read the history")

        // A flood of requests from a raw peer is answered, partly with refusals, and the host stays up.
        let raw = try await RawPeer.connect(port: host.port, secret: Loopback.editorSecret)
        try raw.send(raw.hello(name: "flood"))
        for _ in 0..<80 { try raw.send(.historyRequest(revision: 1)) }
        #expect(await pump(editors) {
            raw.messages.filter { if case .historyReply = $0 { true } else { false } }.count == 80
        })
        let refusals = raw.messages.filter { if case .historyReply(.unavailable) = $0 { true } else { false } }
        #expect(!refusals.isEmpty && refusals.count < 80)
        #expect(!raw.isClosed)
        editors.forEach { $0.client.close() }
        await host.stop()

        let plain = try await Loopback.startHost(text: start, log: log)
        let lone = try await Loopback.join(
            port: plain.port, name: "zoé", text: start, configuration: Loopback.joinerConfiguration(log: log))
        #expect(await pump([lone]) { lone.client.status == .live })
        let before = lone.events.count
        #expect(lone.client.requestHistory(revision: nil))
        #expect(await pump([lone]) {
            lone.events.dropFirst(before).contains { $0 == .historyReply(.unavailable("this host keeps no history")) }
        })
        lone.client.close()
        await plain.stop()
    }
}
