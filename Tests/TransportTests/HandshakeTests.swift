import Testing
import TestSupport
@testable import Transport

/// Drives a host and a joiner state machine against each other in memory.
///
/// `tamper(direction, index, payload)` may rewrite each message in flight (`index` counts that direction's
/// messages from 0). Returns every effect each side produced.
struct HandshakeRun {
    enum Direction { case toHost, toJoiner }

    var hostEffects: [HandshakeEffect] = []
    var joinerEffects: [HandshakeEffect] = []

    init(
        host: HostHandshake,
        joiner: JoinerHandshake,
        tamper: (Direction, Int, [UInt8]) -> [UInt8] = { $2 }
    ) {
        var host = host
        var joiner = joiner
        var toHost: [[UInt8]] = []
        var toJoiner: [[UInt8]] = []
        var sentToHost = 0
        var sentToJoiner = 0
        func outbound(_ effects: [HandshakeEffect]) -> [[UInt8]] {
            effects.compactMap { if case .send(let bytes) = $0 { return bytes } else { return nil } }
        }
        let started = joiner.start()
        joinerEffects += started
        toHost += outbound(started)
        for _ in 0..<10 where !(toHost.isEmpty && toJoiner.isEmpty) {
            for message in toHost {
                let effects = host.receive(tamper(.toHost, sentToHost, message))
                sentToHost += 1
                hostEffects += effects
                toJoiner += outbound(effects)
            }
            toHost = []
            for message in toJoiner {
                let effects = joiner.receive(tamper(.toJoiner, sentToJoiner, message))
                sentToJoiner += 1
                joinerEffects += effects
                toHost += outbound(effects)
            }
            toJoiner = []
        }
    }

    static func session(_ effects: [HandshakeEffect]) -> EstablishedSession? {
        for case .complete(let session) in effects { return session }
        return nil
    }

    static func failure(_ effects: [HandshakeEffect]) -> TransportError? {
        for case .fail(let error) in effects { return error }
        return nil
    }

    static func refusal(_ effects: [HandshakeEffect]) -> Refusal? {
        for case .send(let bytes) in effects {
            if case .refusal(let refusal)? = try? HandshakeMessage.parse(bytes) { return refusal }
        }
        return nil
    }
}

@Suite("Handshake state machines")
struct HandshakeTests {
    private func host(versions: ClosedRange<UInt16> = ProtocolVersion.supported, readOnly: Bool = true) -> HostHandshake {
        HostHandshake(editorSecret: Fixtures.editorSecret, readOnlySecret: readOnly ? Fixtures.readOnlySecret : nil,
                      supportedVersions: versions, nonce: Fixtures.nonce(1))
    }

    private func joiner(_ secret: SessionSecret, versions: ClosedRange<UInt16> = ProtocolVersion.supported) -> JoinerHandshake {
        JoinerHandshake(secret: secret, supportedVersions: versions, nonce: Fixtures.nonce(2))
    }

    @Test("the editor secret authenticates both sides with matching, direction-specific keys")
    func rightSecret() throws {
        let run = HandshakeRun(host: host(), joiner: joiner(Fixtures.editorSecret))
        let hostSession = try #require(HandshakeRun.session(run.hostEffects))
        let joinerSession = try #require(HandshakeRun.session(run.joinerEffects))
        #expect(hostSession.role == .editor && joinerSession.role == .editor)
        #expect(hostSession.version == ProtocolVersion.current && joinerSession.version == ProtocolVersion.current)
        #expect(hostSession.sendKey.rawBytes == joinerSession.receiveKey.rawBytes)
        #expect(hostSession.receiveKey.rawBytes == joinerSession.sendKey.rawBytes)
        #expect(hostSession.sendKey.rawBytes != hostSession.receiveKey.rawBytes)
    }

    @Test("the secret itself never appears in any handshake message")
    func secretNotSent() {
        var sent: [UInt8] = []
        _ = HandshakeRun(host: host(), joiner: joiner(Fixtures.editorSecret)) { _, _, bytes in
            sent += bytes
            return bytes
        }
        #expect(!sent.isEmpty)
        #expect(!sent.containsSubsequence(Fixtures.editorSecret.keyMaterial))
    }

