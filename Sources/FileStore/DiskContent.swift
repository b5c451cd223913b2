#if canImport(Glibc)
import Glibc
#endif

/// What a document's file holds now, compared with a fingerprint of what was last read or written: the host's
/// check for outside edits during a session (`DocumentFile.content(at:comparedWith:)`).
public enum DiskContent: Hashable, Sendable {
    /// Same size and modification time as the fingerprint: not even read.
    case unchanged
    /// Touched (another modification time) but the same bytes: adopt the fingerprint to skip reading next time.
    case touched(FileFingerprint)
    /// New UTF-8 text, with the fingerprint of what was read.
    case text(String, FileFingerprint)
    /// Something that is not a text file any more (binary, invalid UTF-8, a directory...): why, and the
    /// fingerprint of what was read (nil when nothing could be read).
    case notText(reason: String, FileFingerprint?)
    /// The file does not exist.
    case missing
}

extension DocumentFile {
    /// Looks at the file at `path`: one `stat` when size and modification time match `known`; otherwise the file
    /// is read, hashed and checked like `open` does.
    public static func content(at path: String, comparedWith known: FileFingerprint?) -> DiskContent {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            return code == ENOENT ? .missing : .notText(reason: FileStoreError.reason(errno: code), nil)
        }
        if let known, known.hasSameStatus(as: info) { return .unchanged }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return .notText(reason: "not a regular file", nil) }
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .notText(reason: FileStoreError.reason(errno: errno), nil) }
        defer { close(descriptor) }
        var opened = stat()
        guard fstat(descriptor, &opened) == 0 else { return .notText(reason: FileStoreError.reason(errno: errno), nil) }
        let bytes: [UInt8]
        do throws(FileStoreError) {
            bytes = try readAll(descriptor, sizeHint: Int(opened.st_size), path: path)
        } catch {
            return .notText(reason: error.description, nil)
        }
        return bytes.withUnsafeBytes { buffer in
            let fingerprint = FileFingerprint(info: opened, bytes: buffer)
            if let known, known.size == fingerprint.size, known.contentHash == fingerprint.contentHash {
                return .touched(fingerprint)
            }
            do throws(FileStoreError) {
                return .text(try TextValidation.text(of: buffer, displayName: path), fingerprint)
            } catch {
                return .notText(reason: error.description, fingerprint)
            }
        }
    }

    /// Takes `fingerprint` as what the file now holds (an outside edit merged into the session, or a touched
    /// file), so that saving does not report it as changed on disk.
    public mutating func adopt(_ fingerprint: FileFingerprint) {
        self.fingerprint = fingerprint
    }
}
