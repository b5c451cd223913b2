#if canImport(Glibc)
import Glibc
#endif

/// Writes a file so that it is always either the old content or the new content, never a mix or a truncation.
///
/// Steps: create a temporary file in the same directory (same file system, so the rename is atomic), write every
/// byte, set the permissions (and owner, best effort) of the file being replaced, `fsync` it, `rename` it over
/// the target, then `fsync` the directory so the rename itself survives a power loss. On any failure the
/// temporary file is removed and the target is untouched.
///
/// Limitations: the file is replaced, not rewritten, so hard links to the old file keep the old content, and
/// extended attributes and ACLs are not copied. A symbolic link is followed: the file it points to is replaced.
struct AtomicWriter: Sendable {
    /// The system calls that can fail with an I/O error; tests replace them to simulate a full disk.
    var writeCall: @Sendable (Int32, UnsafeRawPointer, Int) -> Int = { Glibc.write($0, $1, $2) }
    var fsyncCall: @Sendable (Int32) -> Int32 = { Glibc.fsync($0) }

    /// Replaces (or creates) the file at `path` with `bytes`.
    ///
    /// - Parameter permissions: the mode for a new file (existing files keep theirs). Default: 0666 minus umask.
    /// - Returns: the status of the written file.
    @discardableResult
    func write(_ bytes: UnsafeRawBufferPointer, to path: String, permissions: mode_t? = nil) throws(FileStoreError)
        -> stat
    {
        let target = Self.resolvingSymbolicLink(path)
        let directory = PathNames.directory(of: target)
        var existing = stat()
        let exists = stat(target, &existing) == 0
        if exists && (existing.st_mode & S_IFMT) != S_IFREG {
            throw FileStoreError("cannot save \(path): not a regular file")
        }
        if exists && faccessat(AT_FDCWD, target, W_OK, AT_EACCESS) != 0 {
            throw FileStoreError("cannot save \(path): \(FileStoreError.reason(errno: errno)) (the file is read-only)")
        }
        var template = Array("\(directory)/.\(PathNames.base(of: target)).coedit-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            let code = errno
            let reason = code == ENOENT ? "the directory \(directory) does not exist" : FileStoreError.reason(errno: code)
            throw FileStoreError("cannot save \(path): \(reason)")
        }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var isOpen = true
        do throws(FileStoreError) {
            try writeAll(bytes, to: descriptor, path: path)
            let mode = exists ? existing.st_mode & 0o7777 : (permissions ?? Self.defaultPermissions())
            if fchmod(descriptor, mode) != 0 {
                throw FileStoreError("cannot save \(path): cannot set permissions: \(FileStoreError.reason(errno: errno))")
            }
            if exists && (existing.st_uid != geteuid() || existing.st_gid != getegid()) {
                _ = fchown(descriptor, existing.st_uid, existing.st_gid)  // best effort: only root may give files away
            }
            if fsyncCall(descriptor) != 0 {
                throw FileStoreError("cannot save \(path): \(FileStoreError.reason(errno: errno))")
            }
            var written = stat()
            fstat(descriptor, &written)
            isOpen = false
            if close(descriptor) != 0 {
                throw FileStoreError("cannot save \(path): \(FileStoreError.reason(errno: errno))")
            }
            if rename(temporary, target) != 0 {
                throw FileStoreError("cannot save \(path): \(FileStoreError.reason(errno: errno))")
            }
            Self.synchronizeDirectory(directory)
            return written
        } catch {
            if isOpen { close(descriptor) }
            unlink(temporary)
            throw error
        }
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, path: String) throws(FileStoreError) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let count = writeCall(descriptor, base + offset, min(bytes.count - offset, 1 << 30))
            if count > 0 {
                offset += count
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                let code = count == 0 ? ENOSPC : errno
                throw FileStoreError("cannot save \(path): \(FileStoreError.reason(errno: code))")
            }
        }
    }

    /// Why `write` would refuse `path` for its permissions, checked without writing: the existing file (after
    /// symbolic links) or its directory is not writable by this process. Nil when a write may succeed.
    static func obstacle(toSaving path: String) -> String? {
        let target = resolvingSymbolicLink(path)
        var existing = stat()
        if stat(target, &existing) == 0, faccessat(AT_FDCWD, target, W_OK, AT_EACCESS) != 0 {
            return "the file is read-only"
        }
        let directory = PathNames.directory(of: target)
        return faccessat(AT_FDCWD, directory, W_OK | X_OK, AT_EACCESS) == 0 ? nil : "its directory is read-only"
    }

    /// The path a symbolic link points to (resolved fully), or `path` itself.
    static func resolvingSymbolicLink(_ path: String) -> String {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK, let resolved = realpath(path, nil) else {
            return path
        }
        defer { free(resolved) }
        return String(cString: UnsafePointer(resolved))
    }

    /// 0666 without the bits of the process umask.
    static func defaultPermissions() -> mode_t {
        let mask = umask(0)
        umask(mask)
        return 0o666 & ~mask
    }

    /// Flushes a directory entry change (rename) to disk; errors are ignored (some file systems refuse).
    static func synchronizeDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }
}

/// Small path helpers (Foundation-free).
enum PathNames {
    /// The directory part of `path` ("." when there is none).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = String(path[..<slash])
        return directory.isEmpty ? "/" : directory
    }

    /// The last component of `path`.
    static func base(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `path` made absolute against the current directory and cleaned of `.` and `..` components (the file need
    /// not exist; symbolic links are not resolved).
    static func absolute(_ path: String) -> String {
        var full = path
        if !path.hasPrefix("/") {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let current = getcwd(&buffer, buffer.count) != nil ? buffer.withUnsafeBufferPointer {
                String(cString: $0.baseAddress!)
            } : "/"
            full = current + "/" + path
        }
        var components: [Substring] = []
        for component in full.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": if !components.isEmpty { components.removeLast() }
            default: components.append(component)
            }
        }
        return "/" + components.joined(separator: "/")
    }
}
