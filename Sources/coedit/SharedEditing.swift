import Collaboration
import EditorCore
import Foundation
import Journal
import EditorModel
import FileStore
import Logging
import Synchronization
import SyncEngine

#if canImport(Glibc)
import Glibc
#endif

/// The run loop's side of a shared document: carries the `CollaborationClient`'s events into the `Editor`, sends
/// the editor's changes at most once per sync interval, draws remote cursors, and routes Ctrl-S and Ctrl-Q.
///
/// All on the run loop's thread (`EditorRunLoop`); the network's threads only schedule turns of it through the
/// client's `wakeTurns(on:)`. An idle editor does no periodic work:
/// `nextWakeup` is nil unless the text or the cursor changed since the last tick or a change of the host's file
/// is waiting to be looked at (where inotify is unavailable, the host polls its file once a second instead).
final class SharedEditing {
    /// Which side of the session this editor is.
    enum Role {
        /// The host: `sharing` runs the document; `file` is the shared file (also written by peers' Ctrl-S).
        case host(Sharing, file: SharedFile)
        /// A joiner; `localFile` is its own FILE (nil when it is the host's file on this machine).
        case joiner(localFile: SharedFile?)
    }

    let client: CollaborationClient
    let role: Role
    let logger: Logger
    /// Other participants' cursors, drawn over the frame.
    private(set) var remote = RemoteCursors()
    private let syncInterval: Duration
    private let clock = ContinuousClock()
    private var lastTick: ContinuousClock.Instant
    /// The buffer as of the last look, to carry remote cursors through local edits.
    private var lastBuffer: TextBuffer
    private var lastSelection: Selection
    /// Whether the text or cursor changed since the last tick.
    private var dirty = false
    /// Whether our own Ctrl-S is waiting for the host's answer.
    private var ownSavePending = false
    /// Whether Ctrl-Q was pressed once while others were connected (the host asks first).
    private var quitArmed = false
    /// The path of FILE as given (conflict files go beside it).
    let documentPath: String
    /// The participant whose cursor the view follows (Shift-F4), until the next key.
    private var following: Int?
    /// The host's history journal: told of the host's own saves, closed when the session ends.
    var journal: Journal?
    /// What the host appends to: `journal`, or the in-memory journal it fell back to (see `reportJournalFailure`).
    var journalStore: JournalFailover?
    /// Whether the history journal failed this session (its history is kept in memory): shown in the status line
    /// for as long as it lasts, beside the one-time message.
    var journalFailed = false
    /// The host's watch for outside edits of its file (nil for a joiner).
    private(set) lazy var diskWatcher: DiskWatcher? = {
        guard case .host(let sharing, let file) = role else { return nil }
        return DiskWatcher(file: file, session: sharing.session)
    }()
    /// The host's answers to this joiner's history requests, until the history view takes them
    /// (`RemoteHistorySource`).
    var historyReplies: [HistoryReply] = []

    init(
        client: CollaborationClient, role: Role, editor: Editor, syncInterval: Duration, documentPath: String,
        logger: Logger
    ) {
        self.client = client
        self.role = role
        self.syncInterval = syncInterval
        self.documentPath = documentPath
        self.logger = logger
        lastTick = clock.now
        lastBuffer = editor.document.buffer
        lastSelection = editor.selection
        for participant in client.participants where participant.id != client.me?.id {
            remote.setPeer(Int(participant.id.rawValue), name: participant.name, colorIndex: participant.colorIndex)
        }
        updateNote()
    }

    /// The descriptor the run loop reads beside the terminal for the host's file change notifications (nil for a
    /// joiner, or where inotify is unavailable); what it reads goes to `diskChangeNotified`.
    var diskChangeDescriptor: Int32? { diskWatcher?.notificationDescriptor }

    /// Takes the host's file change notifications (a look at the file follows when due: `watchDiskIfDue`).
    func diskChangeNotified(_ bytes: [UInt8]) {
        diskWatcher?.changeNotified(bytes)
    }

    /// The frame with remote cursors and the session note.
    func render(_ editor: Editor) -> Frame {
        editor.render(remote: remote)
    }

    /// How long the run loop may wait for input before the next tick is due; nil when nothing waits to be sent.
    func nextWakeup() -> Duration? {
        let disk = diskWatcher?.timeUntilPoll  // the host looks at its file for outside edits when due
        guard dirty else { return disk }
        return min(max(.zero, lastTick + syncInterval - clock.now), disk ?? .seconds(3600))
    }

    // MARK: Local changes

