import EditorCore
import Foundation
import SyncEngine
import TestSupport
import Testing

@testable import Collaboration

@Suite("MessageCodec")
struct MessageCodecTests {
    @Test("a decoder fed an encoder's payloads in order returns its messages: random connections of every kind")
    func roundTrip() throws {
        for seed in TestBudget.caseSeeds(1_500) {
            var random = RandomMessages(seed: seed)
            var (upEncoder, upDecoder) = (HostBoundEncoder(), HostBoundDecoder(client: random.client))
            var (downEncoder, downDecoder) = (JoinerBoundEncoder(), JoinerBoundDecoder(client: random.client))
            for _ in 0..<6 {
                let up = random.hostBound()
                #expect(try upDecoder.decode(upEncoder.encode(up)) == up, "seed \(seed)")
                let down = random.joinerBound()
                #expect(try downDecoder.decode(downEncoder.encode(down)) == down, "seed \(seed)")
            }
        }
    }

    @Test("random bytes and damaged encodings decode or throw, never trap; what decodes re-encodes to itself")
    func randomBytes() throws {
        var decodedCount = 0
        for seed in TestBudget.caseSeeds(3_000) {
            var random = RandomMessages(seed: seed)
            // Decoders in the middle of a connection: a few valid messages first, so the references are not 0.
            var up = (HostBoundEncoder(), HostBoundDecoder(client: random.client))
            var down = (JoinerBoundEncoder(), JoinerBoundDecoder(client: random.client))
            for _ in 0..<2 {
                _ = try up.1.decode(up.0.encode(random.hostBound()))
                _ = try down.1.decode(down.0.encode(random.joinerBound()))
            }
            let (upMirror, downMirror) = (up, down)  // encoder and decoder in matching states
            var candidates: [[UInt8]] = []
            let length = random.int(0...40)
            candidates.append((0..<length).map { _ in UInt8.random(in: 0...255, using: &random.generator) })
            let valid = random.bool() ? up.0.encode(random.hostBound()) : down.0.encode(random.joinerBound())
            candidates.append(Array(valid.prefix(random.int(0...valid.count))))  // truncated
            var flipped = valid
            let index = random.int(0...flipped.count - 1)
            flipped[index] ^= UInt8(1 << random.int(0...7))
            candidates.append(flipped)
            candidates.append(valid + [UInt8(random.int(0...255))])  // trailing byte
            for bytes in candidates {
                do {
                    var decoder = upMirror.1
                    let message = try decoder.decode(bytes)
                    var mirror = upMirror
                    #expect(try mirror.1.decode(mirror.0.encode(message)) == message, "seed \(seed)")
                    decodedCount += 1
                } catch {
                    #expect(error.offset >= 0 && error.offset <= bytes.count, "seed \(seed): \(error)")
                    #expect(!error.field.isEmpty, "seed \(seed)")
                }
                do {
                    var decoder = downMirror.1
                    let message = try decoder.decode(bytes)
                    var mirror = downMirror
                    #expect(try mirror.1.decode(mirror.0.encode(message)) == message, "seed \(seed)")
                    decodedCount += 1
                } catch {
                    #expect(error.offset >= 0 && error.offset <= bytes.count, "seed \(seed): \(error)")
                    #expect(!error.field.isEmpty, "seed \(seed)")
                }
            }
        }
        #expect(decodedCount > 0)  // the harness reaches the successful path too
    }

    /// The connection of Docs/protocol.md §6.6: client 0123456789abcdef, 7th submission, at revision 300.
    static let client = ClientID(0x0123_4567_89AB_CDEF)
    static let change = ChangeSet.replacing(6..<6, with: "✓ ", baseLength: 11)

