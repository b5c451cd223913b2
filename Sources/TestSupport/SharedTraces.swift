import Foundation

/// The editing traces in `../shared/traces/` beside the repository (read-only data; see its README).
public enum SharedTraces {
    /// Why a trace could not be read.
    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The path of `name` (e.g. "automerge-paper.json.gz"): `<root>/../shared/traces/NAME`, or one level further
    /// up when the package is a git worktree under `<main>/../wt/NAME`.
    public static func url(of name: String) -> URL {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let candidates = ["../shared", "../../shared"].map {
            root.appendingPathComponent($0 + "/traces/" + name).standardized
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) } ?? candidates[0]
    }

    /// The gunzipped bytes of trace `name` (through `/bin/gzip -dc`), or, when the environment variable
    /// `COEDIT_UNZIPPED_TRACES` names a directory, the file there named `name` without its `.gz` (for runs where a
    /// child process cannot be started, such as under valgrind: `Benchmarks/instructions`).
    public static func data(of name: String) throws -> Data {
        if let directory = ProcessInfo.processInfo.environment["COEDIT_UNZIPPED_TRACES"] {
            let plain = name.hasSuffix(".gz") ? String(name.dropLast(3)) : name
            return try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(plain))
        }
        let url = url(of: name)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw LoadError(description: "gzip -dc \(url.path) failed") }
        return data
    }
}
