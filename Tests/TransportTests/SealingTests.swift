@preconcurrency import Crypto
import NIOCore
import NIOEmbedded
import Testing
import TestSupport
@testable import Transport

@Suite("Sealed frames")
struct SealingTests {
    private let key = SymmetricKey(data: Array(repeating: UInt8(0x42), count: 32))
    private let otherKey = SymmetricKey(data: Array(repeating: UInt8(0x43), count: 32))
    private let messages = ["héllo", "", "漢字 👍🏽", String(repeating: "x", count: 1000)].map { Array($0.utf8) }

    private func sealAll(_ plaintexts: [[UInt8]]) throws -> [[UInt8]] {
        var sealer = FrameSealer(key: key)
        return try plaintexts.map { try sealer.seal($0) }
    }

    @Test("frames open in order to their plaintexts; ciphertext hides the plaintext")
    func roundTrip() throws {
        let sealed = try sealAll(messages)
        var opener = FrameOpener(key: key)
        for (frame, plaintext) in zip(sealed, messages) {
            #expect(frame.count == plaintext.count + SealedFrameFormat.tagLength)
            #expect(try opener.open(frame) == plaintext)
            if plaintext.count >= 4 { #expect(!frame.containsSubsequence(plaintext)) }
        }
        #expect(opener.counter == UInt64(messages.count))
    }

    @Test("the same plaintext seals differently under successive counters")
    func counterNonces() throws {
        let sealed = try sealAll([messages[0], messages[0]])
        #expect(sealed[0] != sealed[1])
        #expect(SealedFrameFormat.nonce(counter: 0x0102_0304_0506_0708) == [0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8])
    }

    @Test("a tampered frame is rejected, wherever the flipped bit is")
    func tampered() throws {
        let frame = try sealAll([messages[2]])[0]
        for index in frame.indices {
            var copy = frame
            copy[index] ^= 0x04
            var opener = FrameOpener(key: key)
            #expect(throws: TransportError.frameAuthenticationFailed(counter: 0), "byte \(index)") {
                try opener.open(copy)
            }
        }
    }

    @Test("a replayed frame is rejected")
    func replayed() throws {
        let sealed = try sealAll(messages)
        var opener = FrameOpener(key: key)
        _ = try opener.open(sealed[0])
        _ = try opener.open(sealed[1])
        #expect(throws: TransportError.frameAuthenticationFailed(counter: 2)) { try opener.open(sealed[1]) }
    }

    @Test("reordered or dropped frames are rejected")
    func reordered() throws {
        let sealed = try sealAll(messages)
        var opener = FrameOpener(key: key)
        #expect(throws: TransportError.frameAuthenticationFailed(counter: 0)) { try opener.open(sealed[1]) }
        var skipping = FrameOpener(key: key)
        _ = try skipping.open(sealed[0])
        #expect(throws: TransportError.frameAuthenticationFailed(counter: 1)) { try skipping.open(sealed[2]) }
    }

    @Test("a truncated frame, or one shorter than a tag, is rejected; after a failure everything fails")
    func truncated() throws {
        let sealed = try sealAll(messages)
        for cut in [1, 5, SealedFrameFormat.tagLength] {
            var opener = FrameOpener(key: key)
            #expect(throws: TransportError.self, "cut \(cut)") { try opener.open(Array(sealed[3].dropLast(cut))) }
            #expect(throws: TransportError.self) { try opener.open(sealed[0]) }
        }
        var opener = FrameOpener(key: key)
        #expect(throws: TransportError.self) { try opener.open([1, 2, 3]) }
    }

    @Test("a frame sealed under the other direction's key is rejected (no reflection)")
    func wrongKey() throws {
        var sealer = FrameSealer(key: otherKey)
        let frame = try sealer.seal(messages[0])
        var opener = FrameOpener(key: key)
        #expect(throws: TransportError.self) { try opener.open(frame) }
    }

    @Test("the codec in a channel: opens in order, then closes the connection on a replay")
    func codecClosesOnReplay() throws {
        let session = EstablishedSession(role: .editor, version: 1, sendKey: otherKey, receiveKey: key)
        let channel = EmbeddedChannel(handler: SealedFrameCodec(session: session))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        let sealed = try sealAll(messages)
        try channel.writeInbound(ByteBuffer(bytes: sealed[0]))
        #expect(Array(try #require(try channel.readInbound(as: ByteBuffer.self)).readableBytesView) == messages[0])
        #expect(throws: TransportError.frameAuthenticationFailed(counter: 1)) {
            try channel.writeInbound(ByteBuffer(bytes: sealed[0]))
        }
        #expect(!channel.isActive)
        #expect(try channel.readInbound(as: ByteBuffer.self) == nil)

        // Outbound: plaintext in, a whole frame sealed under the send key out (length header included).
        let writer = EmbeddedChannel(handler: SealedFrameCodec(session: session))
        try writer.writeOutbound(ByteBuffer(bytes: messages[2]))
        let out = try #require(try writer.readOutbound(as: ByteBuffer.self))
        var opener = FrameOpener(key: otherKey)
        #expect(try opener.open(sealedPart(ofFrame: out)) == messages[2])
    }
}
