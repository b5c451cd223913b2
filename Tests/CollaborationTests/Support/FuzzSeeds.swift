import Collaboration
import EditorCore
import FuzzTargets
import SyncEngine
import Transport

/// The seed corpus of the fuzz targets (`Fuzz/Corpus/<target>/seed-*`): valid encodings of every message kind (each
/// the first payload of a connection, in `PayloadRecords`), a few whole connections, and a few frame streams,
/// generated from a fixed seed with non-ASCII text. `COEDIT_WRITE_FUZZ_CORPUS=1 swift test
/// --filter FuzzCorpusTests` rewrites them.
enum FuzzSeeds {
    /// Seeds per message kind.
    static let perKind = 2
    /// The largest seed payload kept (bytes): small inputs make fast fuzzing.
    static let maximumSize = 400

    /// File name → bytes, for `target`.
    static func files(for target: FuzzTarget) -> [String: [UInt8]] {
        switch target {
        case .hostBound:
            var messages = RandomMessages(seed: 5, client: FuzzTarget.connectionClient)
            var files = perKindFiles { var encoder = HostBoundEncoder(); return encoder.encode(messages.hostBound()) }
            for index in 1...2 {
                var encoder = HostBoundEncoder()
                files["seed-connection-\(index)"] = connection { encoder.encode(messages.hostBound()) }
            }
            return files
        case .joinerBound:
            var messages = RandomMessages(seed: 6, client: FuzzTarget.connectionClient)
            var files = perKindFiles { var encoder = JoinerBoundEncoder(); return encoder.encode(messages.joinerBound()) }
            for index in 1...2 {
                var encoder = JoinerBoundEncoder()
                files["seed-connection-\(index)"] = connection { encoder.encode(messages.joinerBound()) }
            }
            return files
        case .frames:
            return frameFiles()
        case .hostDocument:
            return hostDocumentFiles()
        }
    }

    /// Message sequences from ann (0) and bøb (1): concurrent edits, a run that pushes a base out of the log window,
    /// cursors, snapshot requests, merge submissions, a violation.
    private static func hostDocumentFiles() -> [String: [UInt8]] {
        let length = HostDocumentTarget.initialText.unicodeScalars.count
        let (ann, bob) = (HostDocumentTarget.clients[0], HostDocumentTarget.clients[1])
        func submit(_ client: ClientID, _ sequence: UInt64, base: Int, _ range: Range<Int>, _ text: String, length: Int)
            -> HostBoundMessage
        {
            .sync(.submit(Submission(
                id: ChangeID(client: client, sequence: sequence), baseRevision: base,
                change: ChangeSet.replacing(range, with: text, baseLength: length))))
        }
        func cursor(_ revision: Int, _ position: Int) -> HostBoundMessage {
            .sync(.cursor(CursorUpdate(revision: revision, afterChange: nil, selections: [Selection(cursor: position)])))
        }
        let scripts: [String: [(UInt8, HostBoundMessage)]] = [
            "concurrent": [
                (0, submit(ann, 1, base: 0, 0..<0, "¡Hola! ", length: length)),
                (1, submit(bob, 1, base: 0, 6..<10, "東京", length: length)),
                (0, cursor(1, 3)), (1, cursor(2, 20)), (1, .sync(.requestSnapshot)),
            ],
            "too-old": (1...6).map { (0, submit(ann, UInt64($0), base: $0 - 1, 0..<0, "é", length: length + $0 - 1)) }
                + [(1, submit(bob, 1, base: 0, 14..<15, "👍🏽", length: length))],
            "merge": [
                (1, .sync(.submitMerge(MergeSubmission(
                    id: ChangeID(client: bob, sequence: 1), baseText: HostDocumentTarget.initialText,
                    text: "naïve 東京 café!\n")))),
                (0, .sync(.submitMerge(MergeSubmission(
                    id: ChangeID(client: ann, sequence: 1), baseText: "stale", text: "stale ✓")))),
            ],
            "violation": [
                (1, cursor(0, 9_999)),
                (0, submit(ann, 1, base: 0, 0..<1, "Ñ", length: length)),
                (1, submit(bob, 1, base: 0, 0..<0, "ignored", length: length)),
            ],
        ]
        var files: [String: [UInt8]] = [:]
        for (name, script) in scripts {
            var encoders = [HostBoundEncoder(), HostBoundEncoder()]  // ann's connection and bøb's
            files["seed-\(name)"] = script.flatMap {
                HostDocumentTarget.record(sender: $0.0, payload: encoders[Int($0.0)].encode($0.1))
            }
        }
        return files
    }

