import Collaboration
import Foundation
import FuzzTargets
import Testing
import Transport

/// The committed libFuzzer corpus (`Fuzz/Corpus/<target>/`), replayed without sanitizers so CI covers it: every
/// file is refused with an error or decoded, no law is broken, nothing traps. Fuzzing itself is `Fuzz/run`.
/// `COEDIT_WRITE_FUZZ_CORPUS=1 swift test --filter FuzzCorpusTests` rewrites the seeds (a new message kind needs it).
@Suite(.serialized) struct FuzzCorpusTests {
    /// `Fuzz/Corpus` in this checkout.
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/Corpus")

    /// The files of `target`'s corpus: name → bytes.
    static func corpusFiles(_ target: FuzzTarget) throws -> [String: [UInt8]] {
        let directory = corpus.appendingPathComponent(target.rawValue)
        var files: [String: [UInt8]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            files[name] = Array(try Data(contentsOf: directory.appendingPathComponent(name)))
        }
        return files
    }

    /// With `COEDIT_WRITE_FUZZ_CORPUS=1`, replaces every `seed-*` file by the generator's (FuzzSeeds).
    static func rewriteSeedsIfAsked() throws {
        guard ProcessInfo.processInfo.environment["COEDIT_WRITE_FUZZ_CORPUS"] == "1" else { return }
        for target in FuzzTarget.allCases {
            let directory = corpus.appendingPathComponent(target.rawValue)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasPrefix("seed-") {
                try FileManager.default.removeItem(at: directory.appendingPathComponent(name))
            }
            for (name, bytes) in FuzzSeeds.files(for: target) {
                try Data(bytes).write(to: directory.appendingPathComponent(name))
            }
        }
    }

    @Test("every corpus file is refused or decoded; no decoder law is broken", arguments: FuzzTarget.allCases)
    func replay(target: FuzzTarget) throws {
        try Self.rewriteSeedsIfAsked()
        let files = try Self.corpusFiles(target)
        #expect(files.count >= 4)
        var decoded = 0
        for (name, bytes) in files.sorted(by: { $0.key < $1.key }) {
            switch target.run(bytes) {
            case .lawBroken(let law): Issue.record("\(target.rawValue)/\(name): \(law)")
            case .decoded: decoded += 1
            case .refused(let error):
                #expect(!name.hasPrefix("seed-"), "seed \(target.rawValue)/\(name) was refused: \(error)")
            }
        }
        #expect(decoded >= files.keys.filter { $0.hasPrefix("seed-") }.count)
    }

    @Test("the seeds hold a valid encoding of every message kind, in both directions")
    func seedsCoverEveryKind() throws {
        try Self.rewriteSeedsIfAsked()
        var hostMessages = RandomMessages(seed: 99)
        var joinerMessages = RandomMessages(seed: 98)
        var (hostEncoder, joinerEncoder) = (HostBoundEncoder(), JoinerBoundEncoder())
        let hostTags = Set((0..<500).compactMap { _ in hostEncoder.encode(hostMessages.hostBound()).first })
        let joinerTags = Set((0..<500).compactMap { _ in joinerEncoder.encode(joinerMessages.joinerBound()).first })
        #expect(hostTags.count >= 8 && joinerTags.count >= 15)
        // The tags of the payloads that decode, each file read as one connection (as the targets read it).
        var (hostSeedTags, joinerSeedTags) = (Set<UInt8>(), Set<UInt8>())
        for file in try Self.corpusFiles(.hostBound).values {
            var decoder = HostBoundDecoder(client: FuzzTarget.connectionClient)
            for payload in PayloadRecords.split(file) where (try? decoder.decode(payload)) != nil {
                hostSeedTags.insert(payload[0])
            }
        }
        for file in try Self.corpusFiles(.joinerBound).values {
            var decoder = JoinerBoundDecoder(client: FuzzTarget.connectionClient)
            for payload in PayloadRecords.split(file) where (try? decoder.decode(payload)) != nil {
                joinerSeedTags.insert(payload[0])
            }
        }
        #expect(hostSeedTags == hostTags)
        #expect(joinerSeedTags == joinerTags)
    }

    @Test("the frames target opens sealed frames and refuses cut, oversized and tampered streams")
    func framesTarget() throws {
        let sealed = try #require(FuzzSeeds.files(for: .frames)["seed-sealed-joiner-bound"])
        // Three frames, each opened: 3 + 3.
        #expect(FuzzTarget.frames.run(sealed) == .decoded(6))
        guard case .refused(let cut) = FuzzTarget.frames.run(Array(sealed.dropLast())) else {
            Issue.record("a stream cut inside a frame was not refused")
            return
        }
        #expect(cut.contains("in the middle of a frame"), "\(cut)")
        // A tampered frame still splits into frames (the decoder does not authenticate), but it and every later
        // frame fail to open.
        var tampered = sealed
        tampered[10] ^= 0x01
        #expect(FuzzTarget.frames.run(tampered) == .decoded(3))
        let oversized: [UInt8] = [0, 0xFF, 0xFF, 0x7F, 1, 2, 3]
        guard case .refused(let error) = FuzzTarget.frames.run(oversized) else {
            Issue.record("an oversized frame header was not refused")
            return
        }
        #expect(error.contains("exceeds the limit"), "\(error)")
        let notMinimal: [UInt8] = [0, 0x80, 0x00, 1]
        guard case .refused(let header) = FuzzTarget.frames.run(notMinimal) else {
            Issue.record("a non-minimal frame header was not refused")
            return
        }
        #expect(header.contains("not minimally encoded"), "\(header)")
    }

    @Test("the frames target splits bundled frames and decodes every payload of them")
    func framesTargetBundles() throws {
        let bundled = try #require(FuzzSeeds.files(for: .frames)["seed-sealed-bundles"])
        // Two frames, each opened and split: 2 + 2.
        #expect(FuzzTarget.frames.run(bundled) == .decoded(4))
        var sealer = FrameSealer(key: FuzzTarget.sealingKey)
        let broken = [0] + FrameFormat.framed(try sealer.seal([0x00, 0x05, 0x53]))
        #expect(FuzzTarget.frames.run(broken) == .decoded(1), "the frame splits, its bundle does not")
    }

    @Test("the host-document target accepts honest sequences and closes a participant at its first violation")
    func hostDocumentTarget() throws {
        let seeds = FuzzSeeds.files(for: .hostDocument)
        #expect(FuzzTarget.hostDocument.run(try #require(seeds["seed-concurrent"])) == .decoded(5))
        // Six revisions push revision 0 out of the four-revision window: bøb's late edit is answered, not applied.
        #expect(FuzzTarget.hostDocument.run(try #require(seeds["seed-too-old"])) == .decoded(7))
        // bøb's cursor is out of range: bøb is closed, ann's edit is accepted, bøb's next one skipped.
        #expect(FuzzTarget.hostDocument.run(try #require(seeds["seed-violation"])) == .decoded(1))
        #expect(FuzzTarget.hostDocument.run([0, 0, 1, 0xFF]) == .refused("no message accepted"))
    }
}
