import ArgumentParser
import Foundation
import NIOCore
import Transport

/// `coedit-bench seal`: the cost of sealing and opening one small transport frame (Docs/protocol.md §5), the unit of
/// work the network path pays about twice per keystroke (the submit and the broadcast; acks ride along or come one
/// per 16 changes).
///
/// Seals `frames` frames of a `payload`-byte plaintext with one direction's `FrameSealer`, then opens them in order
/// with a `FrameOpener` under the same key, and reports the median per-frame wall time of `rounds` rounds (each
/// round starts fresh counters, so the frames are the same every round). Two entry points: byte arrays in and out
/// (`seal(_:)`, `open(_:)`), and `ByteBuffer`s as the sealed-frame codec uses them. Single-threaded, no I/O.
struct SealingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seal", abstract: "Seal and open small transport frames in a loop (per-frame cost).")

    @Option(help: "Frames sealed and opened per round.")
    var frames = 200_000

    @Option(help: "Plaintext bytes per frame (a keystroke's change message is about 12).")
    var payload = 12

    @Option(help: "Rounds; the median round is reported.")
    var rounds = 5

    @Flag(help: "Only the byte-array entry points, for comparing with builds that have no others (perf stat).")
    var arraysOnly = false

    func run() throws {
        let keys = SessionKeySchedule(
            secret: try SessionSecret("benchmark-secret-ça-✓"),
            joinerNonce: HandshakeNonce(bytes: [UInt8](repeating: 1, count: HandshakeNonce.length))!,
            hostNonce: HandshakeNonce(bytes: [UInt8](repeating: 2, count: HandshakeNonce.length))!)
        let plaintext = (0..<payload).map { UInt8(truncatingIfNeeded: 0x41 + $0) }
        let arrays = try measure {
            var sealer = FrameSealer(key: keys.joinerToHostKey)
            return try (0..<frames).map { _ in try sealer.seal(plaintext) }
        } open: { sealed in
            var opener = FrameOpener(key: keys.joinerToHostKey)
            return try sealed.reduce(0) { $0 + (try opener.open($1)).count }
        }
        print("\n### Sealed frames, \(payload)-byte plaintext, \(frames) frames × \(rounds) rounds (\(CollaborationBench.load))\n")
        if arraysOnly {
            print("| step | per frame, byte arrays |\n| --- | ---: |")
            print("| seal | \(nanoseconds(arrays.seal)) |\n| open | \(nanoseconds(arrays.open)) |")
            print("| seal + open | \(nanoseconds(arrays.seal + arrays.open)) |")
            return
        }
        let payloadBuffer = ByteBuffer(bytes: plaintext)
        let allocator = ByteBufferAllocator()
        let buffers = try measure {
            var sealer = FrameSealer(key: keys.joinerToHostKey)
            return try (0..<frames).map { _ in
                var frame = allocator.buffer(capacity: payload + SealedFrameFormat.tagLength)
                try sealer.seal(payloadBuffer, appendingTo: &frame)
                return frame
            }
        } open: { sealed in
            var opener = FrameOpener(key: keys.joinerToHostKey)
            return try sealed.reduce(0) { total, frame in
                var opened = allocator.buffer(capacity: payload)
                try opener.open(frame, appendingTo: &opened)
                return total + opened.readableBytes
            }
        }
        print("| step | per frame, byte arrays | per frame, `ByteBuffer`s |")
        print("| --- | ---: | ---: |")
        print("| seal (`FrameSealer.seal`: plaintext in, ciphertext ‖ tag out) | \(nanoseconds(arrays.seal)) | \(nanoseconds(buffers.seal)) |")
        print("| open (`FrameOpener.open`) | \(nanoseconds(arrays.open)) | \(nanoseconds(buffers.open)) |")
        print("| seal + open | \(nanoseconds(arrays.seal + arrays.open)) | \(nanoseconds(buffers.seal + buffers.open)) |")
    }

    /// Median seconds per frame to seal `frames` frames (`seal` returns them) and to open them all (`open` returns
    /// the plaintext bytes it got back, checked against what was sealed).
    private func measure<Frame>(
        seal: () throws -> [Frame], open: ([Frame]) throws -> Int
    ) throws -> (seal: Double, open: Double) {
        var sealSamples: [Double] = []
        var openSamples: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<rounds {
            let sealStart = clock.now
            let sealed = try seal()
            let openStart = clock.now
            let opened = try open(sealed)
            let end = clock.now
            guard opened == frames * payload else { throw ValidationError("opened \(opened) bytes, sealed more") }
            sealSamples.append(Measure.seconds(openStart - sealStart) / Double(frames))
            openSamples.append(Measure.seconds(end - openStart) / Double(frames))
        }
        return (Measure.median(sealSamples), Measure.median(openSamples))
    }
}

/// A per-frame duration in whole nanoseconds ("1,234 ns"), fine enough to compare sealing variants.
private func nanoseconds(_ seconds: Double) -> String {
    (seconds * 1e9).formatted(.number.precision(.fractionLength(0))) + " ns"
}