    @Test("the read-only secret yields the read-only role on both sides")
    func readOnlySecret() throws {
        let run = HandshakeRun(host: host(), joiner: joiner(Fixtures.readOnlySecret))
        #expect(try #require(HandshakeRun.session(run.hostEffects)).role == .readOnly)
        #expect(try #require(HandshakeRun.session(run.joinerEffects)).role == .readOnly)
    }

    @Test("the read-only secret is refused when the host has no guest secret")
    func readOnlyWithoutGuests() {
        let run = HandshakeRun(host: host(readOnly: false), joiner: joiner(Fixtures.readOnlySecret))
        #expect(HandshakeRun.failure(run.hostEffects) == .wrongSecret)
        #expect(HandshakeRun.failure(run.joinerEffects) == .wrongSecret)
    }

    @Test("a wrong secret is refused with a message the joiner can show")
    func wrongSecret() throws {
        let run = HandshakeRun(host: host(), joiner: joiner(Fixtures.wrongSecret))
        #expect(HandshakeRun.session(run.hostEffects) == nil)
        #expect(HandshakeRun.failure(run.hostEffects) == .wrongSecret)
        let refusal = try #require(HandshakeRun.refusal(run.hostEffects))
        #expect(refusal.code == .wrongSecret)
        #expect(refusal.message == "wrong session secret")
        let failure = try #require(HandshakeRun.failure(run.joinerEffects))
        #expect(failure == .wrongSecret)
        #expect(failure.description == "wrong session secret")
    }

    @Test("incompatible versions fail on both sides with both ranges")
    func versionMismatch() throws {
        let run = HandshakeRun(host: host(versions: 2...3), joiner: joiner(Fixtures.editorSecret, versions: 1...1))
        #expect(HandshakeRun.failure(run.hostEffects) == .incompatibleVersion(local: 2...3, remote: 1...1))
        #expect(HandshakeRun.failure(run.joinerEffects) == .incompatibleVersion(local: 1...1, remote: 2...3))
        #expect(try #require(HandshakeRun.refusal(run.hostEffects)).code == .incompatibleVersion)
        #expect(HandshakeRun.failure(run.joinerEffects)!.description.contains("version 1"))
    }

    @Test(
        "joiners of versions 1 and 3 meet this build's host (version 4 only): refused as incompatible on both sides",
        arguments: [UInt16(1), 3])
    func olderJoinerRefused(version: UInt16) throws {
        let run = HandshakeRun(host: host(), joiner: joiner(Fixtures.editorSecret, versions: version...version))
        #expect(HandshakeRun.failure(run.hostEffects) == .incompatibleVersion(local: 4...4, remote: version...version))
        #expect(HandshakeRun.failure(run.joinerEffects) == .incompatibleVersion(local: version...version, remote: 4...4))
        #expect(try #require(HandshakeRun.refusal(run.hostEffects)).code == .incompatibleVersion)
        #expect(HandshakeRun.failure(run.joinerEffects)!.description.contains("incompatible protocol version"))
    }

    @Test("a first frame in the 4-byte framing of versions 1–2: the host refuses it as incompatible, so does a joiner")
    func legacyFramingRefused() throws {
        var host = host()
        let oldHello = HandshakeMessage.joinerHello(versions: 2...2, nonce: Fixtures.nonce(3)).encoded()
        let effects = host.receiveLegacy(oldHello)
        #expect(HandshakeRun.failure(effects) == .incompatibleVersion(local: 4...4, remote: 2...2))
        let refusal = try #require(HandshakeRun.refusal(effects))
        #expect(refusal.code == .incompatibleVersion && refusal.hostVersions == 4...4)
        #expect(refusal.message.hasPrefix("incompatible protocol version: this side speaks version 4"))
        // Whatever a legacy peer sent, the versions it is taken to speak stay within 1–2.
        var other = self.host()
        #expect(HandshakeRun.failure(other.receiveLegacy([1, 2, 3])) == .incompatibleVersion(local: 4...4, remote: 1...2))

        var joiner = joiner(Fixtures.editorSecret)
        _ = joiner.start()
        let oldRefusal = HandshakeMessage.refusal(Refusal(code: .protocolError, hostVersions: 2...2, message: "?")).encoded()
        #expect(HandshakeRun.failure(joiner.receiveLegacy(oldRefusal)) == .incompatibleVersion(local: 4...4, remote: 2...2))
    }

