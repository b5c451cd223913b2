import Foundation
import SyncEngine

#if canImport(Glibc)
import Glibc
#endif

/// Writing a conflict file (`ConflictReport`) beside the document: every path where a best-effort merge can fail a
/// hunk (a joiner's offline edits after a reconnect, an outside edit of the host's file, a file changed between
/// sessions while history had unsaved revisions) keeps the failed hunks this way and tells the user the path.
///
/// An existing file is never replaced: when `FILE.coedit-conflict-TIME` exists, `-2`, `-3`, … are tried.
public enum ConflictFile {
    /// Why a conflict file could not be written (one line).
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Writes `hunks` to a new conflict file beside `documentPath`; returns its path.
    public static func write(
        _ hunks: [FailedHunk], beside documentPath: String, source: ConflictReport.Source, at time: Date = Date()
    ) throws(Failure) -> String {
        let text = ConflictReport.text(
            for: hunks, documentName: (documentPath as NSString).lastPathComponent, source: source)
        let base = ConflictReport.filePath(for: documentPath, at: time)
        for attempt in 1...100 {
            let path = attempt == 1 ? base : "\(base)-\(attempt)"
            do {
                try createNew(text, at: path)
                return path
            } catch {
                if case .exists = error { continue }
                throw Failure(description: error.description)
            }
        }
        throw Failure(description: "cannot create \(base): 100 conflict files of that second exist")
    }

    /// Why `createNew` failed.
    public enum CreateError: Error, CustomStringConvertible, Sendable {
        /// Something is already at the path.
        case exists(String)
        /// Another failure: one line.
        case failed(String)

        public var description: String {
            switch self {
            case .exists(let path): "cannot create \(path): it already exists"
            case .failed(let reason): reason
            }
        }
    }

    /// Writes `text` to a new file at `path` with mode 0600, refusing to replace anything there.
    public static func createNew(_ text: String, at path: String) throws(CreateError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST { throw .exists(path) }
            throw .failed("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ Glibc.write(fd, $0.baseAddress, $0.count) }) == bytes.count else {
            throw .failed("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}
