import EditorCore
import SyncEngine
import TestSupport
import Testing

@testable import Collaboration

/// The v2 primitives of Docs/protocol.md §6.1–6.2: binary changes and the `rev`/`seq` delta coding.
@Suite("Wire primitives")
struct WirePrimitiveTests {
    /// A random change on a random non-ASCII text (accents, CJK, emoji, combining marks).
    private func randomChange(_ generator: inout SeededGenerator) -> ChangeSet {
        let base = RandomText.string(maxFragments: 12, using: &generator)
        let target = RandomText.string(maxFragments: 12, using: &generator)
        if Bool.random(using: &generator) { return TextDiff.change(from: base, to: target) }
        var change = ChangeSet()
        for _ in 0..<Int.random(in: 0...8, using: &generator) {
            switch Int.random(in: 0...2, using: &generator) {
            case 0: change.retain(Int.random(in: 0...50, using: &generator))
            case 1: change.delete(Int.random(in: 0...20, using: &generator))
            default: change.insert(RandomText.string(maxFragments: 4, using: &generator))
            }
        }
        return change
    }

    @Test("law: decode(encode(c)) == c for random changes with non-ASCII text (seeded)")
    func changeRoundTrip() throws {
        for seed in TestBudget.caseSeeds(3_000) {
            var generator = SeededGenerator(seed: seed)
            let change = randomChange(&generator)
            var writer = ByteWriter()
            writer.change(change)
            var reader = ByteReader(writer.bytes)
            #expect(try reader.change("change") == change, "seed \(seed): \(change)")
            #expect(reader.remaining == 0, "seed \(seed)")
        }
    }

