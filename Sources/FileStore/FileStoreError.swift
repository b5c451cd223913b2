#if canImport(Glibc)
import Glibc
#endif

/// A file operation that failed, with a one-line reason fit for the message line or a command-line error.
///
/// The reason names the file and, for content errors, the byte offset and line; it never spans lines.
public struct FileStoreError: Error, CustomStringConvertible, Hashable, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }

    /// The reason for an errno value in plain words ("permission denied", "no space left on the disk").
    static func reason(errno code: Int32) -> String {
        switch code {
        case EACCES, EPERM: "permission denied"
        case ENOENT: "no such file or directory"
        case ENOTDIR: "a part of the path is not a directory"
        case EISDIR: "is a directory"
        case ENOSPC: "no space left on the disk"
        case EDQUOT: "disk quota exceeded"
        case EROFS: "read-only file system"
        case EFBIG: "file too large"
        case ENAMETOOLONG: "file name too long"
        case ELOOP: "too many symbolic links"
        case EIO: "input/output error"
        default: String(cString: strerror(code)).lowercased()
        }
    }
}
