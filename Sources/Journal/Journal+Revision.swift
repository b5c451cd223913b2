import EditorCore
import Foundation
import GRDB

/// One revision as the history view shows it: the text after it, the change that made it, who and when.
public struct RevisionDetail: Hashable, Sendable {
    /// The revision.
    public var revision: Int
    /// The oldest revision the journal holds (0 unless it was started mid-session).
    public var firstRevision: Int
    /// The newest revision when this was read.
    public var latestRevision: Int
    /// When it was made (the journal's creation for the first revision).
    public var time: Date
    /// Its author's name; nil for the first revision (the text the history starts from).
    public var authorName: String?
    /// The change from `revision - 1` (nil for the first revision); counts in scalars.
    public var change: ChangeSet?
    /// The text after the revision.
    public var text: String
}

extension Journal {
    /// The text at `revision` (`firstRevision...latestRevision`) with its change, author and time, read in one
    /// transaction. Cost: `text(at:)` plus decoding the one row that holds the revision.
    ///
    /// - Throws: `JournalError` (`noSuchRevision` outside the history, `corrupt` when it does not fit together).
    public func detail(at revision: Int) throws(JournalError) -> RevisionDetail {
        try detail(revision)
    }

    /// The detail of `revision` clamped to the journal's revisions (nil: the newest), as a viewer that scrubs
    /// past either end wants it.
    public func detail(nearest revision: Int?) throws(JournalError) -> RevisionDetail {
        guard let revision else { return try detail(latestRevision()) }
        do throws(JournalError) {
            return try detail(revision)
        } catch {
            guard case .noSuchRevision(_, let first, let latest) = error.reason else { throw error }
            return try detail(min(max(revision, first), latest))
        }
    }

    private func detail(_ revision: Int) throws(JournalError) -> RevisionDetail {
        try failing {
            try database.read { db in
                let (first, latest) = try Self.bounds(db, containing: revision)
                let replay = try Self.replay(db, to: revision)
                var detail = RevisionDetail(
                    revision: revision, firstRevision: first, latestRevision: latest, time: createdAt,
                    authorName: nil, change: nil, text: replay.text)
                guard revision > first else {
                    if let time = replay.time { detail.time = Date(milliseconds: time) }
                    return detail
                }
                let participants = try Self.participants(db)
                for run in try Self.runs(db, covering: revision...revision) {
                    var length = run.baseLength
                    for stored in run.revisions {
                        let change = try Self.change(of: stored, baseLength: length)
                        length = change.targetLength
                        guard stored.revision == revision else { continue }
                        guard let author = participants[stored.authorKey] else {
                            throw JournalError.Reason.corrupt("revision \(revision): unknown author")
                        }
                        detail.change = change
                        detail.authorName = author.name
                        detail.time = Date(milliseconds: stored.time)
                        return detail
                    }
                }
                throw JournalError.Reason.corrupt("revision \(revision) is missing")
            }
        }
    }
}
