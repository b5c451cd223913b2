#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A fresh directory under /tmp, removed (with its content) when the test is done.
final class TemporaryDirectory {
    let path: String

    init(mode: mode_t = 0o700) {
        var template = Array("/tmp/coedit-filestore-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(created != nil, "mkdtemp failed")
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        chmod(path, mode)
    }

    deinit {
        // Make everything writable again so the removal cannot fail on the read-only parts of a test.
        if let enumerator = FileManager.default.enumerator(atPath: path) {
            for case let relative as String in enumerator { chmod(path + "/" + relative, 0o700) }
        }
        try? FileManager.default.removeItem(atPath: path)
    }

    /// `name` inside the directory.
    func file(_ name: String) -> String { path + "/" + name }

    /// Writes raw bytes (test set-up, not the code under test).
    func write(_ bytes: [UInt8], to name: String, mode: mode_t = 0o644) {
        _ = FileManager.default.createFile(atPath: file(name), contents: Data(bytes))
        chmod(file(name), mode)
    }

    /// The bytes of `name`, or nil when it does not exist.
    func bytes(of name: String) -> [UInt8]? {
        FileManager.default.contents(atPath: file(name)).map { Array($0) }
    }

    /// Names in the directory.
    func names() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    /// The permission bits of `name`.
    func mode(of name: String) -> mode_t {
        var info = stat()
        stat(file(name), &info)
        return info.st_mode & 0o7777
    }
}

/// Runs `body` with file permission checks enforced on the calling thread, even when the tests run as root:
/// as root it switches the thread's file-system user to `nobody` with setfsuid(2), which drops the
/// capabilities that bypass permissions (CAP_DAC_OVERRIDE) for this thread only. `body` must not suspend.
@discardableResult
func withPermissionChecks<T>(_ body: () throws -> T) rethrows -> T {
    guard geteuid() == 0 else { return try body() }
    typealias SetFileSystemUser = @convention(c) (UInt32) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "setfsuid") else {
        fatalError("setfsuid is not available: cannot test permission errors as root")
    }
    let setfsuid = unsafeBitCast(symbol, to: SetFileSystemUser.self)
    _ = setfsuid(65_534)
    defer { _ = setfsuid(0) }
    return try body()
}