    /// After the editor handled input: carries remote cursors through the local edit and notes what to send.
    func noteLocalChanges(_ editor: Editor) {
        let buffer = editor.document.buffer
        if buffer != lastBuffer {
            // The client diffs each edit on its own (edits within one interval keep their boundaries); remote
            // cursors reuse that diff when it starts from the buffer they are placed in (it always does once live).
            let local = client.observe(buffer: buffer)
            remote.map(through: local.flatMap { $0.before == lastBuffer ? $0.change : nil }
                ?? TextDiff.change(from: lastBuffer, to: buffer))
            lastBuffer = buffer
            dirty = true
        }
        if editor.selection != lastSelection {
            lastSelection = editor.selection
            dirty = true
        }
    }

    /// Sends the buffer's changes and the cursor when the sync interval has passed since the last tick.
    func tickIfDue(_ editor: Editor) {
        guard dirty, clock.now - lastTick >= syncInterval else { return }
        tick(editor)
    }

    private func tick(_ editor: Editor) {
        client.tick(buffer: editor.document.buffer)
        client.reportSelections([editor.selection], buffer: editor.document.buffer)
        client.flush()  // the change leaves before this turn draws its frame, not after
        lastTick = clock.now
        dirty = false
    }

    // MARK: Network events

    /// Applies what the network delivered; returns editor effects to perform (e.g. a quit after a save).
    func receive(into editor: inout Editor) -> [EditorEffect] {
        let effects = handle(client.process(buffer: editor.document.buffer), editor: &editor)
        reportJournalFailure(editor: &editor)
        return effects
    }

    /// Applies `events` (from `process`, or kept from before the editor existed) to the editor.
    func handle(_ events: [CollaborationEvent], editor: inout Editor) -> [EditorEffect] {
        var effects: [EditorEffect] = []
        for event in events {
            switch event {
            case .applyRemote(let change, let result):
                do {
                    try editor.applyRemote(change, result: result)
                    remote.map(through: change)
                    lastBuffer = editor.document.buffer
                    lastSelection = editor.selection
                } catch {
                    logger.error("a remote change does not fit the editor's text: \(error)")
                }
            case .remoteSelections(let participant, let selections):
                remote.setSelections(selections, of: Int(participant.rawValue))
                if let known = client.document.participants[participant] { setPeer(known) }
            case .welcomed(let you, let participants, let readOnly):
                for participant in participants where participant.id != you.id { setPeer(participant) }
                dirty = true  // report where our cursor is, moved or not: others see it, and F4 finds it
                editor.setReadOnly(readOnly)
                if readOnly { editor.showMessage("Joined read-only as a guest: you can read, move, find and copy") }
            case .participantJoined(let participant):
                setPeer(participant)
                editor.showMessage(
                    Self.outsideEditMessage(joining: participant, documentPath: documentPath)
                        ?? "\(participant.name) joined")
            case .participantLeft(let participant):
                remote.removePeer(Int(participant.id.rawValue))
                if participant.name != OutsideEditOutcome.authorName { editor.showMessage("\(participant.name) left") }
            case .conflict(let hunks):
                keepConflict(hunks, editor: &editor)
            case .saved(let notice):
                effects += saved(notice, editor: &editor)
            case .saveFailed(let reason):
                saveFailed(reason, editor: &editor)
            case .statusChanged(let status):
                logger.info("connection: \(status)")
            case .hostLeaving:
                editor.showMessage("The host left; your text is kept (Ctrl-S saves a local copy)", isError: true)
            case .log(let line):
                logger.info("\(line)")
            case .historyReply(let reply):
                historyReplies.append(reply)
            }
        }
        updateNote()
        if let following, let head = remote.peers[following]?.selections.first?.head { editor.reveal(head) }
        return effects
    }

    // MARK: Session keys

    /// Handles the session's own keys before the editor sees them; returns whether the event was one of them.
    ///
    /// F2 shows the join command and who is here (with their line numbers); F4 jumps to the next participant's
    /// cursor; Shift-F4 makes the view follow the next participant until any other key.
    func handleSessionKey(_ event: InputEvent, editor: inout Editor) -> Bool {
        guard case .key(let press) = event else {
            if case .resize = event {} else { following = nil }
            return false
        }
        switch (press.key, press.modifiers) {
        case (.function(2), []):
            editor.showMessage(sessionInfo(editor))
        case (.function(4), []):
            guard let (_, peer) = nextPeer(after: nil, editor: editor) else {
                editor.showMessage("Nobody else is here")
                return true
            }
            following = nil
            editor.moveCursor(to: peer.selections.first?.head ?? 0)
            editor.showMessage("At \(peer.name)'s cursor")
            lastSelection = editor.selection
            dirty = true
        case (.function(4), .shift):
            guard let (id, peer) = nextPeer(after: following, editor: editor) else {
                editor.showMessage("Nobody else is here")
                return true
            }
            following = id
            if let head = peer.selections.first?.head { editor.reveal(head) }
            editor.showMessage("Following \(peer.name) (any key stops)")
        case (.character("q"), .control) where !editor.isPrompting && !editor.isShowingHistory:
            following = nil
            // A host with company is warned before the editor's own question about unsaved changes.
            return !mayQuit(editor: &editor)
        default:
            following = nil
            // Answering the save question with y or n keeps the quit going; anything else, or Esc / Ctrl-C there
            // (cancel), ends it: the next Ctrl-Q warns again.
            let cancels = press.key == .escape || (press.key == .character("c") && press.modifiers == .control)
            if !editor.isPrompting || cancels { quitArmed = false }
            return false
        }
        return true
    }