    @Test("the worked example of Docs/protocol.md §6.6: hello, submission, ack and broadcast, byte for byte")
    func workedExample() throws {
        var encoder = HostBoundEncoder()
        let hello = HostBoundMessage.sync(
            .hello(
                Hello(
                    clientID: Self.client, name: "zoé", resumePoint: ResumePoint(epoch: 0x5EED, revision: 300),
                    nextSequence: 7)))
        #expect(hex(encoder.encode(hello)) == compact("01 0123456789abcdef 04 7a6fc3a9 01 0000000000005eed d804 00 0e"))
        let submit = HostBoundMessage.sync(
            .submit(Submission(id: ChangeID(client: Self.client, sequence: 7), baseRevision: 300, change: Self.change)))
        let submitBytes = encoder.encode(submit)
        #expect(hex(submitBytes) == compact("02 00 00 0b 02 18 12 e29c9320"))
        var decoder = HostBoundDecoder()
        _ = try decoder.decode(HostBoundEncoder.firstPayload(hello))
        #expect(try decoder.decode(submitBytes) == submit)

        var text = TextBuffer("héllo wörld")
        try Self.change.apply(to: &text)
        #expect(text.string == "héllo ✓ wörld")
        #expect(TextHash(wordsOf: text).description == compact("9fc89ba0896bb8c4"))
        // Each joiner's connection was welcomed at revision 300 (joiner-bound references: revision 300, sequence 0).
        let welcome = JoinerBoundMessage.sync(
            .welcome(
                Welcome(
                    epoch: 0x5EED, you: Participant(id: ParticipantID(2), name: "zoé", colorIndex: 1), participants: [],
                    start: .resume(revision: 300))))
        var author = JoinerBoundEncoder()
        _ = author.encode(welcome)
        let ack = JoinerBoundMessage.sync(.ack(Acknowledgement(id: ChangeID(client: Self.client, sequence: 7), revision: 301, hash: nil)))
        #expect(hex(author.encode(ack)) == compact("42 0e 02"))
        var other = JoinerBoundEncoder()
        _ = other.encode(welcome)
        let broadcast = JoinerBoundMessage.sync(
            .broadcast(Broadcast(revision: 301, author: ParticipantID(2), change: Self.change, hash: TextHash(wordsOf: text))))
        #expect(hex(other.encode(broadcast)) == compact("4b 02 02 0b 02 18 12 e29c9320 9fc89ba0896bb8c4"))
        let plain = JoinerBoundMessage.sync(
            .broadcast(Broadcast(revision: 302, author: ParticipantID(2), change: Self.change, hash: nil)))
        #expect(hex(other.encode(plain)) == compact("43 02 02 0b 02 18 12 e29c9320"))
    }

    /// The payloads of the §6.6 example, encoded by the Swift encoders in the example's order.
    static func workedExamplePayloads() -> [String: [UInt8]] {
        var up = HostBoundEncoder()
        var author = JoinerBoundEncoder()
        var other = JoinerBoundEncoder()
        var text = TextBuffer("héllo wörld")
        try! change.apply(to: &text)
        let welcome = JoinerBoundMessage.sync(
            .welcome(
                Welcome(
                    epoch: 0x5EED, you: Participant(id: ParticipantID(2), name: "zoé", colorIndex: 1), participants: [],
                    start: .resume(revision: 300))))
        var payloads: [String: [UInt8]] = [:]
        payloads["hello"] = up.encode(
            .sync(
                .hello(
                    Hello(
                        clientID: client, name: "zoé", resumePoint: ResumePoint(epoch: 0x5EED, revision: 300),
                        nextSequence: 7))))
        payloads["submit"] = up.encode(
            .sync(.submit(Submission(id: ChangeID(client: client, sequence: 7), baseRevision: 300, change: change))))
        payloads["submit_following"] = up.encode(
            .sync(
                .submit(
                    Submission(
                        id: ChangeID(client: client, sequence: 8), baseRevision: 300, followsPrevious: true,
                        change: .replacing(13..<13, with: "!", baseLength: 13)))))
        _ = author.encode(welcome)
        _ = other.encode(welcome)
        payloads["ack"] = author.encode(
            .sync(.ack(Acknowledgement(id: ChangeID(client: client, sequence: 7), revision: 301, hash: nil))))
        payloads["broadcast"] = other.encode(
            .sync(.broadcast(Broadcast(revision: 301, author: ParticipantID(2), change: change, hash: TextHash(wordsOf: text)))))
        payloads["history_request"] = up.encode(.historyRequest(revision: 301))
        payloads["history_reply"] = author.encode(
            .historyReply(
                .revision(
                    HistoryEntry(
                        revision: 301, firstRevision: 0, latestRevision: 302, time: 1_790_000_000_000,
                        authorName: "zoé", change: change, text: text.string))))
        return payloads
    }

