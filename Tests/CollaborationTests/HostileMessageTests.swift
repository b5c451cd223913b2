import EditorCore
import Foundation
import SyncEngine
import Testing
import Transport

@testable import Collaboration

/// Authenticated peers that send well-sealed but bad messages: each is logged and closed while two honest editors
/// keep typing and converge (Docs/faults.md). The peers of `HostileAndGuestTests.hostilePeers` cover garbage,
/// messages before the hello, a base from the future and a cursor out of range.
@Suite("Hostile messages", .serialized)
struct HostileMessageTests {
    /// `payload` with the bytes of `marker` replaced by `replacement` (of the same length).
    private func replacing(_ marker: String, with replacement: [UInt8], in payload: [UInt8]) throws -> [UInt8] {
        let needle = Array(marker.utf8)
        #expect(needle.count == replacement.count)
        let start = try #require(
            (0...(payload.count - needle.count)).first { Array(payload[$0..<($0 + needle.count)]) == needle })
        var damaged = payload
        damaged.replaceSubrange(start..<(start + needle.count), with: replacement)
        return damaged
    }

    @Test("invalid UTF-8, a change that does not fit the document, a too-old base: logged, closed; others converge")
    func badMessages() async throws {
        let log = LogLines()
        let text = "naïve café 東京\n"
        let host = try await Loopback.startHost(text: text, log: log, document: HostDocument.Configuration(logWindow: 2))
        let own = TestEditor(label: "host", client: try host.makeLocalClient(name: "host"), text: text)
        let ann = try await Loopback.join(port: host.port, name: "ann", configuration: Loopback.joinerConfiguration(log: log))
        let editors = [own, ann]
        #expect(await pump(editors) { editors.allSatisfy { $0.client.status == .live } })

        // A hello whose name is not UTF-8 (a hand-made payload: the encoder cannot produce it).
        let utf8 = try await RawPeer.connect(port: host.port, secret: Loopback.editorSecret)
        let hello = utf8.encode(utf8.hello(name: "NAME"))
        try utf8.sendRaw(try replacing("NAME", with: [0xC3, 0x28, 0xFF, 0xFE], in: hello))

        // A submission whose change expects 999 scalars where the document has 14.
        let length = try await RawPeer.connect(port: host.port, secret: Loopback.editorSecret)
        let lengthID = ClientID(0xBAD1)
        try length.send(.sync(.hello(Hello(clientID: lengthID, name: "length"))))
        try length.send(.sync(.submit(Submission(
            id: ChangeID(client: lengthID, sequence: 1), baseRevision: 0,
            change: ChangeSet.replacing(0..<0, with: "x", baseLength: 999)))))
        // Both are refused and closed before the document moves on (revision 0 must still be in the log window for
        // the length to be checked against it; later it would be answered as a too-old base).
        #expect(await pump(editors) { utf8.isClosed && length.isClosed })

        own.insert("— host ", at: 0)
        ann.insert("— ann\n", at: ann.buffer.scalarCount)
        // Several revisions, so that revision 0 leaves the two-revision log window.
        for index in 0..<3 {
            own.insert("\(index)", at: 0)
            #expect(await pump(editors) { own.isSettled })
        }
        // A submission based on revision 0, now older than the log keeps: not applied blindly, answered with a
        // snapshot (the honest client would merge its work onto it); the connection stays.
        let old = try await RawPeer.connect(port: host.port, secret: Loopback.editorSecret)
        let oldID = ClientID(0x01D)
        try old.send(.sync(.hello(Hello(clientID: oldID, name: "old"))))
        try old.send(.sync(.submit(Submission(
            id: ChangeID(client: oldID, sequence: 1), baseRevision: 0,
            change: ChangeSet.replacing(0..<0, with: "STALE", baseLength: text.unicodeScalars.count)))))

        #expect(await pump(editors) {
            old.messages.contains { if case .sync(.snapshot(let snapshot)) = $0 { snapshot.reason != .joined } else { false } }
        }, "\(old.messages)")
        let (settled, final) = await settle(editors, host: host)
        #expect(settled)
        #expect(final == "210— host naïve café 東京\n— ann\n", "\(final)")
        #expect(!final.contains("STALE") && !final.contains("x"))
        #expect(!old.isClosed)
        #expect(log.contains("malformed message"), "\(log.all)")
        #expect(log.contains("UTF-8"), "\(log.all)")
        #expect(log.contains("has base length 999 but the text at revision 0 has 14 scalars"), "\(log.all)")
        editors.forEach { $0.client.close() }
        await host.stop()
    }
}
