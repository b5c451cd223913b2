import NIOCore
import NIOEmbedded
import NIOTestUtils
import Testing
import TestSupport
@testable import Transport

@Suite("Framing")
struct FramingTests {
    private func framed(_ payload: [UInt8]) -> ByteBuffer {
        ByteBuffer(bytes: FrameFormat.framed(payload))
    }

    @Test("decoder passes NIO's verifier: drip-fed bytes, batched frames, leftovers")
    func verifier() throws {
        let payloads: [[UInt8]] = [[], Array("a".utf8), Array("héllo 漢字 👍🏽".utf8), Array(repeating: 0xAB, count: 300)]
        let pairs = payloads.map { (framed($0), [ByteBuffer(bytes: $0)]) }
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) {
            FrameDecoder(maximumFrameLength: 1024)
        }
    }

    @Test("encoder and decoder round-trip through EmbeddedChannel")
    func roundTrip() throws {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandlers([
            ByteToMessageHandler(FrameDecoder(maximumFrameLength: 64)),
            MessageToByteHandler(FrameEncoder(maximumFrameLength: 64)),
        ])
        let payload = Array("ünïcödé ✓".utf8)
        try channel.writeOutbound(ByteBuffer(bytes: payload))
        let wire = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(Array(wire.readableBytesView) == FrameFormat.framed(payload))
        try channel.writeInbound(wire)
        let decoded = try #require(try channel.readInbound(as: ByteBuffer.self))
        #expect(Array(decoded.readableBytesView) == payload)
        _ = try channel.finish()
    }

    @Test("an oversized length is refused from the header alone")
    func oversized() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(FrameDecoder(maximumFrameLength: 16)))
        // Header announcing 17 bytes, and no payload yet: the decoder must not wait for it.
        #expect(throws: TransportError.frameTooLarge(length: 17, limit: 16)) {
            try channel.writeInbound(ByteBuffer(bytes: [17]))
        }
        #expect(throws: TransportError.frameTooLarge(length: 0xFFFF_FFFF, limit: 16)) {
            let other = EmbeddedChannel(handler: ByteToMessageHandler(FrameDecoder(maximumFrameLength: 16)))
            try other.writeInbound(ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]))
        }
    }

    @Test("the header is a minimal varint: 1 byte below 128, 2 below 16 KiB; the documented examples")
    func headerExamples() throws {
        #expect(FrameFormat.lengthPrefix(0) == [0x00])
        #expect(FrameFormat.lengthPrefix(127) == [0x7F])
        #expect(FrameFormat.lengthPrefix(128) == [0x80, 0x01])
        #expect(FrameFormat.lengthPrefix(300) == [0xAC, 0x02])
        #expect(FrameFormat.lengthPrefix(16_383) == [0xFF, 0x7F])
        #expect(FrameFormat.lengthPrefix(16 * 1024 * 1024) == [0x80, 0x80, 0x80, 0x08])
        #expect(FrameFormat.lengthPrefix(Int(UInt32.max)) == [0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
        for length in [0, 1, 127, 128, 300, 16_383, 16_384, 2_097_151, 2_097_152, Int(UInt32.max)] {
            let header = FrameFormat.lengthPrefix(length)
            #expect(try FrameFormat.header(header) == .complete(length: length, headerLength: header.count))
            #expect(try FrameFormat.header(header.dropLast()) == .incomplete)
        }
    }

    @Test("a header that is not minimal, too long or above 2^32 − 1 is refused with a clear error")
    func malformedHeaders() throws {
        for (bytes, detail) in [
            ([0x80, 0x00] as [UInt8], "the length is not minimally encoded"),
            ([0x85, 0x80, 0x00], "the length is not minimally encoded"),
            ([0x80, 0x80, 0x80, 0x80, 0x80, 0x01], "the length takes more than 5 bytes"),
            ([0xFF, 0xFF, 0xFF, 0xFF, 0x10], "the length is above 2^32 − 1"),
        ] {
            let channel = EmbeddedChannel(handler: ByteToMessageHandler(FrameDecoder(maximumFrameLength: 16)))
            #expect(throws: TransportError.malformedFrameHeader(detail), "\(bytes)") {
                try channel.writeInbound(ByteBuffer(bytes: bytes))
            }
            #expect(TransportError.malformedFrameHeader(detail).description == "malformed frame header: \(detail)")
        }
    }

    @Test("only a handshake's first frame may be in the 4-byte framing of versions 1–2, and the reply follows it")
    func legacyFirstFrame() throws {
        let hello = Array("héllo".utf8)
        // A legacy first frame: read with its 4-byte length, and the encoder answers the same way.
        let legacy = FrameSizeLimit(maximumLength: 64, acceptsLegacyFirstFrame: true)
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandlers([
            ByteToMessageHandler(FrameDecoder(limit: legacy)),
            MessageToByteHandler(FrameEncoder(maximumFrameLength: 64, state: legacy)),
        ])
        try channel.writeInbound(ByteBuffer(bytes: LegacyFraming.framed(hello)))
        #expect(Array(try #require(try channel.readInbound(as: ByteBuffer.self)).readableBytesView) == hello)
        #expect(legacy.peerUsesLegacyFraming)
        try channel.writeOutbound(ByteBuffer(bytes: [5, 2]))
        #expect(Array(try #require(try channel.readOutbound(as: ByteBuffer.self)).readableBytesView) == [0, 0, 0, 2, 5, 2])

        // A modern first frame settles it: a later frame starting with 0x00 is an empty frame.
        let modern = FrameSizeLimit(maximumLength: 64, acceptsLegacyFirstFrame: true)
        let other = EmbeddedChannel(handler: ByteToMessageHandler(FrameDecoder(limit: modern)))
        try other.writeInbound(ByteBuffer(bytes: FrameFormat.framed(hello) + [0x00] + FrameFormat.framed([7])))
        var frames: [[UInt8]] = []
        while let frame = try other.readInbound(as: ByteBuffer.self) { frames.append(Array(frame.readableBytesView)) }
        #expect(frames == [hello, [], [7]])
        #expect(!modern.peerUsesLegacyFraming)
    }

    @Test("the encoder refuses an oversized payload")
    func encoderRefuses() throws {
        let channel = EmbeddedChannel(handler: MessageToByteHandler(FrameEncoder(maximumFrameLength: 4)))
        #expect(throws: TransportError.payloadTooLarge(length: 5, limit: 4)) {
            try channel.writeOutbound(ByteBuffer(bytes: [1, 2, 3, 4, 5]))
        }
    }

    @Test("a frame cut by end of stream is an error, in the header or in the payload")
    func truncated() throws {
        for (bytes, expected) in [
            ([0x85] as [UInt8], TransportError.truncatedFrame(received: 1, expected: 2)),
            ([5, 1, 2], TransportError.truncatedFrame(received: 3, expected: 6)),
            ([0x80, 0x01, 1], TransportError.truncatedFrame(received: 3, expected: 130)),
        ] {
            let channel = EmbeddedChannel(handler: ByteToMessageHandler(FrameDecoder(maximumFrameLength: 200)))
            try channel.writeInbound(ByteBuffer(bytes: bytes))
            #expect(throws: expected) { _ = try channel.finish() }
        }
    }

    @Test("random bytes in random chunks never trap and decode exactly like a reference parser")
    func randomBytes() throws {
        let limit = 200
        for seed in TestBudget.caseSeeds(300) {
            var generator = SeededGenerator(seed: seed)
            let input = randomStream(limit: limit, using: &generator)
            let expected = referenceParse(input, limit: limit)

            let channel = EmbeddedChannel(handler: ByteToMessageHandler(FrameDecoder(maximumFrameLength: limit)))
            var caught: TransportError?
            var offset = 0
            while offset < input.count, caught == nil {
                let size = Int.random(in: 1...40, using: &generator)
                let chunk = Array(input[offset..<min(input.count, offset + size)])
                offset += chunk.count
                do { try channel.writeInbound(ByteBuffer(bytes: chunk)) } catch { caught = error as? TransportError }
            }
            var frames: [[UInt8]] = []
            while let frame = try channel.readInbound(as: ByteBuffer.self) {
                frames.append(Array(frame.readableBytesView))
            }
            if caught == nil {
                do { _ = try channel.finish() } catch { caught = error as? TransportError }
            }
            #expect(frames == expected.frames, "seed \(seed)")
            #expect(caught == expected.error, "seed \(seed)")
        }
    }

    /// A byte stream mixing valid frames (sometimes at the limit) with garbage, sometimes cut short.
    private func randomStream(limit: Int, using generator: inout SeededGenerator) -> [UInt8] {
        var bytes: [UInt8] = []
        for _ in 0..<Int.random(in: 0...8, using: &generator) {
            switch Int.random(in: 0..<10, using: &generator) {
            case 0:
                bytes += (0..<Int.random(in: 1...12, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            default:
                let length = Int.random(in: 0...limit, using: &generator)
                bytes += FrameFormat.framed((0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) })
            }
        }
        if !bytes.isEmpty && Bool.random(using: &generator) {
            bytes.removeLast(Int.random(in: 0...min(bytes.count, 6), using: &generator))
        }
        return bytes
    }

    /// The frames and the error a correct decoder produces for the whole stream followed by end of stream.
    private func referenceParse(_ bytes: [UInt8], limit: Int) -> (frames: [[UInt8]], error: TransportError?) {
        var frames: [[UInt8]] = []
        var offset = 0
        while offset < bytes.count {
            // The varint header, read byte by byte as Docs/protocol.md §3 describes it.
            var length = 0
            var header = 0
            while true {
                guard offset + header < bytes.count else {
                    return (frames, .truncatedFrame(received: bytes.count - offset, expected: bytes.count - offset + 1))
                }
                let byte = bytes[offset + header]
                length |= Int(byte & 0x7F) << (7 * header)
                header += 1
                if byte < 0x80 {
                    if byte == 0 && header > 1 { return (frames, .malformedFrameHeader("the length is not minimally encoded")) }
                    if length > Int(UInt32.max) { return (frames, .malformedFrameHeader("the length is above 2^32 − 1")) }
                    break
                }
                if header == 5 { return (frames, .malformedFrameHeader("the length takes more than 5 bytes")) }
            }
            guard length <= limit else { return (frames, .frameTooLarge(length: length, limit: limit)) }
            guard bytes.count - offset - header >= length else {
                return (frames, .truncatedFrame(received: bytes.count - offset, expected: header + length))
            }
            frames.append(Array(bytes[offset + header..<offset + header + length]))
            offset += header + length
        }
        return (frames, nil)
    }
}
