import EditorCore
import Synchronization
import SyncEngine

/// Where the host puts each accepted revision **before** anyone hears of it (the `HostEffect.commit` hook).
///
/// `HostSession` calls `append` on its serial executor, in revision order, before the acknowledgement and the
/// broadcasts of that revision are sent. A durable implementation (the journal) makes the revision survive a
/// crash by the time `append` returns.
public protocol RevisionStore: AnyObject, Sendable {
    /// Records `entry` (its `revision` is one more than the previous entry's).
    ///
    /// - Throws: when the revision could not be recorded. The host logs it as an error and carries on: the revision
    ///   is already part of the live document (what to do then is the durable journal's decision).
    func append(_ entry: LogEntry) throws

    /// Records `entry` as `append(_:)` does; `text` is the document's text after it, which a store that needs the
    /// text (the journal: snapshots, hashes) may keep instead of applying the change to a copy of its own.
    /// `TextBuffer` is a persistent rope, so keeping it shares the host's nodes rather than copying the text.
    func append(_ entry: LogEntry, resultingText text: TextBuffer) throws

    /// Learns the name of a participant the host just welcomed, before any revision of theirs is appended (so a
    /// journal can record who made each revision). Called on the same executor as `append`.
    func participantJoined(_ participant: Participant)
}

extension RevisionStore {
    /// Stores that keep no names ignore joins.
    public func participantJoined(_ participant: Participant) {}

    /// Stores that keep no text ignore it.
    public func append(_ entry: LogEntry, resultingText text: TextBuffer) throws {
        try append(entry)
    }

    /// Records `entry`, a commit of `document`'s last `receive`/`join`/`leave` effects: with the document's text
    /// when it is that revision's (it is unless the caller performs effects late), else without.
    func append(_ entry: LogEntry, committedTo document: HostDocument) throws {
        if entry.revision == document.revision {
            try append(entry, resultingText: document.text)
        } else {
            try append(entry)
        }
    }
}

/// A store that forgets everything: a session without history.
public final class NoRevisionStore: RevisionStore {
    /// A store that records nothing.
    public init() {}

    public func append(_ entry: LogEntry) {}
}

/// A store that keeps every entry in memory, with the text the host gave after it (tests, and sessions that want the
/// list).
public final class InMemoryRevisionStore: RevisionStore {
    private let storage = Mutex<[(entry: LogEntry, text: TextBuffer?)]>([])

    /// An empty store.
    public init() {}

    public func append(_ entry: LogEntry) {
        storage.withLock { $0.append((entry, nil)) }
    }

    public func append(_ entry: LogEntry, resultingText text: TextBuffer) {
        storage.withLock { $0.append((entry, text)) }
    }

    /// Every entry appended so far, in order.
    public var entries: [LogEntry] { storage.withLock { $0.map(\.entry) } }

    /// The text after each entry, as the host handed it over (nil where it gave none), in order.
    public var texts: [TextBuffer?] { storage.withLock { $0.map(\.text) } }
}
