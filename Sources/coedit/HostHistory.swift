import Collaboration
import EditorCore
import Foundation
import Journal
import Logging
import SyncEngine

/// The host's history at start: its journal opened (or created), the `HostDocument` resumed from it, and what to
/// tell the user. Follows the journal's `RecoveryPlan` against the file on disk (Docs/history.md):
///
/// - clean: resume silently;
/// - unsaved edits (the host died before a save): resume with the journal's text, and say how many revisions were
///   never saved;
/// - changed on disk (and maybe unsaved edits too): the file's change is journaled as a revision by "disk" (merged
///   best effort over unsaved edits) before the host resumes;
/// - file missing: resume with the journal's text; saving recreates the file.
///
/// A journal that cannot be used (corrupt, foreign, newer, locked by another process...) is left untouched: the
/// session keeps its history in memory only (nothing survives a crash) and the user gets a one-line warning.
struct HostHistory {
    /// The journal the host appends to (in memory only when the file is unusable; nil if even that failed).
    let journal: Journal?
    /// The document the host starts with.
    let document: HostDocument
    /// What the message line says first (restored revisions, a warning), if anything.
    let notice: String?
    /// Whether the document's text differs from the file on disk (the editor starts modified).
    let differsFromDisk: Bool

    /// Opens the history of the document at `documentPath` (absolute) whose file holds `diskText` (nil: missing) in
    /// `directory` (nil: none could be found, e.g. no HOME).
    ///
    /// With `discardingUnsaved` (the user declined to restore a recovery file of the same edits), revisions never
    /// saved are undone by a new "disk" revision back to the file's text instead of being resumed.
    static func open(
        documentPath: String, diskText: String?, directory: URL?, configuration: HostDocument.Configuration,
        discardingUnsaved: Bool = false, logger: Logger
    ) -> HostHistory {
        let text = diskText ?? ""
        func withoutHistory(_ warning: String?) -> HostHistory {
            // Docs/history.md §4: the session keeps its history in memory (lost at exit); the bad file is not touched.
            let epoch = UInt64.random(in: 1...UInt64.max)
            let document = HostDocument(text: text, epoch: epoch, configuration: configuration)
            let memory = try? Journal.inMemory(documentPath: documentPath, epoch: epoch, text: text)
            return HostHistory(journal: memory, document: document, notice: warning, differsFromDisk: false)
        }
        guard let directory else {
            logger.warning("no history directory (no HOME or XDG_STATE_HOME): editing without history")
            return withoutHistory("No history directory (set HOME or use --history DIR): editing without history")
        }
        let journal: Journal
        let created: Bool
        do {
            (journal, created) = try Journal.openOrCreate(
                forDocument: documentPath, in: directory, epoch: UInt64.random(in: 1...UInt64.max), text: text)
        } catch {
            logger.error("history not used: \(error)")
            let what = error.isUnusableFile ? "is unusable (left untouched)" : "could not be opened"
            return withoutHistory("History \(what): editing without history. \(error)")
        }
        do {
            let notice = created ? nil : try recover(journal, diskText: diskText, discardingUnsaved: discardingUnsaved)
            let document = try journal.restoreHost(configuration: configuration)
            return HostHistory(
                journal: journal, document: document, notice: notice, differsFromDisk: text != document.text.string)
        } catch {
            journal.close()
            logger.error("history not used: \(error)")
            return withoutHistory("History could not be read: editing without history. \(error)")
        }
    }

    /// Brings the journal up to date with the file on disk as its `RecoveryPlan` says; returns the message for the
    /// user, if any.
    private static func recover(
        _ journal: Journal, diskText: String?, discardingUnsaved: Bool
    ) throws(JournalError) -> String? {
        let plan = try journal.recoveryPlan(diskText: diskText)
        switch plan {
        case .clean:
            return nil
        case .unsavedEdits, .changedBoth, .fileMissing:
            guard let head = journal.headText else { return nil }
            if discardingUnsaved || (plan == .fileMissing && head.isEmpty) {
                try appendDiskChange(OutsideEdit.change(from: head, to: diskText ?? ""), to: journal)
                return nil
            }
        case .changedOnDisk:
            break
        }
        switch plan {
        case .clean:
            return nil
        case .unsavedEdits(let count):
            return "Restored \(count) unsaved revision\(count == 1 ? "" : "s") from history; Ctrl-S to save"
        case .fileMissing:
            return "The file is gone: restored its text from history; Ctrl-S to save"
        case .changedOnDisk:
            guard let diskText, let head = journal.headText else { return nil }
            try appendDiskChange(OutsideEdit.change(from: head, to: diskText), to: journal)
            return "The file changed outside coedit: merged into history as a change by \"disk\""
        case .changedBoth(let count):
            guard let diskText, let head = journal.headText else { return nil }
            let saved = try journal.lastSave()?.revision ?? 0
            let merged = OutsideEdit.merge(base: try journal.text(at: saved), disk: diskText, current: head)
            try appendDiskChange(merged.change, to: journal)
            let failed = merged.failedHunks.isEmpty ? "" : keepConflict(merged.failedHunks, of: journal.documentPath)
            return "Restored \(count) unsaved revision\(count == 1 ? "" : "s") from history and merged the file's "
                + "outside change\(failed); Ctrl-S to save"
        }
    }

    /// Writes the file's hunks that did not merge into a conflict file beside the document; returns the part of
    /// the message that says where (or that they could not be written, with the hunks in the log).
    private static func keepConflict(_ hunks: [FailedHunk], of documentPath: String) -> String {
        do {
            let path = try ConflictFile.write(hunks, beside: documentPath, source: .restart)
            return " (\(hunks.count) of its hunks did not apply: kept in \(path))"
        } catch {
            return " (\(hunks.count) of its hunks did not apply and could NOT be kept: \(error))"
        }
    }

    /// Journals `change` (if any) as the next revision, by the "disk" author: a participant number above every
    /// one in the journal (a restored host numbers newcomers above it in turn, so no number names two people).
    private static func appendDiskChange(_ change: ChangeSet?, to journal: Journal) throws(JournalError) {
        guard let change else { return }
        let highest = try journal.highestParticipant()?.rawValue
        let author = ParticipantID(highest.map { $0 < UInt32.max - 1 ? $0 + 1 : $0 } ?? 0)
        let entry = LogEntry(revision: try journal.latestRevision() + 1, author: author, id: nil, change: change)
        try journal.append(entry, authorName: OutsideEdit.diskAuthorName)
    }

    /// Records in `journal` that `revision` is now the text of the file (a failure is logged: history then just
    /// counts more revisions as unsaved).
    static func markSaved(revision: Int, in journal: Journal?, logger: Logger) {
        guard let journal else { return }
        do {
            try journal.markSaved(revision: revision)
        } catch {
            logger.error("save of revision \(revision) not recorded in history: \(error)")
        }
    }
}
