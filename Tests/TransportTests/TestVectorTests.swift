import Testing
@testable import Transport

/// The test vector of Docs/protocol.md ("Test vector"), computed independently by
/// Tests/TransportTests/Reference/protocol_reference.py with Python's hashlib/hmac and `cryptography`.
@Suite("Protocol test vector")
struct TestVectorTests {
    static let vector: [String: String] = [
        "joiner_hello_frame":
            "2b01434f4544495400040004000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
        "host_hello_frame": "2902434f454449540004202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f",
        "auth_key": "7a8735e0d3bb45dbef9a57a201cfc306d14f97ad8efacb21e45b66d35ea51971",
        "joiner_to_host_key": "76824f06a04b225578c2182a594a359b9f32fdbcb7b477af3a6a25899ff41ef1",
        "host_to_joiner_key": "4f965352795915765ade0ac25a940f7dab628bc771d91b4d0592ddd05cb49524",
        "joiner_proof_frame": "21034479310f473c9c4beb25983cc241a8e43d62998f53ae39a9dd84a67744225e0c",
        "host_proof_frame": "220400720e6685a7ffc156fe15624989876346caf0010561dcaaa139162aa06ec08f2d",
        "joiner_frame_0": "224e0f0e84dedf2d6f9c2dbb69da30ac216940f88ce92e5e61b1320314be8de9e29a04",
        "host_frame_0": "1f7ad442da4dd1ff3dd36298fb19c9ebcde4d92cae97eaf1515ea772deb9a7fe",
        "host_frame_1": "1b50007405233ca688c788985bdde38536ec820ea9f438ab7db46125",
    ]

    @Test("the state machines and the sealer reproduce the documented vector byte for byte")
    func reproducesVector() throws {
        let secret = try SessionSecret("pässwörd ✓ 秘密")
        let joinerNonce = try #require(HandshakeNonce(bytes: Array(0x00..<0x20)))
        let hostNonce = try #require(HandshakeNonce(bytes: Array(0x20..<0x40)))
        var joiner = JoinerHandshake(secret: secret, supportedVersions: 4...4, nonce: joinerNonce)
        var host = HostHandshake(editorSecret: secret, supportedVersions: 4...4, nonce: hostNonce)
        var wire: [String: [UInt8]] = [:]

        let joinerHello = try #require(sent(joiner.start()))
        wire["joiner_hello_frame"] = FrameFormat.framed(joinerHello)
        let hostHello = try #require(sent(host.receive(joinerHello)))
        wire["host_hello_frame"] = FrameFormat.framed(hostHello)
        let joinerProof = try #require(sent(joiner.receive(hostHello)))
        wire["joiner_proof_frame"] = FrameFormat.framed(joinerProof)
        let hostEffects = host.receive(joinerProof)
        let hostProof = try #require(sent(hostEffects))
        wire["host_proof_frame"] = FrameFormat.framed(hostProof)
        let joinerSession = try #require(HandshakeRun.session(joiner.receive(hostProof)))
        let hostSession = try #require(HandshakeRun.session(hostEffects))

        let keys = SessionKeySchedule(secret: secret, joinerNonce: joinerNonce, hostNonce: hostNonce)
        wire["auth_key"] = keys.authenticationKey.rawBytes
        wire["joiner_to_host_key"] = joinerSession.sendKey.rawBytes
        wire["host_to_joiner_key"] = hostSession.sendKey.rawBytes
        var joinerSealer = FrameSealer(key: joinerSession.sendKey)
        wire["joiner_frame_0"] = FrameFormat.framed(try joinerSealer.seal(Array("héllo, wörld ✓".utf8)))
        var hostSealer = FrameSealer(key: hostSession.sendKey)
        wire["host_frame_0"] = FrameFormat.framed(try hostSealer.seal(Array("漢字 👍🏽".utf8)))
        let bundle = FrameBundle.plaintext([[0x53], Array("ça ✓".utf8)])
        wire["host_frame_1"] = FrameFormat.framed(try hostSealer.seal(bundle))

        for (name, hex) in Self.vector {
            #expect(wire[name]?.hex == hex, "\(name)")
        }
        // And the receiving sides open the documented frames.
        var hostOpener = FrameOpener(key: hostSession.receiveKey)
        let joinerFrame = Array<UInt8>(hex: Self.vector["joiner_frame_0"]!)
        #expect(try hostOpener.open(Array(joinerFrame.dropFirst(1))) == Array("héllo, wörld ✓".utf8))
        var joinerOpener = FrameOpener(key: joinerSession.receiveKey)
        _ = try joinerOpener.open(Array(Array<UInt8>(hex: Self.vector["host_frame_0"]!).dropFirst(1)))
        let opened = try joinerOpener.open(Array(Array<UInt8>(hex: Self.vector["host_frame_1"]!).dropFirst(1)))
        #expect(try FrameBundle.split(opened).map(Array.init) == [[0x53], Array("ça ✓".utf8)])
    }

    private func sent(_ effects: [HandshakeEffect]) -> [UInt8]? {
        for case .send(let bytes) in effects { return bytes }
        return nil
    }
}
