import EditorCore
import Foundation
import SyncEngine
import Testing

@testable import Collaboration

/// The host holds a joiner's acknowledgements back (`HostCore+Acks.swift`): a burst of pipelined changes is
/// acknowledged by a few cumulative acks, and an ack always reaches the joiner before any later revision.
@Suite("Held-back acknowledgements over loopback TCP", .serialized)
struct HeldAckTests {
    /// The raw joiner got no welcome with a snapshot.
    struct NoWelcome: Error {
        let messages: [JoinerBoundMessage]
    }

    /// A host sharing `text` with its own editor, and a raw joiner `client` that said hello and got its welcome.
    private func start(text: String, client: ClientID) async throws
        -> (host: HostSession, own: TestEditor, raw: RawPeer, snapshot: Snapshot)
    {
        let host = try await Loopback.startHost(text: text, log: LogLines())
        let own = TestEditor(label: "host", client: try host.makeLocalClient(name: "host"), text: text)
        let raw = try await RawPeer.connect(port: host.port, secret: Loopback.editorSecret)
        try raw.send(.sync(.hello(Hello(clientID: client, name: "raw"))))
        _ = await pump([own]) { raw.messages.contains { if case .sync(.welcome) = $0 { true } else { false } } }
        guard case .sync(.welcome(let welcome))? = raw.messages.first, case .snapshot(let snapshot) = welcome.start
        else { throw NoWelcome(messages: raw.messages) }
        return (host, own, raw, snapshot)
    }

    /// `count` pipelined submissions from `raw`, each appending one non-ASCII scalar to `text`: the first follows
    /// nothing, the others follow their predecessor; all are based on `revision`.
    private func sendPipeline(_ raw: RawPeer, client: ClientID, count: Int, text: String, revision: Int) throws {
        var length = text.unicodeScalars.count
        for index in 0..<count {
            let change = ChangeSet.replacing(length..<length, with: index.isMultiple(of: 2) ? "é" : "字", baseLength: length)
            length += 1
            try raw.send(
                .sync(
                    .submit(
                        Submission(
                            id: ChangeID(client: client, sequence: UInt64(index + 1)), baseRevision: revision,
                            followsPrevious: index > 0, change: change))))
        }
    }

    /// What a raw joiner heard that these tests look at, in order.
    private enum Heard: Equatable {
        case ack(sequence: UInt64, revision: Int)
        case broadcast(revision: Int)
        case pong

        /// The revision an ack or a broadcast announces.
        var revision: Int? {
            switch self {
            case .ack(_, let revision), .broadcast(let revision): revision
            case .pong: nil
            }
        }
    }

    /// The acks, broadcasts and pongs `raw` received, in order.
    private func heard(_ raw: RawPeer) -> [Heard] {
        raw.messages.compactMap { message in
            switch message {
            case .sync(.ack(let ack)): .ack(sequence: ack.id.sequence, revision: ack.revision)
            case .sync(.broadcast(let broadcast)): .broadcast(revision: broadcast.revision)
            case .pong: .pong
            default: nil
            }
        }
    }

    /// The acks `raw` received, as (sequence, revision).
    private func acks(_ raw: RawPeer) -> [(UInt64, Int)] {
        heard(raw).compactMap { if case .ack(let sequence, let revision) = $0 { (sequence, revision) } else { nil } }
    }

    @Test("twenty pipelined changes: all applied in order, acknowledged by fewer acks, the last one covering all")
    func aBurstIsAcknowledgedCumulatively() async throws {
        let client = ClientID(0xACC)
        let (host, own, raw, start) = try await start(text: "ñ✓", client: client)
        try sendPipeline(raw, client: client, count: 20, text: start.text, revision: start.revision)
        let expected = start.text + String(repeating: "é字", count: 10)
        #expect(await pump([own]) { own.buffer.string == expected })
        #expect(await pump([own]) { acks(raw).last.map { $0 == (20, start.revision + 20) } ?? false })
        let received = acks(raw)
        #expect(received.count < 20, "one ack per change: \(received)")
        #expect(received.map(\.0) == received.map(\.0).sorted() && Set(received.map(\.0)).count == received.count)
        #expect(!raw.isClosed)
        own.client.close()
        await host.stop()
    }

    @Test("a ping gets the held ack at once: it precedes the pong")
    func aPingReleasesTheHeldAck() async throws {
        let client = ClientID(0xC0DE)
        let (host, own, raw, start) = try await start(text: "ça ✓", client: client)
        try sendPipeline(raw, client: client, count: 3, text: start.text, revision: start.revision)
        try raw.send(.ping)
        #expect(await pump([own]) { heard(raw).contains(.pong) })
        let timeline = heard(raw)
        #expect(
            Array(timeline.suffix(2)) == [.ack(sequence: 3, revision: start.revision + 3), .pong], "\(timeline)")
        own.client.close()
        await host.stop()
    }

    @Test("an ack held for a joiner goes out before the next revision it is sent, so revisions arrive in order")
    func anAckPrecedesLaterRevisions() async throws {
        let client = ClientID(0xB0B)
        let (host, own, raw, start) = try await start(text: "東京", client: client)
        try sendPipeline(raw, client: client, count: 3, text: start.text, revision: start.revision)
        #expect(await pump([own]) { own.buffer.scalarCount == start.text.unicodeScalars.count + 3 })
        own.insert("¡", at: 0)  // the host's own editor: a broadcast to the joiner, right after its 3 changes
        #expect(
            await pump([own]) {
                raw.messages.contains { if case .sync(.broadcast) = $0 { true } else { false } }
            })
        // Every revision the joiner hears of, own (ack) or not (broadcast), comes in increasing order, and the ack
        // of its third change (revision start + 3) precedes the broadcast of revision start + 4.
        let revisions = heard(raw).compactMap(\.revision)
        #expect(revisions == revisions.sorted() && revisions.last == start.revision + 4, "\(revisions)")
        #expect(acks(raw).last.map { $0 == (3, start.revision + 3) } ?? false, "\(acks(raw))")
        own.client.close()
        await host.stop()
    }
}
