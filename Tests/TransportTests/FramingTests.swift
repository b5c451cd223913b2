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
            try channel.writeInbound(ByteBuffer(bytes: [0, 0, 0, 17]))
        }
        #expect(throws: TransportError.frameTooLarge(length: 0xFFFF_FFFF, limit: 16)) {
            let other = EmbeddedChannel(handler: ByteToMessageHandler(FrameDecoder(maximumFrameLength: 16)))
            try other.writeInbound(ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF]))
        }
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
            ([0, 0] as [UInt8], TransportError.truncatedFrame(received: 2, expected: 4)),
            ([0, 0, 0, 5, 1, 2], TransportError.truncatedFrame(received: 6, expected: 9)),
        ] {
            let channel = EmbeddedChannel(handler: ByteToMessageHandler(FrameDecoder(maximumFrameLength: 16)))
            try channel.writeInbound(ByteBuffer(bytes: bytes))
            #expect(throws: expected) { _ = try channel.finish() }
        }
    }

    @Test("random bytes in random chunks never trap and decode exactly like a reference parser")
    func randomBytes() throws {
        let limit = 48
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
            guard bytes.count - offset >= 4 else {
                return (frames, .truncatedFrame(received: bytes.count - offset, expected: 4))
            }
            let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            guard length <= limit else { return (frames, .frameTooLarge(length: length, limit: limit)) }
            guard bytes.count - offset - 4 >= length else {
                return (frames, .truncatedFrame(received: bytes.count - offset, expected: 4 + length))
            }
            frames.append(Array(bytes[offset + 4..<offset + 4 + length]))
            offset += 4 + length
        }
        return (frames, nil)
    }
}
