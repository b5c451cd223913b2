import Foundation

/// The Python reference harnesses in `Benchmarks/` (run with `python3` from the PATH; `Benchmarks/run` installs
/// their packages).
enum PythonScript {
    /// The path of `Benchmarks/NAME` in this package.
    static func path(of name: String) -> String {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Benchmarks/\(name)").path
    }

    /// Runs `Benchmarks/NAME ARGUMENTS...` and returns its standard output.
    ///
    /// - Throws: `BenchmarkError` when it cannot start or exits with a non-zero status.
    static func run(_ name: String, arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", path(of: name)] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchmarkError("reference harness failed (exit \(process.terminationStatus)): \(path(of: name))")
        }
        return data
    }

    /// Runs the script and parses its output as one JSON object.
    static func runJSON(_ name: String, arguments: [String]) throws -> [String: Any] {
        let data = try run(name, arguments: arguments)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw BenchmarkError("\(name) did not print a JSON object")
        }
        return object
    }
}
