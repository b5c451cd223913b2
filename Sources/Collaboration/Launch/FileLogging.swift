import Foundation
import Logging

/// swift-log to a file: the terminal belongs to the editor (and stdout to a peer's script), so logs go to a file
/// (`$XDG_STATE_HOME/coedit/coedit.log` by default, `--log FILE` to choose). Lines: `TIME LEVEL LABEL: MESSAGE`.
public enum FileLogging {
    /// A logger appending to `path` (created with mode 0600), or nil when the file cannot be opened.
    public static func logger(label: String, path: String, level: Logger.Level = .info) -> Logger? {
        guard let sink = FileLogSink(path: path) else { return nil }
        var logger = Logger(label: label) { label in FileLogHandler(label: label, sink: sink) }
        logger.logLevel = level
        return logger
    }

    /// The default log file for `environment`: `$XDG_STATE_HOME/coedit/coedit.log`, else
    /// `~/.local/state/coedit/coedit.log`; nil without either variable.
    public static func defaultPath(environment: [String: String]) -> String? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/coedit/coedit.log" }
        guard let home = environment["HOME"], home.hasPrefix("/") else { return nil }
        return home + "/.local/state/coedit/coedit.log"
    }
}

/// Appends lines to a file (thread-safe: one `write` per line on an append-only descriptor).
final class FileLogSink: Sendable {
    private let handle: FileHandle

    init?(path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { return nil }
        handle.seekToEndOfFile()
        self.handle = handle
    }

    func write(_ line: String) {
        handle.write(Data((line + "\n").utf8))
    }
}

/// A swift-log handler writing `TIME LEVEL LABEL: MESSAGE key=value...` lines to a `FileLogSink`.
struct FileLogHandler: LogHandler {
    let label: String
    let sink: FileLogSink
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let extra = metadata.merging(event.metadata ?? [:]) { $1 }.sorted { $0.key < $1.key }
            .map { " \($0.key)=\($0.value)" }.joined()
        sink.write("\(Date()) \(event.level) \(label): \(event.message)\(extra)")
    }
}
