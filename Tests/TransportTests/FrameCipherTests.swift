@preconcurrency import Crypto
import Testing
import TestSupport
@testable import Transport

/// `FrameCipher` (libsodium) is ChaCha20-Poly1305 as RFC 8439 defines it, byte for byte what swift-crypto's
/// `ChaChaPoly` produces, so peers built with either interoperate.
@Suite("Frame cipher")
struct FrameCipherTests {
    /// Seals `plaintext` with `cipher` into a fresh array.
    private func seal(_ cipher: FrameCipher, _ plaintext: [UInt8], nonce: [UInt8], header: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: plaintext.count + SealedFrameFormat.tagLength)
        plaintext.withUnsafeBytes { input in
            nonce.withUnsafeBytes { nonce in
                header.withUnsafeBytes { header in
                    output.withUnsafeMutableBytes { cipher.seal(input, nonce: nonce, authenticating: header, into: $0) }
                }
            }
        }
        return output
    }

    /// Opens `sealed` with `cipher`: the plaintext, or nil when it fails authentication.
    private func open(_ cipher: FrameCipher, _ sealed: [UInt8], nonce: [UInt8], header: [UInt8]) -> [UInt8]? {
        var output = [UInt8](repeating: 0, count: max(sealed.count - SealedFrameFormat.tagLength, 0))
        let opened = sealed.withUnsafeBytes { input in
            nonce.withUnsafeBytes { nonce in
                header.withUnsafeBytes { header in
                    output.withUnsafeMutableBytes { cipher.open(input, nonce: nonce, authenticating: header, into: $0) }
                }
            }
        }
        return opened ? output : nil
    }

    private func hex(_ text: String) -> [UInt8] {
        stride(from: 0, to: text.count, by: 2).map { offset in
            let start = text.index(text.startIndex, offsetBy: offset)
            return UInt8(text[start..<text.index(start, offsetBy: 2)], radix: 16)!
        }
    }

    @Test("RFC 8439 §2.8.2: the AEAD test vector seals to its ciphertext and tag, and opens back")
    func rfc8439Vector() {
        let cipher = FrameCipher(key: SymmetricKey(data: Array(UInt8(0x80)...UInt8(0x9F))))
        let nonce = hex("070000004041424344454647")
        let header = hex("50515253c0c1c2c3c4c5c6c7")
        let plaintext = Array(("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the "
            + "future, sunscreen would be it.").utf8)
        let expected = hex(
            "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a9e"
                + "060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de"
                + "576d26586cec64b6116" + "1ae10b594f09e26a7e902ecbd0600691")
        let sealed = seal(cipher, plaintext, nonce: nonce, header: header)
        #expect(sealed == expected)
        #expect(open(cipher, sealed, nonce: nonce, header: header) == plaintext)
    }

    @Test("seeded random frames seal to swift-crypto's bytes, open from them, and fail when anything differs")
    func agreesWithSwiftCrypto() throws {
        for seed in TestBudget.caseSeeds(200) {
            var random = SeededGenerator(seed: seed)
            let keyBytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) }
            let key = SymmetricKey(data: keyBytes)
            let cipher = FrameCipher(key: key)
            // Lengths around ChaCha20's 64-byte blocks and Poly1305's 16-byte ones, empty included, and non-ASCII
            // text among the plaintexts.
            let length = [0, 1, 15, 16, 17, 63, 64, 65, 300].randomElement(using: &random)!
            let plaintext = Bool.random(using: &random)
                ? (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
                : Array(String(repeating: "é漢👍🏽e\u{301}", count: length / 4 + 1).utf8.prefix(length))
            let nonce = (0..<12).map { _ in UInt8.random(in: 0...255, using: &random) }
            let header = FrameFormat.lengthPrefix(plaintext.count + SealedFrameFormat.tagLength)

            let sealed = seal(cipher, plaintext, nonce: nonce, header: header)
            let reference = try ChaChaPoly.seal(
                plaintext, using: key, nonce: ChaChaPoly.Nonce(data: nonce), authenticating: header)
            #expect(sealed == Array(reference.ciphertext) + Array(reference.tag), "seed \(seed)")
            #expect(open(cipher, sealed, nonce: nonce, header: header) == plaintext, "seed \(seed)")

            var tampered = sealed
            let bit = Int.random(in: 0..<(8 * tampered.count), using: &random)
            tampered[bit / 8] ^= UInt8(1) << (bit % 8)
            #expect(open(cipher, tampered, nonce: nonce, header: header) == nil, "seed \(seed): bit \(bit) flipped")
            var otherNonce = nonce
            otherNonce[11] ^= 1
            #expect(open(cipher, sealed, nonce: otherNonce, header: header) == nil, "seed \(seed): other nonce")
            #expect(open(cipher, sealed, nonce: nonce, header: header + [0]) == nil, "seed \(seed): other header")
        }
    }

    @Test("a frame shorter than a tag fails to open, the empty one included")
    func shortFramesFail() {
        let cipher = FrameCipher(key: SymmetricKey(data: Array(repeating: UInt8(7), count: 32)))
        let nonce = SealedFrameFormat.nonce(counter: 0)
        for length in [0, 1, 15] {
            #expect(open(cipher, Array(repeating: 0, count: length), nonce: nonce, header: [UInt8(length)]) == nil)
        }
    }
}
