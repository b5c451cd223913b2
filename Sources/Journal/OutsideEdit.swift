import EditorCore
import SyncEngine

/// Changes that come from a whole text rather than from keystrokes: a file changed on disk, or a past version
/// being restored. Pure: the shell reads the file, these only compute.
///
/// Both become ordinary revisions, so they are journaled like any other change and history is never rewritten.
public enum OutsideEdit {
    /// The author name the journal records for changes read from the file on disk.
    public static let diskAuthorName = "disk"

    /// The exact change that turns the session's `current` text into `disk` (the file's new content), or `nil`
    /// when they are equal. Prefix and suffix are skipped, the middle diffed with diff-match-patch
    /// deterministically (`TextDiff`), so a `git pull` touching a few lines gives a change of a few lines.
    ///
    /// Law: `try change(from: c, to: d)!.apply(to: c.string) == d` for every `c ≠ d`.
    public static func change(from current: TextBuffer, to disk: String) -> ChangeSet? {
        let change = TextDiff.change(from: current, to: TextBuffer(disk))
        return change.isIdentity ? nil : change
    }

    /// The change that brings a file edit (`base` → `disk`, `base` being what the session last read or wrote)
    /// into a session whose text moved on to `current` meanwhile: the file's hunks merged best effort onto
    /// `current` (`BestEffortMerge`), as a change against `current`, plus the hunks that did not apply (keep them
    /// in a conflict file and tell the user). When `current == base` the result is exact.
    ///
    /// A live host does the same through the "disk" participant's `submitMerge` (Docs/sync.md, section 6); this
    /// is the helper for the shell before the host runs (e.g. recovery, `RecoveryPlan.changedBoth`).
    public static func merge(
        base: String, disk: String, current: TextBuffer
    ) -> (change: ChangeSet?, failedHunks: [FailedHunk]) {
        let merged = BestEffortMerge.merge(base: base, edited: disk, onto: current.string)
        return (change(from: current, to: merged.text), merged.failedHunks)
    }

    /// The change that makes the document read as `past` again (restoring an old version from the history
    /// view): applied as a new revision, so the versions in between stay in the history.
    public static func restoring(_ past: String, over current: TextBuffer) -> ChangeSet? {
        change(from: current, to: past)
    }
}

/// What the shell does when `coedit FILE` starts and the document already has a journal (Docs/history.md).
///
/// Inputs: the journal's latest text, the text of its last save (`Journal.lastSave()`; revision 0 when never
/// saved), and the file's content now (`nil` when the file is gone).
public enum RecoveryPlan: Hashable, Sendable {
    /// The file holds the journal's latest text: resume silently.
    case clean
    /// The journal has revisions never written to the file (the host died before a save): resume from the
    /// journal and tell the user how many (`unsavedRevisions`), who can save.
    case unsavedEdits(unsavedRevisions: Int)
    /// The file changed while no session ran and the journal had nothing unsaved: resume, then apply
    /// `OutsideEdit.change(from: head, to: disk)` as a revision by "disk".
    case changedOnDisk
    /// Both: unsaved revisions in the journal and a changed file. Resume, then merge the file's change with
    /// `OutsideEdit.merge(base: savedText, disk: disk, current: head)` as a "disk" revision; report failed hunks.
    case changedBoth(unsavedRevisions: Int)
    /// The file no longer exists: resume from the journal and tell the user; saving recreates it.
    case fileMissing

    /// Decides from the three texts; `unsavedRevisions` is `latestRevision − lastSave.revision` (or the latest
    /// revision when never saved).
    public static func decide(headText: String, savedText: String, diskText: String?, unsavedRevisions: Int)
        -> RecoveryPlan
    {
        guard let diskText else { return .fileMissing }
        if diskText == headText { return .clean }
        let unsaved = headText != savedText
        if diskText == savedText { return unsaved ? .unsavedEdits(unsavedRevisions: unsavedRevisions) : .clean }
        return unsaved ? .changedBoth(unsavedRevisions: unsavedRevisions) : .changedOnDisk
    }
}

extension Journal {
    /// The recovery plan for this journal against the file content `diskText` (see `RecoveryPlan`).
    public func recoveryPlan(diskText: String?) throws(JournalError) -> RecoveryPlan {
        let latest = try latestRevision()
        let first = try failing { try database.read(Self.firstRevision) }
        let saved = try lastSave()?.revision ?? first
        let savedRevision = min(max(saved, first), latest)
        let head = try text(at: latest)
        let savedText = savedRevision == latest ? head : try text(at: savedRevision)
        return RecoveryPlan.decide(
            headText: head, savedText: savedText, diskText: diskText, unsavedRevisions: latest - savedRevision)
    }
}
