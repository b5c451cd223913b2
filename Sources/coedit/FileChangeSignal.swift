#if canImport(Glibc)
import Glibc
#endif

/// A descriptor that becomes readable when the directory entry of one file changes: written, replaced by a rename,
/// created, deleted or renamed away (inotify on the file's directory, filtered by the file's name, so an atomic save
/// that renames a new file over it is seen too).
///
/// Lets the host notice outside edits without waking up while nothing happens (an idle editor does no periodic
/// work). `init` fails where inotify is unavailable (another OS, a full watch table); the caller then polls.
final class FileChangeSignal {
    /// Readable when events are pending; non-blocking. The run loop reads it and hands the bytes to `concerns`.
    let descriptor: Int32
    /// The file's name inside its directory, as bytes (inotify reports names, NUL-padded).
    private let name: [UInt8]
    /// Whether the watch still stands (false after the directory itself was deleted or moved).
    private(set) var isWatching = true

    /// Watches `path`'s directory for changes to `path`'s entry; nil when inotify cannot be used.
    init?(path: String) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let fileName = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !fileName.isEmpty else { return nil }
        let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { return nil }
        let mask = UInt32(IN_CLOSE_WRITE | IN_MODIFY | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB)
            | UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
        guard inotify_add_watch(descriptor, directory, mask) >= 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        name = Array(fileName.utf8)
    }

    deinit {
        close(descriptor)
    }

    /// Reads the events in `bytes` (what a read of `descriptor` returned: whole events); returns whether any
    /// concerned the file (or the watch ended, after which the caller should poll on a timer: `isWatching` is
    /// false).
    func concerns(_ bytes: [UInt8]) -> Bool {
        var concerned = false
        var offset = 0
        // struct inotify_event: wd (Int32), mask, cookie, len (UInt32), then `len` bytes of NUL-padded name.
        let header = 16
        while offset + header <= bytes.count {
            let mask = Self.uint32(bytes, at: offset + 4)
            let length = Int(Self.uint32(bytes, at: offset + 12))
            let nameBytes = bytes[(offset + header)..<min(bytes.count, offset + header + length)]
            let eventName = nameBytes.prefix { $0 != 0 }
            if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED | IN_Q_OVERFLOW) != 0 {
                if mask & UInt32(IN_Q_OVERFLOW) == 0 { isWatching = false }
                concerned = true
            } else if eventName.elementsEqual(name) {
                concerned = true
            }
            offset += header + length
        }
        return concerned
    }

    private static func uint32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        // inotify events are in host byte order.
        bytes[offset..<offset + 4].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
    }
}
