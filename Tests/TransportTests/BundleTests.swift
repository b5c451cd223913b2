@preconcurrency import Crypto
import NIOCore
import NIOEmbedded
import Testing
import TestSupport
@testable import Transport

/// Several payloads in one sealed frame (Docs/protocol.md §5.1): the plaintext format, and the codec that bundles
/// what is written in one event-loop tick.
@Suite("Bundled frames")
struct BundleTests {
    private let key = SymmetricKey(data: Array(repeating: UInt8(0x42), count: 32))
    private let otherKey = SymmetricKey(data: Array(repeating: UInt8(0x43), count: 32))

    @Test("split(plaintext(ps)) == ps on random payloads (non-ASCII, empty, starting with 0x00); sizes add up")
    func roundTripLaw() throws {
        for seed in TestBudget.caseSeeds(300) {
            var generator = SeededGenerator(seed: seed)
            let payloads: [[UInt8]] = (0..<Int.random(in: 1...6, using: &generator)).map { _ in
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: return []
                case 1: return [0x00] + Array(RandomText.string(maxFragments: 3, using: &generator).utf8)
                case 2: return Array(repeating: 0xE9, count: Int.random(in: 100...300, using: &generator))
                default: return Array(RandomText.string(maxFragments: 4, using: &generator).utf8)
                }
            }
            let plaintext = FrameBundle.plaintext(payloads)
            #expect(plaintext.count == FrameBundle.size(of: payloads), "seed \(seed)")
            #expect(try FrameBundle.split(plaintext).map(Array.init) == payloads, "seed \(seed)")
        }
    }

    @Test("one payload that does not start with 0x00 is the plaintext itself; otherwise a bundle")
    func layout() throws {
        let tick: [UInt8] = [0x43, 0x02, 0x02]
        #expect(FrameBundle.plaintext([tick]) == tick)
        #expect(FrameBundle.plaintext([[]]) == [])
        #expect(FrameBundle.plaintext([[0x00, 0x01]]) == [0x00, 0x02, 0x00, 0x01])
        #expect(FrameBundle.plaintext([tick, [0x53]]) == [0x00, 0x03, 0x43, 0x02, 0x02, 0x01, 0x53])
        let long = [UInt8](repeating: 0x61, count: 200)
        #expect(Array(FrameBundle.plaintext([long, []]).prefix(3)) == [0x00, 0xC8, 0x01])
    }

    @Test("malformed bundles are refused, saying which record and where")
    func malformed() {
        for (plaintext, reason) in [
            ([0x00] as [UInt8], "a bundle without any message"),
            ([0x00, 0x05, 0x01], "record 1 at byte 1 announces 5 bytes, 1 are left"),
            ([0x00, 0x01, 0x53, 0x80], "record 2 at byte 3: its length is cut short"),
            ([0x00, 0x80, 0x00], "record 1 at byte 1: the length is not minimally encoded"),
            ([0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], "record 1 at byte 1: the length takes more than 5 bytes"),
        ] {
            #expect(throws: BundleError(reason: reason), "\(plaintext)") { try FrameBundle.split(plaintext) }
        }
    }

    private func session(send: SymmetricKey, receive: SymmetricKey) -> EstablishedSession {
        EstablishedSession(role: .editor, version: ProtocolVersion.current, sendKey: send, receiveKey: receive)
    }

    /// Every frame the channel has written so far, opened in order.
    private func sentPlaintexts(_ channel: EmbeddedChannel, opener: inout FrameOpener) throws -> [[UInt8]] {
        var plaintexts: [[UInt8]] = []
        while let frame = try channel.readOutbound(as: ByteBuffer.self) {
            plaintexts.append(try opener.open(sealedPart(ofFrame: frame)))
        }
        return plaintexts
    }

    @Test("payloads written in one tick leave at its end as one frame, in order; a flush or a close sends at once")
    func coalescesPerTick() throws {
        let channel = EmbeddedChannel(handler: SealedFrameCodec(session: session(send: key, receive: otherKey)))
        var opener = FrameOpener(key: key)
        let payloads = ["ack ✓", "broadcast 漢字", "", "cursor 👍🏽"].map { Array($0.utf8) }
        for payload in payloads { channel.write(ByteBuffer(bytes: payload), promise: nil) }
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil, "nothing leaves before the tick ends")
        channel.embeddedEventLoop.run()
        let frames = try sentPlaintexts(channel, opener: &opener)
        #expect(frames.count == 1)
        #expect(try frames.first.map { try FrameBundle.split($0).map(Array.init) } == payloads)

        // One payload in a tick: sent alone, no bundle byte.
        channel.write(ByteBuffer(bytes: payloads[0]), promise: nil)
        channel.embeddedEventLoop.run()
        #expect(try sentPlaintexts(channel, opener: &opener) == [payloads[0]])

        // An explicit flush does not wait for the end of the tick.
        channel.write(ByteBuffer(bytes: payloads[1]), promise: nil)
        channel.flush()
        #expect(try sentPlaintexts(channel, opener: &opener) == [payloads[1]])
        channel.embeddedEventLoop.run()
        #expect(try sentPlaintexts(channel, opener: &opener).isEmpty, "the queued end-of-tick flush finds nothing")

        // Closing sends what is pending first (a last message, then close, in one tick).
        channel.write(ByteBuffer(bytes: payloads[3]), promise: nil)
        channel.close(promise: nil)
        #expect(try sentPlaintexts(channel, opener: &opener) == [payloads[3]])
    }

    @Test("a tick's payloads are split over several frames when one frame would exceed the limit")
    func splitsAtTheLimit() throws {
        let limit = 100
        let channel = EmbeddedChannel(
            handler: SealedFrameCodec(session: session(send: key, receive: otherKey), maximumFrameLength: limit))
        var opener = FrameOpener(key: key)
        let payloads = (0..<7).map { [UInt8](repeating: 0x41 + UInt8($0), count: 30) }
        for payload in payloads { channel.write(ByteBuffer(bytes: payload), promise: nil) }
        channel.embeddedEventLoop.run()
        var frameCount = 0
        var received: [[UInt8]] = []
        while let frame = try channel.readOutbound(as: ByteBuffer.self) {
            let sealed = try sealedPart(ofFrame: frame)
            #expect(sealed.count <= limit)
            received += try FrameBundle.split(try opener.open(sealed)).map(Array.init)
            frameCount += 1
        }
        #expect(received == payloads)
        #expect(frameCount == 4, "two 30-byte records (1 + 2 × 31 + 16 = 79 bytes) per 100-byte frame")

        // Two 41-byte payloads: 82 bytes of plaintext, but 1 + 2 × 42 = 85 as a bundle, 101 sealed: two frames.
        let pair = [[UInt8](repeating: 0x61, count: 41), [UInt8](repeating: 0x62, count: 41)]
        for payload in pair { channel.write(ByteBuffer(bytes: payload), promise: nil) }
        channel.embeddedEventLoop.run()
        var sizes: [Int] = []
        while let frame = try channel.readOutbound(as: ByteBuffer.self) {
            let sealed = try sealedPart(ofFrame: frame)
            sizes.append(sealed.count)
            #expect(try opener.open(sealed) == pair[sizes.count - 1])
        }
        #expect(sizes == [57, 57])
    }

    @Test("inbound, each payload of a bundle is passed on alone; a malformed bundle closes the connection")
    func inbound() throws {
        let channel = EmbeddedChannel(handler: SealedFrameCodec(session: session(send: otherKey, receive: key)))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        var sealer = FrameSealer(key: key)
        let payloads = [[0x00, 0x01], [], Array("ünï ✓".utf8)] as [[UInt8]]
        try channel.writeInbound(ByteBuffer(bytes: try sealer.seal(FrameBundle.plaintext(payloads))))
        var delivered: [[UInt8]] = []
        while let payload = try channel.readInbound(as: ByteBuffer.self) { delivered.append(Array(payload.readableBytesView)) }
        #expect(delivered == payloads)

        #expect(throws: TransportError.malformedBundle(counter: 1, reason: "record 1 at byte 1 announces 9 bytes, 1 are left")) {
            try channel.writeInbound(ByteBuffer(bytes: try sealer.seal([0x00, 0x09, 0x01])))
        }
        #expect(!channel.isActive)
        #expect(try channel.readInbound(as: ByteBuffer.self) == nil)
    }
}