    @Test("overlapping ranges settle on the highest common version")
    func versionNegotiation() throws {
        let run = HandshakeRun(host: host(versions: 1...3), joiner: joiner(Fixtures.editorSecret, versions: 2...5))
        #expect(try #require(HandshakeRun.session(run.hostEffects)).version == 3)
        #expect(try #require(HandshakeRun.session(run.joinerEffects)).version == 3)
        #expect(HostHandshake.negotiate(1...2, 3...4) == nil)
    }

    @Test("a tampered joiner proof is refused as a wrong secret")
    func tamperedJoinerProof() {
        let run = HandshakeRun(host: host(), joiner: joiner(Fixtures.editorSecret)) { direction, index, bytes in
            guard direction == .toHost, index == 1 else { return bytes }
            var copy = bytes
            copy[copy.count - 1] ^= 0x01
            return copy
        }
        #expect(HandshakeRun.failure(run.hostEffects) == .wrongSecret)
        #expect(HandshakeRun.failure(run.joinerEffects) == .wrongSecret)
    }

    @Test("a tampered host proof, role or hello makes the joiner refuse the host")
    func tamperedHostMessages() {
        // Flip a byte of the host proof, flip the granted role, or change the host nonce in its hello.
        let edits: [(Int, ([UInt8]) -> [UInt8])] = [
            (1, { var b = $0; b[b.count - 1] ^= 0x80; return b }),
            (1, { var b = $0; b[1] = 1; return b }),
            (0, { var b = $0; b[b.count - 1] ^= 0x01; return b }),
        ]
        for (index, edit) in edits {
            let run = HandshakeRun(host: host(), joiner: joiner(Fixtures.editorSecret)) { direction, i, bytes in
                direction == .toJoiner && i == index ? edit(bytes) : bytes
            }
            let joinerFailure = HandshakeRun.failure(run.joinerEffects)
            let hostFailure = HandshakeRun.failure(run.hostEffects)
            // Tampering with the host hello breaks the transcript: the host then sees a wrong joiner proof.
            #expect(joinerFailure == .hostNotAuthenticated || (index == 0 && joinerFailure == .wrongSecret),
                    "edit of host message \(index)")
            #expect(HandshakeRun.session(run.joinerEffects) == nil)
            if index == 0 { #expect(hostFailure == .wrongSecret) }
        }
    }

    @Test("an impostor host that does not know the secret is detected")
    func impostorHost() {
        let impostor = HostHandshake(editorSecret: Fixtures.wrongSecret, readOnlySecret: Fixtures.editorSecret,
                                     nonce: Fixtures.nonce(9))
        // The impostor accepts the joiner with the right secret in the guest slot but claims the editor role.
        let run = HandshakeRun(host: impostor, joiner: joiner(Fixtures.editorSecret)) { direction, index, bytes in
            guard direction == .toJoiner, index == 1 else { return bytes }
            var copy = bytes
            copy[1] = PeerRole.editor.rawValue
            return copy
        }
        #expect(HandshakeRun.failure(run.joinerEffects) == .hostNotAuthenticated)
    }

    @Test("a wrong magic, an unknown type and a proof in place of a hello are protocol errors")
    func garbage() {
        var machine = host()
        var hello = HandshakeMessage.joinerHello(versions: 1...1, nonce: Fixtures.nonce(3)).encoded()
        hello[1] = UInt8(ascii: "X")
        #expect(HandshakeRun.failure(machine.receive(hello)) == .notACoeditPeer)
        #expect(machine.isFinished)
        #expect(machine.receive(hello).isEmpty)

        var second = host()
        #expect(HandshakeRun.failure(second.receive([0x77, 1, 2])) == .notACoeditPeer)

        var third = host()
        let effects = third.receive(HandshakeMessage.joinerProof(Array(repeating: 0, count: 32)).encoded())
        #expect(HandshakeRun.failure(effects) == .unexpectedMessage("expected a joiner hello"))
        #expect(HandshakeRun.refusal(effects)?.code == .protocolError)
    }

