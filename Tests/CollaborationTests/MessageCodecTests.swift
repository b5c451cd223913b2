import EditorCore
import SyncEngine
import TestSupport
import Testing

@testable import Collaboration

@Suite("MessageCodec")
struct MessageCodecTests {
    @Test("encode → decode is the identity on random messages of every kind (seeded)")
    func roundTrip() throws {
        for seed in TestBudget.caseSeeds(3_000) {
            var random = RandomMessages(seed: seed)
            let up = random.hostBound()
            let upBytes = MessageCodec.encode(up)
            #expect(try MessageCodec.decodeHostBound(upBytes) == up, "seed \(seed)")
            let down = random.joinerBound()
            let downBytes = MessageCodec.encode(down)
            #expect(try MessageCodec.decodeJoinerBound(downBytes) == down, "seed \(seed)")
        }
    }

    @Test("random bytes and damaged encodings decode or throw, never trap; what decodes re-encodes to itself")
    func randomBytes() throws {
        var decodedCount = 0
        for seed in TestBudget.caseSeeds(3_000) {
            var random = RandomMessages(seed: seed)
            var candidates: [[UInt8]] = []
            let length = random.int(0...40)
            candidates.append((0..<length).map { _ in UInt8.random(in: 0...255, using: &random.generator) })
            let valid = random.bool() ? MessageCodec.encode(random.hostBound()) : MessageCodec.encode(random.joinerBound())
            candidates.append(Array(valid.prefix(random.int(0...valid.count))))  // truncated
            var flipped = valid
            let index = random.int(0...flipped.count - 1)
            flipped[index] ^= UInt8(1 << random.int(0...7))
            candidates.append(flipped)
            candidates.append(valid + [UInt8(random.int(0...255))])  // trailing byte
            for bytes in candidates {
                for direction in 0..<2 {
                    do {
                        if direction == 0 {
                            let message = try MessageCodec.decodeHostBound(bytes)
                            #expect(try MessageCodec.decodeHostBound(MessageCodec.encode(message)) == message, "seed \(seed)")
                        } else {
                            let message = try MessageCodec.decodeJoinerBound(bytes)
                            let again = try MessageCodec.decodeJoinerBound(MessageCodec.encode(message))
                            #expect(again == message, "seed \(seed)")
                        }
                        decodedCount += 1
                    } catch {
                        #expect(error.offset >= 0 && error.offset <= bytes.count, "seed \(seed): \(error)")
                        #expect(!error.field.isEmpty, "seed \(seed)")
                    }
                }
            }
        }
        #expect(decodedCount > 0)  // the harness reaches the successful path too
    }

    @Test("the worked example of Docs/protocol.md §6.6: a submission and its broadcast, byte for byte")
    func workedExample() throws {
        let change = ChangeSet.replacing(6..<6, with: "✓ ", baseLength: 11)
        let submit = HostBoundMessage.sync(
            .submit(
                Submission(
                    id: ChangeID(client: ClientID(0x0123_4567_89AB_CDEF), sequence: 7), baseRevision: 300,
                    change: change)))
        let submitHex = "02 0123456789abcdef 07 ac02 0b 11 3d36092b254532253943253933200 93d35"
        #expect(hex(MessageCodec.encode(submit)) == submitHex.replacingOccurrences(of: " ", with: ""))
        var text = TextBuffer("héllo wörld")
        try change.apply(to: &text)
        #expect(text.string == "héllo ✓ wörld")
        let broadcast = JoinerBoundMessage.sync(
            .broadcast(Broadcast(revision: 301, author: ParticipantID(2), change: change, hash: TextHash(of: text))))
        let broadcastHex = "43 ad02 02 0b 11 3d36092b254532253943253933200 93d35 01 eb995bcea2513b93"
        #expect(hex(MessageCodec.encode(broadcast)) == broadcastHex.replacingOccurrences(of: " ", with: ""))
        #expect(TextHash(of: text).description == "eb995bcea2513b93")
    }

