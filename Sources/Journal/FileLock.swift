#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive advisory lock (`flock`) on a small file beside the journal, held while a journal is open for
/// writing, so that a second host of the same document gets `JournalError.Reason.inUse` instead of interleaving
/// revisions. The kernel releases it when the process dies (kill -9 included).
final class FileLock: Sendable {
    /// The open lock file's descriptor.
    private let descriptor: Int32

    /// How long a busy lock is retried before the journal counts as in use, in milliseconds.
    ///
    /// A lock just released can stay held for a moment: a child process forked by another thread of the same
    /// program shares the lock's open file until it calls exec (`O_CLOEXEC` closes it only then).
    static let busyRetryMilliseconds = 500

    /// Takes the lock on `path` (created 0600 if missing), retrying a busy lock for `busyRetryMilliseconds`.
    ///
    /// - Throws: `.inUse` when another process holds it, `.storage` when the file cannot be opened.
    init(path: String) throws(JournalError.Reason) {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .storage("cannot open the lock file \(path): \(String(cString: strerror(errno)))") }
        var waited = 0
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EWOULDBLOCK && waited < Self.busyRetryMilliseconds {
                usleep(10_000)
                waited += 10
                continue
            }
            close(fd)
            if code == EWOULDBLOCK { throw .inUse }
            throw .storage("cannot lock \(path): \(String(cString: strerror(code)))")
        }
        descriptor = fd
    }

    deinit {
        close(descriptor)
    }
}

/// Small file-system helpers of the journal (POSIX, so that durability steps are explicit).
enum FileSystem {
    /// The size in bytes of the file at `path` and its first `count` bytes, or `nil` when it does not exist.
    static func sizeAndPrefix(of path: String, count: Int) throws(JournalError.Reason) -> (size: Int, prefix: [UInt8])?
    {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw .storage("cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw .storage("cannot stat: \(String(cString: strerror(errno)))") }
        var bytes = [UInt8](repeating: 0, count: count)
        let read = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, 0) }
        guard read >= 0 else { throw .storage("cannot read: \(String(cString: strerror(errno)))") }
        return (Int(status.st_size), Array(bytes.prefix(read)))
    }

    /// Whether something exists at `path`.
    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// Flushes the file or directory at `path` to stable storage.
    static func sync(_ path: String, directory: Bool = false) throws(JournalError.Reason) {
        let fd = open(path, (directory ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .storage("cannot open \(path) to sync: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .storage("fsync \(path): \(String(cString: strerror(errno)))") }
    }

    /// Makes `source` appear at `destination` only if nothing is there yet, then removes the name `source`.
    static func moveWithoutReplacing(_ source: String, to destination: String) throws(JournalError.Reason) {
        guard link(source, destination) == 0 else {
            let code = errno
            unlink(source)
            throw code == EEXIST
                ? .storage("\(destination) appeared while it was being created")
                : .storage("cannot create \(destination): \(String(cString: strerror(code)))")
        }
        unlink(source)
    }

    /// Removes the file at `path` if it exists.
    static func remove(_ path: String) {
        unlink(path)
    }

    /// Creates an empty file readable and writable by the user only.
    static func createPrivateFile(_ path: String) throws(JournalError.Reason) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .storage("cannot create \(path): \(String(cString: strerror(errno)))") }
        close(fd)
    }
}