    /// The next peer with a cursor in participant order after `current` (the first one when nil), wrapping.
    private func nextPeer(after current: Int?, editor: Editor) -> (Int, RemoteCursors.Peer)? {
        let ids = remote.peers.keys.filter { !(remote.peers[$0]?.selections.isEmpty ?? true) }.sorted()
        guard !ids.isEmpty else { return nil }
        let next = current.flatMap { current in ids.first { $0 > current } } ?? ids[0]
        return (next, remote.peers[next]!)
    }

    /// "Here: ann (line 4), bob (line 9) · join: coedit …" (the people first: a narrow screen cuts the end).
    private func sessionInfo(_ editor: Editor) -> String {
        let buffer = editor.document.buffer
        let people = remote.peers.keys.sorted().map { id -> String in
            let peer = remote.peers[id]!
            guard let head = peer.selections.first?.head else { return peer.name }
            return "\(peer.name) (line \(buffer.lineIndex(containing: min(head, buffer.scalarCount)) + 1))"
        }
        let here = people.isEmpty ? "Nobody else here" : "Here: " + people.joined(separator: ", ")
        switch role {
        case .host(let sharing, _):
            return "\(here) · join: \(sharing.joinCommand(fileName: PathNamesForDisplay.fileName(documentPath)))"
        case .joiner:
            return "\(here) · \(client.status)"
        }
    }

    private func setPeer(_ participant: Participant) {
        guard participant.id != client.me?.id else { return }
        remote.setPeer(Int(participant.id.rawValue), name: participant.name, colorIndex: participant.colorIndex)
    }

    /// The status line note: how many are here, or the connection state.
    func updateNote() {
        switch client.status {
        case .live:
            let count = client.participants.count
            let guest = client.isReadOnly ? " · read-only" : ""
            let history = journalFailed ? " · history in memory" : ""
            remote.statusNote = count <= 1 ? "shared, alone\(guest)\(history)" : "\(count) here\(guest)\(history)"
        case .joining: remote.statusNote = "joining…"
        case .offline: remote.statusNote = "offline"
        case .retrying(let attempt, _): remote.statusNote = "offline, retry \(attempt)"
        case .closed: remote.statusNote = nil
        }
    }

    /// Writes edits that could not be merged beside FILE (a new conflict file) and says where.
    func keepConflict(_ hunks: [FailedHunk], editor: inout Editor, from source: ConflictReport.Source = .reconnect) {
        let what = source == .reconnect ? "offline edit(s)" : "hunk(s) of the file's change on disk"
        do {
            let path = try ConflictFile.write(hunks, beside: documentPath, source: source)
            editor.showMessage("\(hunks.count) \(what) could not be merged: kept in \(path)", isError: true)
            logger.warning("conflict: \(hunks.count) hunk(s) kept in \(path)")
        } catch {
            editor.showMessage("\(hunks.count) \(what) could not be merged and NOT saved: \(error)", isError: true)
            logger.error("conflict hunks could not be written: \(error); \(hunks.map(\.patchText))")
        }
    }

    // MARK: Saving

    /// The host's own file (written by the host's Ctrl-S and by peers' Ctrl-S), nil for a joiner.
    var hostFile: SharedFile? {
        if case .host(_, let file) = role { return file }
        return nil
    }

    /// The host's own Ctrl-S wrote the file: tell the joiners.
    func announceOwnSave(text: String) {
        guard case .host(let sharing, _) = role, let me = client.me else { return }
        noteOwnSave(text)
        let revision = client.document.revision ?? 0
        sharing.session.announceSaved(SaveNotice(participant: me.id, name: me.name, revision: revision))
        HostHistory.markSaved(revision: revision, in: journal, logger: logger)
    }

