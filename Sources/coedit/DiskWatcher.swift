import Collaboration
import EditorCore
import EditorModel
import FileStore
import Foundation
import SyncEngine

/// The host's watch on its file during a session: an outside edit (a `git pull`, another editor) is merged into
/// the session as a change by "disk" (Docs/sync.md, "Outside edits").
///
/// Looked at from the run loop when the file's directory entry changes (`FileChangeSignal`, inotify: no periodic
/// work while nothing happens), `settleDelay` after the last change so that a multi-step write has finished; where
/// inotify is unavailable, polled every `interval` instead (`SharedEditing.nextWakeup` wakes the loop for it). A
/// look is one `stat` when size and modification time match the fingerprint of the last read or save, a read only
/// when they differ.
/// The file's new text is handed to `HostSession.mergeOutsideEdit` with the file's `DiskBaseline`; the merge and
/// the adoption of the new fingerprint and baseline run on the host's executor, where peers' saves run too. The
/// host's own saves update the fingerprint and the baseline before the next poll, so they are never mistaken for
/// outside edits.
///
/// A file that became unreadable or not UTF-8 text, or was deleted, is not merged: the user is told once (per
/// state of the file), the session keeps its text, and the fingerprint is left as it was so that Ctrl-S asks
/// before replacing the file (or recreates a deleted one).
final class DiskWatcher {
    /// What a poll found, for the user.
    enum Finding {
        /// The file's change was merged (`diskText` is what the file holds now).
        case merged(OutsideEditOutcome, diskText: String)
        /// The file is no longer text (or cannot be read): why.
        case notText(String)
        /// The file was deleted.
        case deleted
    }

    /// The file's state last reported, so that a problem is reported once.
    private enum Reported: Equatable {
        case deleted
        case notText(String)
    }

    private let file: SharedFile
    private let session: HostSession
    private let interval: Duration
    private let clock = ContinuousClock()
    /// When to look at the file next (nil: when the change signal says so).
    private var nextPoll: ContinuousClock.Instant?
    /// The inotify watch, nil where unavailable (then the file is polled every `interval`).
    private let signal: FileChangeSignal?
    /// How long after a change notification the file is looked at.
    static let settleDelay: Duration = .milliseconds(50)
    private var reported: Reported?
    /// The host's own save of a text with edits the host had not acknowledged yet: that text, the sequence of the
    /// submission that carries them, and the revision of the interim baseline.
    private var pendingOwnSave: (text: String, sequence: UInt64, revision: Int)?

    /// A watcher on the host's `file` merging into `session`: on change notifications, or polling every
    /// `interval` where they are unavailable.
    init(file: SharedFile, session: HostSession, interval: Duration = .seconds(1)) {
        self.file = file
        self.session = session
        self.interval = interval
        signal = FileChangeSignal(path: file.path)
        nextPoll = signal == nil ? clock.now + interval : nil
    }

    /// The descriptor the run loop should read for change notifications (nil when polling); it hands what it read
    /// to `changeNotified`.
    var notificationDescriptor: Int32? { signal?.descriptor }

    /// Takes change notifications read from `notificationDescriptor`: a look is due after a short settling delay
    /// when they concern the file.
    func changeNotified(_ bytes: [UInt8]) {
        guard let signal, signal.concerns(bytes) else { return }
        nextPoll = clock.now + (signal.isWatching ? Self.settleDelay : interval)
    }

    /// The host's own Ctrl-S wrote `text`; `client` is the host editor's sync state then.
    ///
    /// The baseline's revision must be one whose text has every edit the saved text has, else a later outside
    /// edit would be rebased over their inverse and then over them again (an outside deletion of just-typed text
    /// would come back). When the save held unacknowledged edits, the synced revision serves until the host
    /// acknowledges them (`settleOwnSave`), then a revision that has them replaces it.
    func noteOwnSave(_ text: String, client: ClientDocument) {
        guard let synced = client.synced else { return }
        file.diskBaseline = DiskBaseline(diskText: text, revision: synced.revision, revisionText: synced.text)
        let buffer = TextBuffer(text)
        pendingOwnSave = synced.text == buffer ? nil : (text, client.sequenceCovering(buffer), synced.revision)
    }

    /// Moves the baseline of a pending own save to the synced revision once every edit of the saved text is
    /// acknowledged (called after each batch of network events).
    func settleOwnSave(client: ClientDocument) {
        guard let pending = pendingOwnSave, client.acknowledgedSequence >= pending.sequence,
            let synced = client.synced
        else { return }
        pendingOwnSave = nil
        file.replaceDiskBaseline(
            ifStill: pending.text, at: pending.revision,
            with: DiskBaseline(diskText: pending.text, revision: synced.revision, revisionText: synced.text))
    }

