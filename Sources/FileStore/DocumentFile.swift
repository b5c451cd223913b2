#if canImport(Glibc)
import Glibc
#endif

/// The file an editor session edits: how it was read, how to save it atomically, and whether someone else changed
/// it on disk in the meantime.
///
/// Content is kept byte for byte: CRLF or LF line endings, a missing final newline and a byte-order mark all come
/// back unchanged when the same text is saved.
public struct DocumentFile: Sendable {
    /// The path as the user gave it (used in messages).
    public let path: String
    /// The absolute, normalised path (used to name the recovery file).
    public let absolutePath: String
    /// How the file looked when last read or saved; nil while it does not exist (a new document).
    public internal(set) var fingerprint: FileFingerprint?

    /// The result of comparing the file on disk with what was last read or saved.
    public enum DiskState: Hashable, Sendable {
        case unchanged
        /// The content differs (or it was created since a new document was opened).
        case changed
        /// It existed and is now gone.
        case deleted
    }

    /// Why a save did not happen.
    public enum SaveError: Error, Hashable, Sendable {
        /// The file changed on disk since it was read; save again with `overwritingExternalChanges` to replace it.
        case changedOnDisk
        /// The write failed; the reason is one line, and the file on disk is as it was.
        case failed(FileStoreError)
    }

    private var writer = AtomicWriter()

    /// Opens `path`: reads and checks its text, or starts an empty new document when the file does not exist.
    ///
    /// - Throws: a one-line reason for a directory, a special file, an unreadable file, a binary file (NUL byte)
    ///   or a file that is not valid UTF-8 (with the byte offset and line).
    public static func open(_ path: String) throws(FileStoreError) -> (file: DocumentFile, text: String) {
        guard !path.isEmpty else { throw FileStoreError("no file name given") }
        var file = DocumentFile(path: path, absolutePath: PathNames.absolute(path))
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            let code = errno
            if code == ENOENT, PathNames.directory(of: path) == "." || Self.isDirectory(PathNames.directory(of: path)) {
                return (file, "")  // a new file, created on the first save
            }
            if code == ENOENT {
                throw FileStoreError("cannot open \(path): the directory \(PathNames.directory(of: path)) does not exist")
            }
            throw FileStoreError("cannot open \(path): \(FileStoreError.reason(errno: code))")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw FileStoreError("cannot open \(path): \(FileStoreError.reason(errno: errno))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw FileStoreError("cannot open \(path): it is a directory")
        default: throw FileStoreError("cannot open \(path): not a regular file")
        }
        let bytes = try readAll(descriptor, sizeHint: Int(info.st_size), path: path)
        let result = bytes.withUnsafeBytes { buffer in
            file.fingerprint = FileFingerprint(info: info, bytes: buffer)
            return Result { () throws(FileStoreError) in try TextValidation.text(of: buffer, displayName: path) }
        }
        return (file, try result.get())
    }

    private init(path: String, absolutePath: String) {
        self.path = path
        self.absolutePath = absolutePath
    }

    /// Saves `text` atomically. Unless `overwritingExternalChanges`, refuses with `.changedOnDisk` when the file
    /// changed on disk since it was read or last saved. On success the fingerprint describes the new content.
    public mutating func save(_ text: String, overwritingExternalChanges: Bool = false) throws(SaveError) {
        if !overwritingExternalChanges && diskState() != .unchanged { throw .changedOnDisk }
        var utf8 = text
        let result = utf8.withUTF8 { buffer in
            let bytes = UnsafeRawBufferPointer(buffer)
            return Result { () throws(FileStoreError) in
                FileFingerprint(info: try writer.write(bytes, to: path), bytes: bytes)
            }
        }
        switch result {
        case .success(let written): fingerprint = written
        case .failure(let error): throw .failed(error)
        }
    }

    /// Compares the file on disk with the fingerprint of the last read or save. Size and modification time
    /// decide when they match; otherwise the content is hashed, so a `touch` alone is not a change.
    public func diskState() -> DiskState {
        var info = stat()
        guard stat(path, &info) == 0 else { return fingerprint == nil ? .unchanged : .deleted }
        guard let fingerprint else { return .changed }
        if fingerprint.hasSameStatus(as: info) { return .unchanged }
        guard Int(info.st_size) == fingerprint.size, let bytes = try? Self.readContent(path) else { return .changed }
        let hash = bytes.withUnsafeBytes { FileFingerprint.hash(of: $0) }
        return hash == fingerprint.contentHash ? .unchanged : .changed
    }

    /// Why a save would fail, checked now without writing ("the file is read-only", "its directory is
    /// read-only"), or nil when it may succeed. Root may write anything.
    public var saveObstacle: String? { AtomicWriter.obstacle(toSaving: path) }

    /// Replaces the writer (tests simulate failing system calls).
    mutating func useWriter(_ writer: AtomicWriter) {
        self.writer = writer
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    private static func readContent(_ path: String) throws(FileStoreError) -> [UInt8] {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileStoreError("cannot open \(path): \(FileStoreError.reason(errno: errno))") }
        defer { close(descriptor) }
        var info = stat()
        fstat(descriptor, &info)
        return try readAll(descriptor, sizeHint: Int(info.st_size), path: path)
    }

    /// Reads until end of file (the size may change while reading).
    static func readAll(_ descriptor: Int32, sizeHint: Int, path: String) throws(FileStoreError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: max(sizeHint, 0) + 1)
        var count = 0
        while true {
            if count == bytes.count { bytes += [UInt8](repeating: 0, count: max(65_536, bytes.count)) }
            let received = bytes.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress! + count, buffer.count - count)
            }
            if received > 0 {
                count += received
            } else if received == 0 {
                break
            } else if errno != EINTR {
                throw FileStoreError("cannot read \(path): \(FileStoreError.reason(errno: errno))")
            }
        }
        bytes.removeLast(bytes.count - count)
        return bytes
    }
}