    @Test("expire fails an unfinished handshake and does nothing after completion")
    func expiry() {
        var machine = host()
        #expect(HandshakeRun.failure(machine.expire()) == .handshakeTimedOut)
        #expect(machine.expire().isEmpty)

        // A joiner that heard nothing says so; one that got the host's hello but no proof timed out mid-handshake.
        var joinerMachine = joiner(Fixtures.editorSecret)
        _ = joinerMachine.start()
        #expect(HandshakeRun.failure(joinerMachine.expire()) == .noHandshakeFromHost)
        #expect(
            TransportError.noHandshakeFromHost.description
                == "timed out waiting for the host's handshake (is it a coedit host?)")
        var halfway = joiner(Fixtures.editorSecret)
        _ = halfway.start()
        let hostHello = HandshakeMessage.hostHello(version: ProtocolVersion.current, nonce: Fixtures.nonce(5)).encoded()
        #expect(HandshakeRun.failure(halfway.receive(hostHello)) == nil)
        #expect(HandshakeRun.failure(halfway.expire()) == .handshakeTimedOut)
    }

    @Test("messages round-trip through their byte layout; every truncation of each is refused, never trapped")
    func messageLayouts() throws {
        let refusal = Refusal(code: .wrongSecret, hostVersions: 1...2, message: "nöpe ✗")
        let messages: [HandshakeMessage] = [
            .joinerHello(versions: 1...4, nonce: Fixtures.nonce(4)),
            .hostHello(version: 3, nonce: Fixtures.nonce(5)),
            .joinerProof(Array(repeating: 7, count: 32)),
            .hostProof(role: .readOnly, proof: Array(repeating: 9, count: 32)),
            .refusal(refusal),
        ]
        #expect(messages.map { $0.encoded().count } == [43, 41, 33, 34, 6 + Array("nöpe ✗".utf8).count])
        for message in messages {
            let bytes = message.encoded()
            #expect(try HandshakeMessage.parse(bytes) == message)
            for cut in 0..<bytes.count where !(message.isRefusal && cut >= 6) {
                #expect(throws: TransportError.self, "\(message) cut at \(cut)") {
                    try HandshakeMessage.parse(Array(bytes[..<cut]))
                }
            }
        }
        // Hellos tolerate trailing extension bytes; proofs do not.
        let hello = messages[0].encoded() + [0xEE, 0xFF]
        #expect(try HandshakeMessage.parse(hello) == messages[0])
        #expect(throws: TransportError.self) { try HandshakeMessage.parse(messages[2].encoded() + [0]) }
        // An empty version range is refused, not trapped on.
        #expect(throws: TransportError.self) { try HandshakeMessage.parse([1] + HandshakeMessage.magic + [0, 2, 0, 1] + Fixtures.nonce(1).bytes) }
    }

    @Test("random bytes fed to both machines never trap")
    func randomInput() {
        for seed in TestBudget.caseSeeds(200) {
            var generator = SeededGenerator(seed: seed)
            var hostMachine = host()
            var joinerMachine = joiner(Fixtures.editorSecret)
            _ = joinerMachine.start()
            for _ in 0..<3 {
                var bytes = (0..<Int.random(in: 0...60, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
                if let first = bytes.indices.first { bytes[first] = UInt8.random(in: 1...5, using: &generator) }
                let hostEffects = hostMachine.receive(bytes)
                let joinerEffects = joinerMachine.receive(bytes)
                #expect(HandshakeRun.session(hostEffects) == nil, "seed \(seed)")
                #expect(HandshakeRun.session(joinerEffects) == nil, "seed \(seed)")
            }
        }
    }
}

extension HandshakeMessage {
    fileprivate var isRefusal: Bool {
        if case .refusal = self { return true }
        return false
    }
}