    /// How long the run loop may wait before the next look (nil: until a change notification).
    var timeUntilPoll: Duration? { nextPoll.map { max(.zero, $0 - clock.now) } }

    /// Looks at the file if a look is due; returns what the user should hear about, if anything.
    func pollIfDue() -> Finding? {
        guard let due = nextPoll, clock.now >= due else { return nil }
        nextPoll = signal?.isWatching == false || signal == nil ? clock.now + interval : nil
        return poll()
    }

    /// Looks at the file now.
    func poll() -> Finding? {
        let known = file.fingerprint
        switch DocumentFile.content(at: file.path, comparedWith: known) {
        case .unchanged:
            reported = nil
            return nil
        case .touched(let fingerprint):
            file.adopt(fingerprint)
            reported = nil
            return nil
        case .missing:
            guard known != nil else { return nil }  // a new file never saved yet
            return report(.deleted, .deleted)
        case .notText(let reason, _):
            return report(.notText(reason), .notText(reason))
        case .text(let text, let fingerprint):
            reported = nil
            return merge(text, fingerprint: fingerprint)
        }
    }

    private func report(_ state: Reported, _ finding: Finding) -> Finding? {
        guard reported != state else { return nil }
        reported = state
        return finding
    }

    /// Merges the file's `text` (read with `fingerprint`) on the executor and adopts it as the new baseline.
    private func merge(_ text: String, fingerprint: FileFingerprint) -> Finding? {
        let file = file
        let outcome = session.mergeOutsideEdit(
            prepare: {
                // A save (for a peer, on the executor) wrote exactly this meanwhile: not an outside edit.
                guard file.fingerprint != fingerprint, let baseline = file.diskBaseline else { return nil }
                return (text, baseline)
            },
            finish: { outcome in
                file.adopt(fingerprint)
                file.diskBaseline = DiskBaseline(
                    diskText: text, revision: outcome.headRevision, revisionText: outcome.headText)
            })
        return outcome.map { .merged($0, diskText: text) }
    }
}

extension SharedEditing {
    /// The host's own Ctrl-S wrote `text`: the file's new baseline (see `DiskWatcher.noteOwnSave`).
    func noteOwnSave(_ text: String) {
        diskWatcher?.noteOwnSave(text, client: client.document)
    }

    /// Polls the file for outside edits when due (host only) and tells the user; returns editor effects of the
    /// network events processed meanwhile.
    func watchDiskIfDue(editor: inout Editor) -> [EditorEffect] {
        diskWatcher?.settleOwnSave(client: client.document)
        guard let finding = diskWatcher?.pollIfDue() else { return [] }
        let name = PathNamesForDisplay.fileName(documentPath)
        switch finding {
        case .deleted:
            logger.warning("\(documentPath) was deleted on disk")
            editor.showMessage("\(name) was deleted on disk: the session keeps its text (Ctrl-S writes it)", isError: true)
            return []
        case .notText(let reason):
            logger.warning("\(documentPath) changed on disk and is not text: \(reason)")
            editor.showMessage("\(name) changed on disk but is not UTF-8 text (\(reason)): not merged", isError: true)
            return []
        case .merged(let outcome, let diskText):
            // The change reached our client's inbox before the merge returned: apply it now.
            let effects = handle(client.process(buffer: editor.document.buffer), editor: &editor)
            if editor.document.buffer.string == diskText { editor.noteTextMatchesDisk() }
            var message = "\(name) changed on disk; "
            message += outcome.revision.map { "merged as revision \($0)" } ?? "the session already had its text"
            if !outcome.isExact { message += " (best effort)" }
            logger.info("\(documentPath) changed on disk: \(message)")
            editor.showMessage(message)
            if !outcome.failedHunks.isEmpty {
                keepConflict(outcome.failedHunks, editor: &editor, from: .disk)
            }
            return effects
        }
    }

    /// "FILE changed on disk on the host" for the "disk" author's arrival (nil for anyone else).
    static func outsideEditMessage(joining participant: Participant, documentPath: String) -> String? {
        guard participant.name == OutsideEditOutcome.authorName else { return nil }
        return "\(PathNamesForDisplay.fileName(documentPath)) changed on disk on the host: merged (by \"disk\")"
    }
}
