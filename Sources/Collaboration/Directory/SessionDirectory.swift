#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import SyncEngine

/// The runtime directory where hosts publish their sessions, so that a joiner run by the same user on the same
/// machine finds a session and its secret by itself.
///
/// Location: `$XDG_RUNTIME_DIR/coedit/` when that variable names an absolute path, else
/// `~/.local/state/coedit/sessions/`. The directory is created with mode 0700 and must be owned by the user and
/// closed to others (a wider mode on a directory of ours is narrowed; someone else's directory is refused). One file
/// per shared document, `session-HASH.json` where HASH is the 64-bit FNV-1a of the document's absolute path, mode
/// 0600, written atomically (a temporary file renamed into place) and removed when the host exits. A file whose
/// process is gone (or whose pid now belongs to another process) is stale: ignored and removed. Files that are not
/// regular, not ours, or readable by others are ignored.
public struct SessionDirectory: Sendable {
    /// The directory's absolute path.
    public let path: String

    /// The directory at `path` (tests use a scratch one).
    public init(path: String) {
        self.path = path
    }

    /// The default directory for `environment` (see the type notes); nil when neither `XDG_RUNTIME_DIR` nor
    /// `HOME` is usable.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> SessionDirectory?
    {
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") {
            return SessionDirectory(path: runtime + "/coedit")
        }
        guard let home = environment["HOME"], home.hasPrefix("/") else { return nil }
        return SessionDirectory(path: home + "/.local/state/coedit/sessions")
    }

    /// The file that describes the session of the document at `documentPath` (absolute).
    public func filePath(for documentPath: String) -> String {
        "\(path)/session-\(TextHash(of: documentPath)).json"
    }

    /// Writes `record` (creating the directory as needed); returns the handle that removes it again.
    ///
    /// - Throws: `SessionDirectoryError` when the directory is unsafe or the file cannot be written.
    public func publish(_ record: SessionRecord) throws(SessionDirectoryError) -> PublishedSession {
        try prepareDirectory()
        let destination = filePath(for: record.path)
        let temporary = "\(path)/.session-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        let bytes: [UInt8]
        do {
            bytes = Array(try JSONEncoder().encode(record))
        } catch {
            throw .unwritable(destination, reason: "\(error)")
        }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .unwritable(temporary, reason: Self.errorText()) }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == bytes.count, synced, rename(temporary, destination) == 0 else {
            let reason = Self.errorText()
            unlink(temporary)
            throw .unwritable(destination, reason: reason)
        }
        return PublishedSession(filePath: destination, processID: record.processID)
    }

    /// The live session sharing the document at `documentPath`, or nil (none, stale, or unsafe).
    public func find(documentPath: String) -> SessionRecord? {
        guard let record = readRecord(filePath(for: documentPath)), record.path == documentPath else { return nil }
        return record
    }

    /// Every live session in the directory (stale files are removed on the way).
    public func liveSessions() -> [SessionRecord] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [] }
        return names.filter { $0.hasPrefix("session-") && $0.hasSuffix(".json") }.sorted()
            .compactMap { readRecord("\(path)/\($0)") }
    }

    /// The record in `file` if it is safe to trust and its host is alive; removes it when stale.
    private func readRecord(_ file: String) -> SessionRecord? {
        let fd = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_uid == geteuid(),
            info.st_mode & 0o077 == 0, info.st_size < 65_536
        else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        guard read(fd, &bytes, bytes.count) == bytes.count,
            let record = try? JSONDecoder().decode(SessionRecord.self, from: Data(bytes)), record.format == 1
        else { return nil }
        guard ProcessLiveness.isAlive(pid: record.processID, start: record.processStart) else {
            unlink(file)
            return nil
        }
        return record
    }

    /// Creates the directory (0700) and checks that it is ours and closed to others.
    private func prepareDirectory() throws(SessionDirectoryError) {
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .unsafeDirectory(path, reason: "cannot create it: \(error.localizedDescription)")
        }
        var info = stat()
        guard lstat(path, &info) == 0 else { throw .unsafeDirectory(path, reason: Self.errorText()) }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw .unsafeDirectory(path, reason: "not a directory") }
        guard info.st_uid == geteuid() else { throw .unsafeDirectory(path, reason: "owned by another user") }
        if info.st_mode & 0o077 != 0 && chmod(path, 0o700) != 0 {
            throw .unsafeDirectory(path, reason: "open to other users and cannot be narrowed: \(Self.errorText())")
        }
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}

/// A published session file; `remove()` deletes it (when it still describes this process).
public struct PublishedSession: Sendable {
    /// The file's path.
    public let filePath: String
    /// The process that published it.
    let processID: Int32

    /// Deletes the file unless another process has replaced it meanwhile.
    public func remove() {
        let fd = open(filePath, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return }
        var bytes = [UInt8](repeating: 0, count: 65_536)
        let count = read(fd, &bytes, bytes.count)
        close(fd)
        guard count > 0,
            let record = try? JSONDecoder().decode(SessionRecord.self, from: Data(bytes[..<count])),
            record.processID == processID
        else { return }
        unlink(filePath)
    }
}

/// Why the session directory could not be used.
public enum SessionDirectoryError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The directory cannot be created or is not safe for secrets.
    case unsafeDirectory(String, reason: String)
    /// The session file cannot be written.
    case unwritable(String, reason: String)

    public var description: String {
        switch self {
        case .unsafeDirectory(let path, let reason): "session directory \(path) is unusable: \(reason)"
        case .unwritable(let path, let reason): "cannot write the session file \(path): \(reason)"
        }
    }
}
