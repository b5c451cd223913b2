import Foundation

/// What a host publishes about its session for joiners run by the same user on the same machine.
///
/// Stored as JSON in the session directory (`SessionDirectory`), readable only by that user: it holds the secrets.
public struct SessionRecord: Codable, Hashable, Sendable {
    /// The format of this record (1).
    public var format: Int
    /// The shared document's absolute path on the host.
    public var path: String
    /// The host process.
    public var processID: Int32
    /// When that process started, in clock ticks since boot (Linux `/proc/PID/stat` field 22), to tell a live host
    /// from an unrelated process that got its pid after a crash; nil where unknown.
    public var processStart: UInt64?
    /// The address a local joiner connects to (e.g. `127.0.0.1`).
    public var host: String
    /// The port the host listens on.
    public var port: Int
    /// The editor secret.
    public var editorSecret: String
    /// The read-only guest secret, if the session has one.
    public var readOnlySecret: String?

    /// A record of format 1; `processID` and `processStart` default to this process.
    public init(
        path: String, host: String, port: Int, editorSecret: String, readOnlySecret: String? = nil,
        processID: Int32 = ProcessLiveness.currentProcessID,
        processStart: UInt64? = ProcessLiveness.startTime(of: ProcessLiveness.currentProcessID)
    ) {
        format = 1
        self.path = path
        self.processID = processID
        self.processStart = processStart
        self.host = host
        self.port = port
        self.editorSecret = editorSecret
        self.readOnlySecret = readOnlySecret
    }

    /// The join command a partner on another machine types, e.g. `coedit notes.tex --join 192.168.1.5:7878 --token …`.
    public static func joinCommand(fileName: String, address: String, secret: String) -> String {
        "coedit \(ShellQuoting.quoted(fileName)) --join \(address) --token \(ShellQuoting.quoted(secret))"
    }
}

/// Quoting for command lines shown to the user.
enum ShellQuoting {
    /// `word` as is when it needs no quoting, else in single quotes.
    static func quoted(_ word: String) -> String {
        let plain = word.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || scalar.properties.numericType != nil || "-_./:@%+=,".unicodeScalars.contains(scalar)
        }
        if plain && !word.isEmpty { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
