#if canImport(Glibc)
import Glibc
#endif
import Transport

/// Reads a session secret from a file (`--token-file`, `--guest-token-file`), so the secret never appears in the
/// process list the way `--token SECRET` does.
///
/// The secret is the file's first line with surrounding white space removed. Like ssh with a private key, a file
/// that another user could read or change is refused: it must be owned by the user running coedit and have no group
/// or other permissions (`chmod 600 FILE`). Every failure is one line that names the option and the file.
enum TokenFile {
    /// The most bytes read from the file: a secret is one short line, so a larger file is almost surely the wrong one.
    static let maximumSize = 4096

    /// The secret in the file at `path`, given with `option` (used in messages).
    static func secret(at path: String, option: String) throws(CoeditFailure) -> SessionSecret {
        // O_NONBLOCK: a FIFO must not hang the start; it is refused below as not a regular file.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        guard descriptor >= 0 else { throw unreadable(option, path) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw unreadable(option, path) }
        guard status.st_mode & S_IFMT == S_IFREG else { throw failure(option, path, "is not a regular file") }
        guard status.st_uid == geteuid() else {
            throw failure(option, path, "is owned by another user (uid \(status.st_uid)); it must be yours")
        }
        let permissions = String(status.st_mode & 0o777 | 0o1000, radix: 8).dropFirst()
        guard status.st_mode & 0o077 == 0 else {
            throw failure(option, path, "is accessible by others (mode \(permissions)): run chmod 600 \(path)")
        }
        guard status.st_size <= maximumSize else {
            throw failure(option, path, "is \(status.st_size) bytes; a secret file holds one short line")
        }
        let bytes = try readAll(descriptor, option: option, path: path)
        return try secret(fromContents: bytes, option: option, path: path)
    }

    /// The secret in a file's `bytes`: the first line, trimmed of spaces, tabs and a carriage return.
    static func secret(fromContents bytes: [UInt8], option: String, path: String) throws(CoeditFailure) -> SessionSecret {
        let line = bytes.prefix { $0 != UInt8(ascii: "\n") }
        guard let text = String(validating: line, as: UTF8.self) else {
            throw failure(option, path, "is not valid UTF-8 text")
        }
        let trimmed = text.trimmingWhiteSpace()
        guard let secret = try? SessionSecret(trimmed) else {
            throw failure(option, path, "is empty: its first line must hold the secret")
        }
        return secret
    }

    private static func readAll(_ descriptor: Int32, option: String, path: String) throws(CoeditFailure) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1024)
        while bytes.count <= maximumSize {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw unreadable(option, path)
            }
            bytes += chunk[..<count]
        }
        return bytes
    }

    private static func failure(_ option: String, _ path: String, _ problem: String) -> CoeditFailure {
        CoeditFailure("\(option) \(path) \(problem)")
    }

    /// The failure for the system error in `errno`.
    private static func unreadable(_ option: String, _ path: String) -> CoeditFailure {
        failure(option, path, "cannot be read: \(String(cString: strerror(errno)))")
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs, carriage returns and other white space.
    fileprivate func trimmingWhiteSpace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
