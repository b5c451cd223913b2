import EditorCore
import Foundation
import TestSupport

/// Issue 2's text-buffer figures on a 100 MB file: load, one edit anywhere, offset↔line lookups.
///
/// Each figure is set beside a reference measured in the same run on the same bytes, so the ratio means something
/// on a noisy shared machine: loading is compared with reading the file into a byte array, an edit with one insert
/// into a contiguous 100 MB byte array (what a naive gap-less buffer pays).
struct TextBufferBenchmark {
    var megabytes = 100

    func run() throws -> [BenchmarkRow] {
        var text = BenchmarkText(seed: 100)
        let bytes = Array(text.lines(totalBytes: megabytes * 1_000_000).joinedLines.utf8)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("coedit-bench-\(getpid()).txt")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }

        let read = try Measure.onceSeconds { try Array(Data(contentsOf: url)) }
        let load = try Measure.onceSeconds { try TextBuffer(validatingUTF8: Array(Data(contentsOf: url))) }
        var buffer = load.value

        var generator = SeededGenerator(seed: 7)
        let editCount = 2_000
        let offsets = (0..<editCount).map { _ in Int.random(in: 0...buffer.scalarCount, using: &generator) }
        let clock = ContinuousClock()
        var editSamples: [Double] = []
        for offset in offsets {
            let t0 = clock.now
            buffer.insert("é", at: min(offset, buffer.scalarCount))
            editSamples.append(Measure.seconds(clock.now - t0))
        }
        var flat = read.value
        var arraySamples: [Double] = []
        for offset in offsets.prefix(50) {
            let t0 = clock.now
            flat.insert(0x41, at: min(offset, flat.count))
            arraySamples.append(Measure.seconds(clock.now - t0))
        }

        let lookups = 100_000
        let probes = (0..<lookups).map { _ in Int.random(in: 0...buffer.scalarCount, using: &generator) }
        var checksum = 0
        let lineLookup = Measure.onceSeconds {
            for offset in probes { checksum &+= buffer.lineStart(buffer.lineIndex(containing: offset)) }
        }
        _ = Measure.blackHole(checksum)

        let editMedian = Measure.median(editSamples)
        let arrayMedian = Measure.median(arraySamples)
        let perLookup = lineLookup.seconds / Double(lookups)
        return [
            BenchmarkRow(
                name: "load \(megabytes) MB (read + validate + build rope)", coedit: load.seconds,
                reference: read.seconds, referenceName: "read file into [UInt8]"),
            BenchmarkRow(
                name: "one insert anywhere in \(megabytes) MB (median of \(editCount))", coedit: editMedian,
                reference: arrayMedian, referenceName: "insert into contiguous [UInt8]"),
            BenchmarkRow(
                name: "offset → line → line start (mean of \(lookups))", coedit: perLookup, reference: nil,
                referenceName: "—"),
        ]
    }
}