    @Test("a second encoder, written in Python from Docs/protocol.md §6 alone, gives the §6.6 bytes too")
    func pythonReferenceAgrees() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("TransportTests/Reference/protocol_reference.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "messages"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        var python: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: " = ")
            if parts.count == 2 { python[String(parts[0])] = String(parts[1]) }
        }
        let swift = Self.workedExamplePayloads().mapValues(hex)
        #expect(swift.count == 7)
        #expect(python == swift)
    }

    @Test("change identities are the connection's client's: from the hello, or malformed before one")
    func clientFromHello() throws {
        let submit = HostBoundMessage.sync(
            .submit(Submission(id: ChangeID(client: Self.client, sequence: 1), baseRevision: 0, change: Self.change)))
        var early = HostBoundDecoder()
        let error = #expect(throws: MessageDecodingError.self) { try early.decode(HostBoundEncoder.firstPayload(submit)) }
        #expect(error?.field == "submit.id", "\(String(describing: error))")
        #expect(early.client == nil)

        var encoder = HostBoundEncoder()
        var decoder = HostBoundDecoder()
        let other = ClientID(0xFEED)
        _ = try decoder.decode(encoder.encode(.sync(.hello(Hello(clientID: other, name: "ñ")))))
        #expect(decoder.client == other)
        guard case .sync(.submit(let decoded)) = try decoder.decode(encoder.encode(submit)) else {
            Issue.record("not a submit")
            return
        }
        #expect(decoded.id == ChangeID(client: other, sequence: 1))

        let ack = JoinerBoundMessage.sync(.ack(Acknowledgement(id: ChangeID(client: other, sequence: 3), revision: 9, hash: nil)))
        var joiner = JoinerBoundDecoder()
        #expect(throws: MessageDecodingError.self) { try joiner.decode(JoinerBoundEncoder.firstPayload(ack)) }
        joiner.client = other
        #expect(try joiner.decode(JoinerBoundEncoder.firstPayload(ack)) == ack)
    }

    @Test("malformed payloads name the field and the offset")
    func malformedFields() {
        func failure(_ bytes: [UInt8], toHost: Bool = true) -> MessageDecodingError? {
            do {
                if toHost {
                    var decoder = HostBoundDecoder(client: Self.client)
                    _ = try decoder.decode(bytes)
                } else {
                    var decoder = JoinerBoundDecoder(client: Self.client)
                    _ = try decoder.decode(bytes)
                }
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
        // A revision below 0 (difference −1 from the initial reference 0): zigzag 1.
        let negative = failure([0x03, 0x01, 0x00, 0x00])
        #expect(negative?.field == "cursor.revision" && negative?.offset == 1, "\(String(describing: negative))")
        #expect(negative?.reason.contains("outside 0..<2^62") == true)
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
        var decoder = JoinerBoundDecoder()
        #expect(throws: MessageDecodingError.self) { try decoder.decode(writer.bytes) }
    }

    /// `spaced` without its spaces.
    private func compact(_ spaced: String) -> String { spaced.replacingOccurrences(of: " ", with: "") }
}

/// `bytes` as lowercase hex, no spaces.
private func hex(_ bytes: [UInt8]) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}