    /// A joiner's Ctrl-S: asks the host to save once every edit has reached it; a joiner that cannot reach the host
    /// saves its local copy.
    func save(_ request: SaveRequest, editor: inout Editor) -> [EditorEffect] {
        tick(editor)
        let refused = client.requestSave(buffer: editor.document.buffer)
        guard let failure = refused.first, case .saveFailed(let reason) = failure else {
            ownSavePending = true
            return []
        }
        guard case .joiner(let localFile) = role, let localFile else {
            editor.saveFailed(reason: reason)
            return []
        }
        do {
            // A guest's Ctrl-S writes its own copy only (Docs/editor.md); an editor's, when the host is unreachable.
            try localFile.save(request.text, overwritingExternalChanges: true)
            let effects = editor.saveSucceeded()
            editor.showMessage(
                client.isReadOnly
                    ? "Read-only guest: saved your local copy to \(documentPath) (the host's file is the host's)"
                    : "Host unreachable: saved a local copy to \(documentPath)")
            return effects
        } catch {
            editor.saveFailed(reason: "\(reason); the local copy failed too: \(error)")
            return []
        }
    }

    private func saved(_ notice: SaveNotice, editor: inout Editor) -> [EditorEffect] {
        var effects: [EditorEffect] = []
        if notice.participant == client.me?.id, ownSavePending {
            ownSavePending = false
            effects = editor.saveSucceeded()  // its message names the file
            if case .joiner(let localFile) = role {
                // A joiner's Ctrl-S wrote the host's file first: say so, and whether the local copy was written too.
                let copy = localFile == nil ? "" : " and to \(editor.fileName)"
                editor.showMessage("Saved on the host (revision \(notice.revision))\(copy)")
            }
        } else {
            editor.showMessage("Saved by \(notice.name) (revision \(notice.revision))")
            if holdsSavedText(notice, editor: editor) { editor.noteTextMatchesDisk() }
        }
        if case .joiner(let localFile?) = role {
            do {
                try localFile.save(editor.document.buffer.string, overwritingExternalChanges: true)
            } catch {
                logger.error("local copy of \(documentPath) not written: \(error)")
            }
        }
        return effects
    }

    /// Whether the editor's text is the host's text at the notice's revision (what the host wrote), with none of
    /// our edits on their way: the editor then has nothing unsaved.
    private func holdsSavedText(_ notice: SaveNotice, editor: Editor) -> Bool {
        let document = client.document
        guard let synced = document.synced, synced.revision == notice.revision, document.inFlight == nil else {
            return false
        }
        return editor.document.buffer == synced.text
    }

    private func saveFailed(_ reason: String, editor: inout Editor) {
        guard ownSavePending else { return editor.showMessage("Save failed on the host: \(reason)", isError: true) }
        ownSavePending = false
        editor.saveFailed(reason: reason)
    }

    // MARK: Quitting

    /// Whether Ctrl-Q may end the editor now: a host with others connected warns first, and the next key, when it
    /// is Ctrl-Q, confirms (the editor then asks about unsaved changes as usual).
    func mayQuit(editor: inout Editor) -> Bool {
        guard case .host = role, client.participants.count > 1, !quitArmed else { return true }
        quitArmed = true
        let others = client.participants.count - 1
        editor.showMessage(
            "\(others) other\(others == 1 ? " is" : "s are") connected: Ctrl-Q again ends the session for everyone",
            isError: true)
        return false
    }

    /// Ends a session whose editor never ran (the screen could not be set up).
    static func abandon(_ start: SessionStart) -> Bool {
        start.client.close()
        if case .host(let sharing, _) = start.role { sharing.stopWaiting() }
        start.journal?.close()
        return true
    }

    /// Ends the session: sends what is unsent (waiting a moment for the host's acknowledgement), stops sharing or
    /// closes the link. Returns a line for the terminal after the screen is restored, if any.
    func finish(_ editor: Editor) -> String? {
        var buffer = editor.document.buffer
        if client.status == .live {
            client.tick(buffer: buffer)
            client.requestAcknowledgements()  // rather than wait for the host to send the acks it holds back
            let deadline = clock.now + .seconds(2)
            while client.hasUnacknowledgedEdits(buffer: buffer), client.status == .live, clock.now < deadline {
                client.wakePipe.wait(milliseconds: 50)
                for case .applyRemote(_, let result) in client.process(buffer: buffer) { buffer = result }
            }
        }
        let unacknowledged = client.hasUnacknowledgedEdits(buffer: buffer)
        client.close()
        switch role {
        case .host(let sharing, _):
            sharing.stopWaiting()
            journal?.close()
            return nil
        case .joiner(let localFile):
            guard unacknowledged, !client.isReadOnly else { return nil }
            guard let localFile else {
                return "coedit: your last edits did not reach the host (it was unreachable)"
            }
            do {
                try localFile.save(buffer.string, overwritingExternalChanges: true)
                return "coedit: the host was unreachable; your text was saved locally to \(documentPath)"
            } catch {
                return "coedit: the host was unreachable and the local copy failed: \(error)"
            }
        }
    }
}
