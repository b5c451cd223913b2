#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Where the `coedit` binary under test is, and a scratch directory with HOME and XDG_STATE_HOME for one test.
final class EndToEndEnvironment {
    /// The `coedit` executable built beside this test bundle (`swift test` builds it because the test target
    /// depends on the executable target).
    static func coeditBinary() throws -> String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        var candidates = [URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("coedit").path]
        for bundle in Bundle.allBundles {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("coedit").path)
        }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw EndToEndFailure(
                "the coedit binary was not found beside the tests (looked at \(candidates)); run `swift build` first")
        }
        return found
    }

    /// The scratch directory (removed on deinit).
    let root: String
    /// The documents directory inside it (the editor's working directory).
    let documents: String

    init() throws {
        var template = Array("/tmp/coedit-e2e-XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw EndToEndFailure("mkdtemp failed")
        }
        root = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        chmod(root, 0o755)
        documents = root + "/docs"
        try FileManager.default.createDirectory(atPath: documents, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/home", withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// HOME, XDG_STATE_HOME (and nothing else of the test runner's environment).
    var variables: [String: String] {
        ["HOME": root + "/home", "XDG_STATE_HOME": root + "/home/state"]
    }

    /// The recovery directory coedit uses under these variables.
    var recoveryDirectory: String { root + "/home/state/coedit/recovery" }

    /// The path of `name` in the documents directory.
    func path(_ name: String) -> String { documents + "/" + name }

    /// Writes raw bytes to `name`.
    func write(_ bytes: [UInt8], to name: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path(name)))
    }

    /// The bytes of `name`, nil if it does not exist.
    func bytes(of name: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path(name)).map { Array($0) }
    }

    /// Writes `text` to `name` (UTF-8) and opens it in coedit; returns when the editor has drawn its help bar.
    func openEditor(_ name: String, text: String?, options: [String] = [], columns: Int = 100, rows: Int = 20,
        extraVariables: [String: String] = [:]) throws -> TmuxSession
    {
        if let text { try write(Array(text.utf8), to: name) }
        let session = try startCoedit([name] + options, columns: columns, rows: rows, extraVariables: extraVariables)
        do {
            try session.waitFor("^G Help")
        } catch {
            session.close()
            throw error
        }
        return session
    }

    /// The recovery files coedit wrote (full paths), sorted.
    func recoveryFiles() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: recoveryDirectory)) ?? []
        return names.filter { $0.hasSuffix(".recovery") }.sorted().map { recoveryDirectory + "/" + $0 }
    }

    /// The text part of a recovery file (everything after its one-line header).
    func recoveredText(in path: String) -> [UInt8]? {
        guard let bytes = FileManager.default.contents(atPath: path).map(Array.init),
            let newline = bytes.firstIndex(of: 0x0A)
        else { return nil }
        return Array(bytes[(newline + 1)...])
    }

    /// Starts `coedit arguments...` in a private tmux server in the documents directory.
    func startCoedit(_ arguments: [String], columns: Int = 120, rows: Int = 40, extraVariables: [String: String] = [:])
        throws -> TmuxSession
    {
        try TmuxSession(command: [try Self.coeditBinary()] + arguments,
            environment: variables.merging(extraVariables) { _, new in new }, directory: documents,
            columns: columns, rows: rows)
    }

    /// Starts `coedit arguments...` in a new pane beside `neighbour` (same tmux window, split left | right).
    func startCoedit(
        _ arguments: [String], beside neighbour: TmuxSession, extraVariables: [String: String] = [:]
    ) throws -> TmuxSession {
        try neighbour.split(command: [try Self.coeditBinary()] + arguments,
            environment: variables.merging(extraVariables) { _, new in new }, directory: documents)
    }
}
