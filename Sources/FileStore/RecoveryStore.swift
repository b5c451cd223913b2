#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Unsaved text rescued when a session ended without saving (SIGHUP when an SSH connection drops, SIGTERM).
public struct RecoveredDocument: Hashable, Sendable {
    /// The absolute path of the document the text belongs to.
    public var documentPath: String
    /// The unsaved text, byte for byte.
    public var text: String
    /// When it was written, in seconds since the epoch.
    public var savedAt: Int
    /// The process that wrote it.
    public var processID: Int32
    /// The fingerprint of the file on disk that the session had read (nil for a new file): if the file no longer
    /// matches it, the file also changed on disk after the session read it.
    public var baseFingerprint: FileFingerprint?
}

/// Recovery files: one per document, in `$XDG_STATE_HOME/coedit/recovery/` (default
/// `~/.local/state/coedit/recovery/`), readable only by the user (directory 0700, files 0600), written atomically.
///
/// A file's name is derived from the document's absolute path: a readable part (the file name, with unusual
/// characters replaced by `_`) and a 64-bit hash of the whole path, e.g. `notes.tex-3fa4c2e01b9d7a55.recovery`.
/// Its content is one JSON header line (`RecoveryHeader`), then the text's bytes exactly.
public struct RecoveryStore: Sendable {
    /// The directory holding the recovery files.
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// `$XDG_STATE_HOME/coedit/recovery` when XDG_STATE_HOME is an absolute path, else
    /// `$HOME/.local/state/coedit/recovery`; nil when neither is usable.
    public static func defaultDirectory(environment: [String: String]) -> String? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/coedit/recovery" }
        if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.local/state/coedit/recovery" }
        return nil
    }

    /// The recovery file for the document at `documentPath` (absolute).
    public func recoveryPath(forDocumentAt documentPath: String) -> String {
        let name = PathNames.base(of: documentPath).unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                || "._-".unicodeScalars.contains(scalar)) ? Character(scalar) : "_"
        }
        let hash = Array(documentPath.utf8).withUnsafeBytes { FileFingerprint.hash(of: $0) }
        let hex = String(hash, radix: 16)
        return "\(directory)/\(String(name.prefix(100)))-\(String(repeating: "0", count: 16 - hex.count))\(hex).recovery"
    }

    /// Writes `text` as the recovery of the document at `documentPath` (absolute), replacing an older one.
    public func write(_ text: String, forDocumentAt documentPath: String, baseFingerprint: FileFingerprint?)
        throws(FileStoreError)
    {
        try createDirectory()
        let header = RecoveryHeader(
            format: RecoveryHeader.formatName, version: RecoveryHeader.currentVersion, path: documentPath, savedAt: Int(time(nil)),
            pid: getpid(), base: baseFingerprint)
        guard let headerBytes = try? JSONEncoder().encode(header) else {
            throw FileStoreError("cannot write the recovery file: cannot encode its header")
        }
        let bytes = Array(headerBytes) + [0x0A] + Array(text.utf8)
        _ = try bytes.withUnsafeBytes { buffer in
            Result { () throws(FileStoreError) in
                try AtomicWriter().write(buffer, to: recoveryPath(forDocumentAt: documentPath), permissions: 0o600)
            }
        }.get()
    }

    /// The recovery of the document at `documentPath`, or nil when there is none.
    /// - Throws: when a recovery file exists but cannot be read or is not one coedit wrote.
    public func read(forDocumentAt documentPath: String) throws(FileStoreError) -> RecoveredDocument? {
        let path = recoveryPath(forDocumentAt: documentPath)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw FileStoreError("cannot read the recovery file \(path): \(FileStoreError.reason(errno: errno))")
        }
        defer { close(descriptor) }
        let bytes = try DocumentFile.readAll(descriptor, sizeHint: 4096, path: path)
        guard let newline = bytes.firstIndex(of: 0x0A),
            let header = try? JSONDecoder().decode(RecoveryHeader.self, from: Data(bytes[..<newline])),
            header.format == RecoveryHeader.formatName, header.path == documentPath
        else {
            throw FileStoreError("the recovery file \(path) is damaged or not coedit's; move it away to continue")
        }
        guard header.version == RecoveryHeader.currentVersion else {
            throw FileStoreError("the recovery file \(path) has format \(header.version), not \(RecoveryHeader.currentVersion)")
        }
        let content = Array(bytes[(newline + 1)...])
        guard let text = String(validating: content, as: UTF8.self) else {
            throw FileStoreError("the recovery file \(path) is damaged (its text is not valid UTF-8)")
        }
        return RecoveredDocument(
            documentPath: documentPath, text: text, savedAt: header.savedAt, processID: header.pid,
            baseFingerprint: header.base)
    }

    /// Deletes the recovery of the document at `documentPath`, if any.
    public func remove(forDocumentAt documentPath: String) {
        unlink(recoveryPath(forDocumentAt: documentPath))
    }

    /// Creates the directory and its missing parents; the last two levels (`coedit/recovery`) get mode 0700.
    private func createDirectory() throws(FileStoreError) {
        var path = ""
        for component in directory.split(separator: "/") {
            path += "/" + component
            if mkdir(path, 0o700) != 0 && errno != EEXIST {
                throw FileStoreError("cannot create \(path) for recovery files: \(FileStoreError.reason(errno: errno))")
            }
        }
    }
}

/// The first line of a recovery file (JSON).
struct RecoveryHeader: Codable {
    static let formatName = "coedit-recovery"
    static let currentVersion = 1
    var format: String
    var version: Int
    var path: String
    var savedAt: Int
    var pid: Int32
    var base: FileFingerprint?
}
