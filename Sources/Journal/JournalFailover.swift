import EditorCore
import Foundation
import Synchronization
import SyncEngine

#if canImport(Glibc)
import Glibc
#endif

/// The host's journal with a fallback: when an append fails in the middle of a session (disk full, the file
/// removed or made unwritable, an I/O error), the session switches to an in-memory journal for the rest of its
/// life instead of losing history silently, and says so once.
///
/// On the first failure of revision `n`: the failed journal is closed (its file is left as it is), an in-memory
/// journal is started whose revision `n − 1` is the failed journal's head text (`Journal.inMemory(…revision:)`),
/// every participant name learnt so far is given to it, and revision `n` is appended there. `takeFailureNotice()`
/// then returns the one-line message for the user exactly once. If even the in-memory journal cannot be made,
/// later revisions are not kept (the notice says so) and appends stop throwing: the live session goes on.
///
/// A journal file removed or replaced by another file counts as a failure too (SQLite would go on writing to
/// the unlinked file, and everything would be lost at exit): before each append the path must still name the
/// file that was opened (device and inode, one `stat`).
///
/// Thread-safe: the host appends on its executor, the editor's run loop reads `current` and takes the notice. Two locks
/// keep a slow disk away from the readers: `appending` serializes appends (and the switch) and is held through
/// the write and its fsync; `state` is held only to read or swap a few fields, never across disk I/O, so
/// `current`, `isInMemory`, `takeFailureNotice()` and `nameParticipant` never wait for an fsync.
public final class JournalFailover: Sendable {
    private struct State {
        /// The journal appended to (nil: none could be kept).
        var current: Journal?
        /// Whether `current` is the in-memory fallback.
        var isInMemory: Bool
        /// Every name given with `nameParticipant`, for a fallback journal.
        var names: [ParticipantID: String] = [:]
        /// The message for the user, until taken.
        var notice: String?
    }

    private let state: Mutex<State>
    /// Held by `append` from before it reads `current` until the revision is durable (or the switch is done), so
    /// appends happen one at a time and in order, and a switch never races another append.
    private let appending = Mutex(())
    /// The device and inode of the journal's file when it was wrapped (nil in memory).
    private let fileIdentity: FileIdentity?

    /// Wraps `journal` (a durable journal, or already an in-memory one).
    public init(_ journal: Journal) {
        let inMemory = journal.file == ":memory:"
        state = Mutex(State(current: journal, isInMemory: inMemory))
        fileIdentity = inMemory ? nil : FileIdentity(path: journal.file)
    }

    /// The journal in use now (the in-memory one after a failure; nil when even that failed).
    public var current: Journal? { state.withLock { $0.current } }

    /// Whether the session's history is now kept in memory only.
    public var isInMemory: Bool { state.withLock { $0.isInMemory } }

    /// The message for the user after a switch, once (later calls return nil until another event).
    public func takeFailureNotice() -> String? {
        state.withLock { state in
            defer { state.notice = nil }
            return state.notice
        }
    }

    /// Appends `entry` (see `Journal.append(_:)`), switching to memory if the journal fails.
    ///
    /// - Throws: only `.doesNotFollow` (a bug of the caller: the revision does not follow the head); storage
    ///   failures switch journals instead.
    public func append(_ entry: LogEntry) throws(JournalError) {
        try append(entry, text: nil)
    }

    /// Appends `entry` with the text after it (see `Journal.append(_:resultingText:)`), switching to memory if the
    /// journal fails.
    ///
    /// - Throws: as `append(_:)`.
    public func append(_ entry: LogEntry, resultingText text: TextBuffer) throws(JournalError) {
        try append(entry, text: text)
    }

    private func append(_ entry: LogEntry, text: TextBuffer?) throws(JournalError) {
        try appending.withLock { _ throws(JournalError) in
            let (journal, isInMemory) = state.withLock { ($0.current, $0.isInMemory) }
            guard let journal else { return }
            do throws(JournalError) {
                if !isInMemory, let fileIdentity, FileIdentity(path: journal.file) != fileIdentity {
                    throw JournalError(file: journal.file, reason: .storage("the file was removed or replaced"))
                }
                try journal.appendCommitted(entry, text: text)
            } catch {
                if case .doesNotFollow = error.reason { throw error }
                switchToMemory(after: error, failing: entry, resultingText: text, of: journal)
            }
        }
    }

    /// Remembers `participant`'s name for its revisions (see `Journal.nameParticipant`).
    public func nameParticipant(_ participant: ParticipantID, _ name: String) {
        let journal = state.withLock { state in
            state.names[participant] = name
            return state.current
        }
        // A switch that happens meanwhile gives the fallback every name in `state.names`, this one included.
        journal?.nameParticipant(participant, name)
    }

    /// Records a save in the current journal.
    public func markSaved(revision: Int, time: Date = Date()) throws(JournalError) {
        guard let journal = current else { return }
        try journal.markSaved(revision: revision, time: time)
    }

    /// Closes the current journal.
    public func close() {
        current?.close()
    }

    /// Replaces the failed `journal` by an in-memory one holding its head and `entry` (called while `appending`
    /// is held; the new journal is built before `state` is taken, and the failed one closed after).
    private func switchToMemory(
        after error: JournalError, failing entry: LogEntry, resultingText text: TextBuffer?, of journal: Journal
    ) {
        let outcome: (journal: Journal?, notice: String)
        do throws(JournalError) {
            guard let head = journal.headText else { throw JournalError(file: journal.file, reason: .readOnly) }
            let memory = try Journal.inMemory(
                documentPath: journal.documentPath, epoch: journal.epoch, text: head.string,
                revision: entry.revision - 1, policy: journal.policy)
            for (participant, name) in state.withLock({ $0.names }) { memory.nameParticipant(participant, name) }
            try memory.appendCommitted(entry, text: text)
            outcome = (
                memory, "History journal failed: \(error.reasonText); history of this session kept in memory only"
            )
        } catch let fallback {
            outcome = (nil, "History journal failed: \(error.reasonText); history of this session NOT kept "
                + "(\(fallback.reasonText))")
        }
        state.withLock { state in
            // Names given while the fallback was being built.
            for (participant, name) in state.names { outcome.journal?.nameParticipant(participant, name) }
            state.current = outcome.journal
            state.isInMemory = true
            state.notice = outcome.notice
        }
        journal.close()
    }
}

/// Which file a path names: device and inode numbers.
private struct FileIdentity: Hashable, Sendable {
    var device: UInt64
    var inode: UInt64

    /// The identity of the file at `path`, nil when there is none.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
