import DiffMatchPatch
import Foundation

/// Issue 2's diff-match-patch workloads, timed for coedit here and for the Python and C++ references by
/// Benchmarks/dmp_reference.py on the very same inputs (written to a temporary directory), in the same run.
///
/// (a) 1 MB text, one character changed in the middle; (b) 200 KB text, 200 scattered line edits; (c) patch make
/// and patch text of (b); (d) patch apply of (c) onto the original; (e) two ~13 KB texts that differ throughout.
/// Every workload uses the reference defaults (diff timeout 1 s, line mode on).
struct DiffMatchPatchBenchmark {
    /// The texts of each workload.
    struct Inputs {
        var a1: String, a2: String, b1: String, b2: String, e1: String, e2: String

        init() {
            var text = BenchmarkText(seed: 2026)
            let a = text.lines(totalBytes: 1_000_000).joinedLines
            var aScalars = Array(a.unicodeScalars)
            aScalars[aScalars.count / 2] = aScalars[aScalars.count / 2] == "x" ? "y" : "x"
            a1 = a
            a2 = String(String.UnicodeScalarView(aScalars))
            let bLines = text.lines(totalBytes: 200_000)
            b1 = bLines.joinedLines
            b2 = text.editingLines(bLines, count: 200).joinedLines
            let eLines = text.lines(totalBytes: 13_000)
            e1 = eLines.joinedLines
            e2 = text.editingEveryLine(eLines).joinedLines
        }

        func write(to directory: URL) throws {
            let files = ["a1": a1, "a2": a2, "b1": b1, "b2": b2, "e1": e1, "e2": e2]
            for (name, text) in files {
                try Data(text.utf8).write(to: directory.appendingPathComponent(name))
            }
        }
    }

    /// What the reference harness printed.
    struct ReferenceTimes: Decodable {
        var python: [String: Double]
        var cpp: [String: Double]
        var patch_text_b: String
        var versions: [String: String]
    }

    func run() throws -> (rows: [BenchmarkRow], notes: [String]) {
        let inputs = Inputs()
        let dmp = DiffMatchPatch()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("coedit-dmp-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try inputs.write(to: directory)

        let patchesB = dmp.patches(from: inputs.b1, to: inputs.b2)
        let patchTextB = DiffMatchPatch.patchText(patchesB)
        let swift: [String: Double] = [
            "a": Measure.medianSeconds { dmp.diff(inputs.a1, inputs.a2) },
            "b": Measure.medianSeconds { dmp.diff(inputs.b1, inputs.b2) },
            "c": Measure.medianSeconds { DiffMatchPatch.patchText(dmp.patches(from: inputs.b1, to: inputs.b2)) },
            "d": try Measure.medianSeconds {
                dmp.apply(try DiffMatchPatch.patches(fromText: patchTextB), to: inputs.b1)
            },
            "e": Measure.medianSeconds { dmp.diff(inputs.e1, inputs.e2) },
        ]
        let references = try runReferences(directory)

        var notes = [
            "references: diff-match-patch \(references.versions["diff-match-patch"] ?? "?") (pure Python), "
                + "fast-diff-match-patch \(references.versions["fast-diff-match-patch"] ?? "?") (C++), "
                + "Python \(references.versions["python"] ?? "?")",
            patchTextB == references.patch_text_b
                ? "patch text of (b) is byte-identical to the Python reference's (\(patchTextB.utf8.count) bytes)"
                : "WARNING: patch text of (b) differs from the Python reference's",
        ]
        let applied = dmp.apply(patchesB, to: inputs.b1)
        if applied.text != inputs.b2 || applied.applied.contains(false) {
            notes.append("WARNING: patch apply of (b) did not reproduce the target text")
        }

        let names = [
            "a": "(a) diff, 1 MB, one char changed in the middle",
            "b": "(b) diff, 200 KB, 200 scattered line edits",
            "c": "(c) patch make + patch text of (b)",
            "d": "(d) patch parse + apply of (c) onto the original",
            "e": "(e) diff, two ~13 KB texts differing throughout",
        ]
        let rows = ["a", "b", "c", "d", "e"].map { key -> BenchmarkRow in
            let python = references.python[key]
            let cpp = references.cpp[key]
            let (fastest, fastestName): (Double?, String) =
                switch (python, cpp) {
                case let (p?, c?): c < p ? (c, "C++ \(formatSeconds(c)) / Python \(formatSeconds(p))")
                    : (p, "Python \(formatSeconds(p)) / C++ \(formatSeconds(c))")
                case let (p?, nil): (p, "Python \(formatSeconds(p)) (the C++ wrapper has no patch apply)")
                case let (nil, c?): (c, "C++ \(formatSeconds(c))")
                case (nil, nil): (nil, "—")
                }
            return BenchmarkRow(name: names[key]!, coedit: swift[key]!, reference: fastest, referenceName: fastestName)
        }
        return (rows, notes)
    }

    private func runReferences(_ directory: URL) throws -> ReferenceTimes {
        try JSONDecoder().decode(
            ReferenceTimes.self, from: PythonScript.run("dmp_reference.py", arguments: [directory.path]))
    }
}

/// A benchmark that could not run, with the reason.
struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
