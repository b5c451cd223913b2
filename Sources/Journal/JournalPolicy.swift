extension Journal {
    /// How the journal packs revisions and when it takes full snapshots of the text.
    ///
    /// `text(at:)` loads the nearest snapshot at or before the revision and replays the changes after it, so its
    /// cost is bounded by what lies between two snapshots. A snapshot is taken right after revision r when, since
    /// the previous snapshot,
    ///
    /// - at least `max(snapshotRevisions, textBytes / snapshotBytesPerRevision)` revisions were appended (many
    ///   small changes: the replay is bounded by their number; a big document is copied no more often than once
    ///   every `textBytes / snapshotBytesPerRevision` revisions, so snapshots add at most
    ///   `snapshotBytesPerRevision` bytes per revision), or
    /// - the changes' replay bytes (UTF-8 inserted plus one per operation) add up to at least
    ///   `max(snapshotMinimumBytes, textBytes / 2)` (large pastes: the replay is bounded by the bytes it handles,
    ///   and the snapshots by twice what was inserted).
    ///
    /// Hashes: a revision keeps the hash its writer gave; otherwise every `hashInterval`-th revision gets one
    /// computed by the journal, so replays are checked against the live text now and then.
    ///
    /// With the defaults, the 104 KB automerge-paper document typed one keystroke per revision gets a snapshot
    /// every 10,000 revisions; see Docs/history.md for the measured size and times.
    public struct Policy: Hashable, Sendable {
        /// The most revisions packed in one row (see `RevisionRun`).
        public var runLength: Int
        /// A row takes no more revisions once its packed columns reach this many bytes.
        public var runBytes: Int
        /// Revisions between snapshots for documents up to `snapshotRevisions × snapshotBytesPerRevision` bytes.
        public var snapshotRevisions: Int
        /// For larger documents, snapshots come every `textBytes / snapshotBytesPerRevision` revisions.
        public var snapshotBytesPerRevision: Int
        /// Changes adding up to this many replay bytes (or half the text, if more) trigger a snapshot.
        public var snapshotMinimumBytes: Int
        /// Revisions that are a multiple of this get a hash computed by the journal when none was given.
        public var hashInterval: Int

        /// A policy; the defaults keep `text(at:)` well under 100 ms for documents up to about 1 MB.
        public init(
            runLength: Int = 64, runBytes: Int = 4096, snapshotRevisions: Int = 10_000,
            snapshotBytesPerRevision: Int = 64, snapshotMinimumBytes: Int = 65_536, hashInterval: Int = 256
        ) {
            self.hashInterval = max(hashInterval, 1)
            self.runLength = max(runLength, 1)
            self.runBytes = max(runBytes, 1)
            self.snapshotRevisions = max(snapshotRevisions, 1)
            self.snapshotBytesPerRevision = max(snapshotBytesPerRevision, 1)
            self.snapshotMinimumBytes = max(snapshotMinimumBytes, 1)
        }

        /// Whether a snapshot is due after `revisions` revisions whose delta texts total `deltaBytes` bytes since
        /// the last snapshot, the text now being `textBytes` UTF-8 bytes.
        func snapshotIsDue(revisions: Int, deltaBytes: Int, textBytes: Int) -> Bool {
            revisions >= max(snapshotRevisions, textBytes / snapshotBytesPerRevision)
                || deltaBytes >= max(snapshotMinimumBytes, textBytes / 2)
        }

        /// Whether `run` takes no more revisions.
        func isFull(_ run: RevisionRun) -> Bool {
            run.count >= runLength || run.byteCount >= runBytes
        }
    }
}