    @Test("malformed payloads name the field and the offset")
    func malformedFields() {
        func failure(_ bytes: [UInt8], toHost: Bool = true) -> MessageDecodingError? {
            do {
                if toHost { _ = try MessageCodec.decodeHostBound(bytes) } else { _ = try MessageCodec.decodeJoinerBound(bytes) }
                return nil
            } catch {
                return error
            }
        }
        // Unknown tags, including a message of the other direction.
        #expect(failure([0x7F])?.field == "tag")
        #expect(failure([0x43])?.reason.contains("unknown tag 0x43") == true)
        #expect(failure([0x01], toHost: false)?.reason.contains("host-to-joiner") == true)
        #expect(failure([])?.field == "tag")
        // A hello whose name (bytes from offset 10) is invalid UTF-8: an isolated continuation byte.
        let badName: [UInt8] = [0x01] + [UInt8](repeating: 0, count: 8) + [0x02, 0x61, 0x80, 0, 0, 1]
        #expect(failure(badName) == MessageDecodingError(field: "hello.name", offset: 10, reason: "invalid UTF-8"))
        // A string length beyond the payload.
        let longName: [UInt8] = [0x01] + [UInt8](repeating: 0, count: 8) + [0x7F, 0x61]
        #expect(failure(longName)?.field == "hello.name")
        #expect(failure(longName)?.offset == 9)
        // A name above 256 bytes.
        let hugeName: [UInt8] = [0x01] + [UInt8](repeating: 0, count: 8) + [0x81, 0x02] + [UInt8](repeating: 0x61, count: 257)
        #expect(failure(hugeName)?.reason.contains("limit of 256") == true)
        // A selection count that cannot fit.
        let manySelections: [UInt8] = [0x03, 0x00, 0x00, 0xFF, 0xFF, 0x03, 0x01, 0x02]
        #expect(failure(manySelections)?.field == "cursor.selections.count")
        // Varints: overlong, too long, unterminated.
        #expect(failure([0x03, 0x80, 0x00, 0x00, 0x00])?.reason == "varint not minimally encoded")
        #expect(failure([0x03] + [UInt8](repeating: 0xFF, count: 9) + [0x01])?.reason == "varint longer than 9 bytes")
        #expect(failure([0x03, 0x80])?.reason == "the payload ends inside a varint")
        // A flag that is neither 0 nor 1.
        #expect(failure([0x03, 0x00, 0x02, 0x00])?.field == "cursor.afterChange")
        // Trailing bytes.
        #expect(failure([0x11, 0x00])?.reason.contains("unexpected byte") == true)
        // Participant ids above 2^32 − 1.
        #expect(failure([0x47, 0x80, 0x80, 0x80, 0x80, 0x10], toHost: false)?.field == "participantLeft.id")
    }

    @Test("changes whose delta does not fit the declared base length are rejected, with hostile counts")
    func hostileDeltas() {
        func submitBytes(baseLength: Int, delta: String) -> [UInt8] {
            var writer = ByteWriter()
            writer.u8(0x02)
            writer.changeID(ChangeID(client: ClientID(1), sequence: 1))
            writer.varint(0)
            writer.varint(baseLength)
            writer.string(delta)
            return writer.bytes
        }
        let cases: [(Int, String)] = [
            (5, "=9223372036854775807\t=9223372036854775807"),  // would overflow when added up
            (5, "=99999999999999999999999"),  // not even an Int
            (5, "=3"),  // too short
            (5, "=3\t-3"),  // too long
            (5, "=5\t*2"),  // unknown operation
            (5, "=5\t+%E2%9C"),  // escapes decode to invalid UTF-8
            (5, "=5\t+%G1"),  // not hex
            (5, "=x"),
        ]
        for (baseLength, delta) in cases {
            do {
                _ = try MessageCodec.decodeHostBound(submitBytes(baseLength: baseLength, delta: delta))
                Issue.record("accepted \(delta.debugDescription)")
            } catch {
                #expect(error.field == "submit.change.delta", "\(delta.debugDescription): \(error)")
                #expect(error.offset == 12, "\(delta.debugDescription)")
            }
        }
        let accepted = try? MessageCodec.decodeHostBound(submitBytes(baseLength: 5, delta: "=2\t+é\t-1\t=2"))
        #expect(accepted != nil)
    }

    @Test("a welcome must list participants in increasing id order")
    func welcomeOrder() {
        var writer = ByteWriter()
        writer.u8(0x41)
        writer.u64(9)
        writer.participant(Participant(id: ParticipantID(1), name: "ann", colorIndex: 0))
        writer.varint(2)
        writer.participant(Participant(id: ParticipantID(1), name: "ann", colorIndex: 0))
        writer.participant(Participant(id: ParticipantID(1), name: "ann", colorIndex: 0))
        writer.u8(0)
        writer.varint(0)
        #expect(throws: MessageDecodingError.self) { try MessageCodec.decodeJoinerBound(writer.bytes) }
    }

    private func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
