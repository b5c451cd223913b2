@preconcurrency import Crypto
import NIOCore
import NIOEmbedded
import Testing
@testable import Transport

/// The `ByteBuffer` paths of sealing and opening (what `SealedFrameCodec` uses) give the very bytes of the array
/// paths, which the protocol test vectors pin down.
@Suite("Sealed frames through ByteBuffers")
struct BufferSealingTests {
    private let key = SymmetricKey(data: Array(repeating: UInt8(0x42), count: 32))
    private let otherKey = SymmetricKey(data: Array(repeating: UInt8(0x43), count: 32))
    private let messages = ["héllo", "", "漢字 👍🏽 e\u{301}", String(repeating: "ß", count: 300)].map { Array($0.utf8) }
    /// Counters where the nonce's bytes carry over, and the last ones before the counter runs out.
    private let edges: [UInt64] = [0, 0xFF, 0x100, 0xFFFF_FFFF, 0x1_0000_0000, UInt64.max - 4]

    /// `buffer`'s readable bytes behind a 3-byte prefix that is already read, so its reader index is not 0.
    private func offsetBuffer(_ bytes: [UInt8]) -> ByteBuffer {
        var buffer = ByteBuffer(bytes: [0xEE, 0xEE, 0xEE] + bytes)
        buffer.moveReaderIndex(forwardBy: 3)
        return buffer
    }

    @Test("sealing into a buffer, alone or as a whole frame (header, then the same bytes), gives the array path's bytes")
    func sealMatchesArrays() throws {
        for first in edges {
            var arraySealer = FrameSealer(key: key, firstCounter: first)
            var bufferSealer = FrameSealer(key: key, firstCounter: first)
            var frameSealer = FrameSealer(key: key, firstCounter: first)
            for message in messages {
                let expected = try arraySealer.seal(message)
                var output = ByteBuffer(bytes: [0x07])
                let plaintext = offsetBuffer(message)
                try bufferSealer.seal(plaintext, appendingTo: &output)
                #expect(Array(output.readableBytesView) == [0x07] + expected, "counter \(first)")
                #expect(plaintext.readerIndex == 3 && plaintext.readableBytes == message.count)
                var frame = ByteBuffer(bytes: [0x07])
                try frameSealer.sealFrame(plaintext, appendingTo: &frame)
                #expect(Array(frame.readableBytesView) == [0x07] + FrameFormat.framed(expected), "counter \(first)")
            }
            #expect(bufferSealer.counter == first + UInt64(messages.count))
        }
    }

    @Test("opening from a buffer gives the plaintexts in order, at counter edges, appended to the output")
    func openMatchesArrays() throws {
        for first in edges {
            var sealer = FrameSealer(key: key, firstCounter: first)
            var opener = FrameOpener(key: key, firstCounter: first)
            for message in messages {
                let sealed = offsetBuffer(try sealer.seal(message))
                var output = ByteBuffer(bytes: [0x07])
                try opener.open(sealed, appendingTo: &output)
                #expect(Array(output.readableBytesView) == [0x07] + message, "counter \(first)")
            }
            #expect(opener.counter == first + UInt64(messages.count))
        }
    }