    @Test("the documented encodings: one insert of non-ASCII text; the trailing retain is left out")
    func documentedChanges() throws {
        func bytes(_ change: ChangeSet) -> [UInt8] {
            var writer = ByteWriter()
            writer.change(change)
            return writer.bytes
        }
        // "héllo wörld" → "héllo ✓ wörld": retain 6, insert "✓ " (4 bytes), [retain 5].
        #expect(bytes(.replacing(6..<6, with: "✓ ", baseLength: 11)) == [0x0b, 0x02, 0x18, 0x12, 0xe2, 0x9c, 0x93, 0x20])
        // "jumps over the lazy" → "jumped over a lazyold dog".
        var fox = ChangeSet()
        fox.retain(4)
        fox.delete(1)
        fox.insert("ed")
        fox.retain(6)
        fox.delete(3)
        fox.insert("a")
        fox.retain(5)
        fox.insert("old dog")
        #expect(try fox.apply(to: "jumps over the lazy") == "jumped over a lazyold dog")
        #expect(
            bytes(fox) == [
                0x13, 0x08, 0x10, 0x0a, 0x65, 0x64, 0x05, 0x18, 0x06, 0x61, 0x0d, 0x14, 0x1e, 0x6f, 0x6c, 0x64, 0x20,
                0x64, 0x6f, 0x67,
            ], "\(fox)")
        // A deletion at the end, and an identity (no operation at all).
        #expect(bytes(.replacing(3..<5, with: "", baseLength: 5)) == [0x05, 0x02, 0x0c, 0x09])
        #expect(bytes(.identity(length: 300)) == [0xac, 0x02, 0x00])
        // Combining marks and emoji count as their scalars; the bytes follow as UTF-8.
        var reader = ByteReader([0x02, 0x03, 0x04, 0x1e, 0x65, 0xcc, 0x81, 0xf0, 0x9f, 0x91, 0x8d, 0x05])
        let decoded = try reader.change("change")
        #expect(decoded.operations == [.retain(1), .insert("e\u{301}👍"), .delete(1)])
        #expect(decoded.targetLength == 4)
    }

    @Test("hostile changes are malformed, named and placed, never trapped on")
    func hostileChanges() {
        func failure(_ bytes: [UInt8]) -> MessageDecodingError? {
            var reader = ByteReader(bytes)
            do {
                _ = try reader.change("submit.change")
                return nil
            } catch {
                return error
            }
        }
        let huge: [UInt8] = [0xfc, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]  // retain 2^61 − 1
        let cases: [([UInt8], String, Int, String)] = [
            ([0x05] + [0x02] + huge + huge, "submit.change.operations[0]", 2, "exceed the base length"),
            ([0x05, 0x02, 0x0c, 0x0c], "submit.change.operations[1]", 3, "exceed the base length 5 (3 + 3)"),
            ([0x05, 0x01, 0x19], "submit.change.operations[0]", 2, "exceed the base length"),  // delete 6
            ([0x05, 0x01, 0x00], "submit.change.operations[0]", 2, "empty operation"),
            ([0x05, 0x01, 0x02], "submit.change.operations[0]", 2, "empty operation"),
            ([0x05, 0x01, 0x07], "submit.change.operations[0]", 2, "kind 3"),
            ([0x05, 0x01, 0x0a, 0xe2, 0x9c], "submit.change.operations[0].text", 3, "invalid UTF-8"),
            ([0x05, 0x01, 0x0e, 0x61], "submit.change.operations[0].text", 3, "exceeds the 1 bytes left"),
            ([0x05, 0x05, 0x04], "submit.change.operations.count", 1, "cannot fit"),
            ([0x05], "submit.change.operations.count", 1, "ends inside a varint"),
        ]
        for (bytes, field, offset, reason) in cases {
            let error = failure(bytes)
            #expect(error?.field == field, "\(bytes): \(String(describing: error))")
            #expect(error?.offset == offset, "\(bytes): \(String(describing: error))")
            #expect(error?.reason.contains(reason) == true, "\(bytes): \(String(describing: error))")
        }
        // Ops that are not in normal form are accepted and normalized (a delete before an insert, two retains).
        var reader = ByteReader([0x05, 0x04, 0x04, 0x04, 0x05, 0x06, 0x78])
        #expect((try? reader.change("c"))?.operations == [.retain(2), .insert("x"), .delete(1), .retain(2)])
    }

    @Test("rev and seq: zigzag differences from the previous field of their kind, per direction")
    func deltaCoding() throws {
        #expect([0, -1, 1, -2, 2, 300, -300].map(DeltaReferences.zigzag) == [0, 1, 2, 3, 4, 600, 599])
        for difference in [0, -1, 1, 1 << 61, -(1 << 61), (1 << 62) - 1, -((1 << 62) - 1)] {
            #expect(DeltaReferences.unzigzag(DeltaReferences.zigzag(difference)) == difference)
        }
        var writer = ByteWriter()
        writer.rev(300)  // +300 → 600
        writer.seq(7)  // +7 → 14: its own reference
        writer.rev(299)  // −1 → 1
        writer.rev(299)  // 0
        writer.seq(UInt64.max)  // clamped to 2^62 − 1
        #expect(Array(writer.bytes.prefix(5)) == [0xd8, 0x04, 0x0e, 0x01, 0x00])
        var reader = ByteReader(writer.bytes)
        #expect(try reader.rev("a") == 300)
        #expect(try reader.seq("b") == 7)
        #expect(try reader.rev("c") == 299)
        #expect(try reader.rev("d") == 299)
        #expect(try reader.seq("e") == UInt64((1 << 62) - 1))
        // One more step up from 2^62 − 1 leaves the range.
        var beyond = ByteReader([0x02], references: DeltaReferences(revision: (1 << 62) - 1, sequence: 0))
        #expect(throws: MessageDecodingError.self) { try beyond.rev("revision") }
    }

    @Test("a payload that fails to decode leaves the decoder as it was")
    func failureKeepsState() throws {
        let client = ClientID(0xC0DE)
        var encoder = JoinerBoundEncoder()
        var decoder = JoinerBoundDecoder(client: client)
        let ack = JoinerBoundMessage.sync(.ack(Acknowledgement(id: ChangeID(client: client, sequence: 4), revision: 77, hash: nil)))
        _ = try decoder.decode(encoder.encode(ack))
        // Valid rev and seq fields followed by garbage: the references they moved must not stick.
        var bad = encoder.encode(.sync(.ack(Acknowledgement(id: ChangeID(client: client, sequence: 90), revision: 900, hash: nil))))
        bad.append(0xff)
        var untouched = decoder
        #expect(throws: MessageDecodingError.self) { try untouched.decode(bad) }
        let next = JoinerBoundMessage.saved(SaveNotice(participant: ParticipantID(1), name: "zoé", revision: 78))
        var fresh = JoinerBoundEncoder()
        _ = fresh.encode(ack)
        #expect(try untouched.decode(fresh.encode(next)) == next)
    }
}
