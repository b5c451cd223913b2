import FileStore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A `DocumentFile` shared by the UI thread and the host's executor (which saves when a peer presses Ctrl-S).
final class SharedFile: Sendable {
    /// How a peer's failed save describes a file changed on disk since it was read or saved.
    static let changedOnDiskMessage = "changed on disk on the host since it was opened"

    private let state: Mutex<DocumentFile>

    init(_ file: DocumentFile) {
        state = Mutex(file)
    }

    /// Saves `text` atomically; refuses a file changed on disk unless allowed.
    func save(_ text: String, overwritingExternalChanges: Bool = false) throws(DocumentFile.SaveError) {
        let outcome = state.withLock { file -> DocumentFile.SaveError? in
            do throws(DocumentFile.SaveError) {
                try file.save(text, overwritingExternalChanges: overwritingExternalChanges)
                return nil
            } catch {
                return error
            }
        }
        if let outcome { throw outcome }
    }

    /// Saves for a peer's Ctrl-S (on the host's executor), with errors worded for that peer.
    func saveForPeer(_ text: String) throws(SaveFailure) {
        do {
            try save(text)
        } catch {
            switch error {
            case .changedOnDisk: throw SaveFailure("the file \(Self.changedOnDiskMessage); the host must save it")
            case .failed(let reason): throw SaveFailure(reason.description)
            }
        }
    }

    /// Writes a new file (a conflict report) with mode 0600, refusing to replace an existing one.
    static func writeNew(_ text: String, to path: String) throws(SaveFailure) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SaveFailure("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == bytes.count else {
            throw SaveFailure("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Why a save failed.
    struct SaveFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