    @Test("a flipped tag bit, a wrong key or a short frame fails from a buffer, leaves the output alone, and sticks")
    func rejects() throws {
        var sealer = FrameSealer(key: key)
        let frames = try messages.map { try sealer.seal($0) }
        var tampered = frames[2]
        tampered[tampered.count - 1] ^= 0x80
        var opener = FrameOpener(key: key)
        var output = ByteBuffer(bytes: [0x07])
        #expect(throws: TransportError.frameAuthenticationFailed(counter: 0)) {
            try opener.open(offsetBuffer(tampered), appendingTo: &output)
        }
        #expect(Array(output.readableBytesView) == [0x07])
        #expect(throws: TransportError.frameAuthenticationFailed(counter: 0), "after a failure everything fails") {
            try opener.open(offsetBuffer(frames[0]), appendingTo: &output)
        }

        var otherOpener = FrameOpener(key: otherKey)
        #expect(throws: TransportError.frameAuthenticationFailed(counter: 0)) {
            try otherOpener.open(offsetBuffer(frames[0]), appendingTo: &output)
        }
        var shortOpener = FrameOpener(key: key)
        #expect(throws: TransportError.frameAuthenticationFailed(counter: 0)) {
            try shortOpener.open(offsetBuffer(Array(frames[1].prefix(SealedFrameFormat.tagLength - 1))),
                                 appendingTo: &output)
        }
        #expect(Array(output.readableBytesView) == [0x07])
    }

    @Test("the last counter is never used: sealing into a buffer then throws and writes nothing")
    func exhausted() throws {
        var sealer = FrameSealer(key: key, firstCounter: UInt64.max - 1)
        var output = ByteBuffer()
        try sealer.seal(ByteBuffer(bytes: messages[0]), appendingTo: &output)
        let written = output.readableBytes
        #expect(throws: TransportError.counterExhausted) {
            try sealer.seal(ByteBuffer(bytes: messages[0]), appendingTo: &output)
        }
        #expect(throws: TransportError.counterExhausted) {
            try sealer.sealFrame(ByteBuffer(bytes: messages[0]), appendingTo: &output)
        }
        #expect(output.readableBytes == written)
    }

    @Test("the stack-built length header is `lengthPrefix`'s, and its length is `headerLength(of:)`")
    func lengthHeaders() throws {
        let lengths = [0, 1, 127, 128, 300, 16_383, 16_384, (1 << 21) - 1, 1 << 21, (1 << 28) - 1, 1 << 28,
                       Int(UInt32.max)]
        #expect(FrameFormat.withLengthPrefix(300) { Array($0) } == [0xAC, 0x02])
        for length in lengths {
            let header = FrameFormat.withLengthPrefix(length) { Array($0) }
            #expect(try FrameFormat.header(header) == .complete(length: length, headerLength: header.count), "\(length)")
            #expect(FrameFormat.headerLength(of: length) == header.count, "\(length)")
            #expect(FrameBundle.recordSize(length) == header.count + length, "\(length)")
        }
    }

    @Test("bundles written into a buffer, and payload ranges read from one, agree with the array forms")
    func bundlesInBuffers() throws {
        let payloads = [[0x00, 0x01], [], Array("ünï ✓ 字".utf8), [UInt8](repeating: 0x61, count: 200)] as [[UInt8]]
        var buffer = offsetBuffer([])
        FrameBundle.writeBundle(payloads, to: &buffer)
        #expect(Array(buffer.readableBytesView) == FrameBundle.plaintext(payloads))
        let ranges = try FrameBundle.payloadRanges(in: buffer.readableBytesView)
        #expect(ranges.first?.lowerBound == buffer.readerIndex + 2, "indices are the buffer's, past the 3 read bytes")
        #expect(ranges.map { buffer.getBytes(at: $0.lowerBound, length: $0.count) } == payloads)
        #expect(throws: BundleError.self) { try FrameBundle.payloadRanges(in: offsetBuffer([0x00, 0x05, 0x41]).readableBytesView) }
    }

    @Test("frames fed to decoder and codec one byte at a time come out as their payloads, bundles included")
    func splitAcrossReads() throws {
        let session = EstablishedSession(role: .editor, version: ProtocolVersion.current, sendKey: otherKey,
                                         receiveKey: key)
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandlers([
            ByteToMessageHandler(FrameDecoder()), SealedFrameCodec(session: session),
        ])
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        var sealer = FrameSealer(key: key)
        let bundle = [[0x00], Array("ça ✓".utf8), []] as [[UInt8]]
        var stream: [UInt8] = []
        for plaintext in [messages[0], FrameBundle.plaintext(bundle), messages[3], messages[1]] {
            stream += FrameFormat.framed(try sealer.seal(plaintext))
        }
        for byte in stream { try channel.writeInbound(ByteBuffer(bytes: [byte])) }
        var delivered: [[UInt8]] = []
        while let payload = try channel.readInbound(as: ByteBuffer.self) {
            delivered.append(Array(payload.readableBytesView))
        }
        #expect(delivered == [messages[0]] + bundle + [messages[3], messages[1]])
        #expect(channel.isActive)
    }
}
