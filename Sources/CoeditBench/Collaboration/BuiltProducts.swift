import Foundation

/// The executables built beside `coedit-bench` (`Benchmarks/run` builds `coedit` and `coedit-peer` in the same
/// configuration), and a private scratch directory for the processes a benchmark starts.
enum BuiltProducts {
    /// The path of product `name` next to this executable.
    ///
    /// - Throws: `BenchmarkError` saying how to build it when it is missing.
    static func path(of name: String) throws -> String {
        let folder = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0]))
            .resolvingSymlinksInPath().deletingLastPathComponent()
        let path = folder.appendingPathComponent(name).path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw BenchmarkError("\(path) is missing: run `swift build -c release --product \(name)` (Benchmarks/run does)")
        }
        return path
    }

    /// A new empty directory under the temporary directory, and an environment for programs run in it: HOME and
    /// the XDG state and runtime directories inside it (so nothing touches the user's own), a UTF-8 locale, and
    /// `TERM=xterm-256color`.
    static func scratch(_ label: String) throws -> (directory: URL, environment: [String: String]) {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("coedit-bench-\(label)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let runtime = directory.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: runtime, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        let environment = [
            "HOME": directory.path, "XDG_STATE_HOME": directory.appendingPathComponent("state").path,
            "XDG_RUNTIME_DIR": runtime.path, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "xterm-256color", "USER": "bench",
        ]
        return (directory, environment)
    }
}