    /// Up to eight small payloads of one connection, in `PayloadRecords`.
    private static func connection(_ next: () -> [UInt8]) -> [UInt8] {
        PayloadRecords.join((0..<8).map { _ in next() }.filter { $0.count <= maximumSize / 4 })
    }

    /// `perKind` small payloads for every tag `next` produces, each alone in a `PayloadRecords` file named
    /// `seed-TAG-N`.
    private static func perKindFiles(_ next: () -> [UInt8]) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        var counts: [UInt8: Int] = [:]
        for _ in 0..<5_000 {
            let payload = next()
            guard let tag = payload.first, payload.count <= maximumSize, counts[tag, default: 0] < perKind else { continue }
            counts[tag, default: 0] += 1
            files["seed-\(hex(tag))-\(counts[tag]!)"] = PayloadRecords.join([payload])
        }
        return files
    }

    /// Handshake frames, sealed message frames (under `FuzzTarget.sealingKey`, counters from 0), an empty frame.
    /// Each file starts with the chunk-size byte the `frames` target reads first.
    private static func frameFiles() -> [String: [UInt8]] {
        let nonce = HandshakeNonce(bytes: (0..<32).map { UInt8($0 * 7 & 0xFF) })!
        let proof = [UInt8](repeating: 0xA5, count: HandshakeMessage.proofLength)
        let handshake: [String: [HandshakeMessage]] = [
            "joiner-hello": [.joinerHello(versions: ProtocolVersion.supported, nonce: nonce)],
            "host-hello-proof": [
                .hostHello(version: ProtocolVersion.current, nonce: nonce), .hostProof(role: .readOnly, proof: proof),
            ],
            "joiner-proof": [.joinerProof(proof)],
            "refusal": [.refusal(Refusal(code: .wrongSecret, hostVersions: ProtocolVersion.supported, message: "wrong session secret — nö ✗"))],
        ]
        var files: [String: [UInt8]] = [:]
        for (index, (name, messages)) in handshake.sorted(by: { $0.key < $1.key }).enumerated() {
            files["seed-\(name)"] = [UInt8(index * 5)] + messages.flatMap { FrameFormat.framed($0.encoded()) }
        }
        var hostBound = (RandomMessages(seed: 7, client: FuzzTarget.connectionClient), HostBoundEncoder())
        var joinerBound = (RandomMessages(seed: 8, client: FuzzTarget.connectionClient), JoinerBoundEncoder())
        for (name, payloads) in [
            ("sealed-host-bound", (0..<3).map { _ in hostBound.1.encode(hostBound.0.hostBound()) }),
            ("sealed-joiner-bound", (0..<3).map { _ in joinerBound.1.encode(joinerBound.0.joinerBound()) }),
        ] {
            var sealer = FrameSealer(key: FuzzTarget.sealingKey)
            let frames = payloads.filter { $0.count <= maximumSize }.flatMap { FrameFormat.framed(try! sealer.seal($0)) }
            files["seed-\(name)"] = [UInt8(name.count)] + frames
        }
        var bundles = (RandomMessages(seed: 9, client: FuzzTarget.connectionClient), JoinerBoundEncoder())
        var bundleSealer = FrameSealer(key: FuzzTarget.sealingKey)
        let bundled = (0..<2).flatMap { _ in
            let payloads = (0..<3).map { _ in bundles.1.encode(bundles.0.joinerBound()) }.filter { $0.count <= 50 }
            return payloads.isEmpty ? [] : FrameFormat.framed(try! bundleSealer.seal(FrameBundle.plaintext(payloads)))
        }
        files["seed-sealed-bundles"] = [7] + bundled
        files["seed-empty-frame"] = [31] + FrameFormat.framed([]) + FrameFormat.framed([0x01])
        return files
    }

    private static func hex(_ byte: UInt8) -> String {
        (byte < 16 ? "0" : "") + String(byte, radix: 16)
    }
}
