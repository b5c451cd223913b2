import Collaboration
import FileStore
import Synchronization
import SyncEngine

#if canImport(Glibc)
import Glibc
#endif

/// A `DocumentFile` shared by the editor's run loop and the host's executor (which saves when a peer presses Ctrl-S).
final class SharedFile: Sendable {
    /// How a peer's failed save describes a file changed on disk since it was read or saved.
    static let changedOnDiskMessage = "changed on disk on the host since it was opened"

    private let state: Mutex<DocumentFile>
    /// What the session last read from or wrote to the file, for outside edits (`DiskWatcher`).
    private let baseline = Mutex<DiskBaseline?>(nil)

    init(_ file: DocumentFile) {
        state = Mutex(file)
    }

    /// The file's path as given.
    var path: String { state.withLock { $0.path } }

    /// The fingerprint of what was last read or written (nil: the file did not exist).
    var fingerprint: FileFingerprint? { state.withLock { $0.fingerprint } }

    /// Takes `fingerprint` as the file's content now (see `DocumentFile.adopt`).
    func adopt(_ fingerprint: FileFingerprint) {
        state.withLock { $0.adopt(fingerprint) }
    }

    /// The baseline of the next outside edit: the text on disk and a host revision (see `DiskBaseline`).
    var diskBaseline: DiskBaseline? {
        get { baseline.withLock { $0 } }
        set { baseline.withLock { $0 = newValue } }
    }

    /// Replaces the baseline with `replacement` only if it still is the one of the text `diskText` at `revision`
    /// (not replaced meanwhile by a save for a peer or a merged outside edit).
    func replaceDiskBaseline(ifStill diskText: String, at revision: Int, with replacement: DiskBaseline) {
        baseline.withLock { current in
            guard let known = current, known.revision == revision, known.diskText == diskText else { return }
            current = replacement
        }
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

    /// Writes a new file (a backup) with mode 0600, refusing to replace an existing one.
    static func writeNew(_ text: String, to path: String) throws(SaveFailure) {
        do {
            try ConflictFile.createNew(text, at: path)
        } catch {
            throw SaveFailure(error.description)
        }
    }

    /// Why a save failed.
    struct SaveFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
