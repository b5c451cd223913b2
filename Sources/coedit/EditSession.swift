import EditorCore
import EditorModel
import FileStore
import NIOCore
import TerminalUI

#if canImport(Glibc)
import Glibc
#endif

/// One editing session of one file: the run loop and the effects the editor asks for.
///
/// `EditorRunLoop` hands it each batch of terminal input (and an empty batch when the network posted events or a
/// timer is due); it feeds each event to the editor, performs the effects it returns (save via `DocumentFile`,
/// quit, clipboard), then draws one frame for the whole batch. A termination signal
/// (SIGHUP, SIGTERM...) writes the unsaved text to the recovery file first.
final class EditSession {
    /// How the loop ended.
    enum Ending: Equatable {
        /// The user quit.
        case quit
        /// A signal asked the process to end; `recoveryPath` is where unsaved text went (nil: nothing unsaved,
        /// or the recovery file could not be written, see `recoveryFailure`).
        case signal(Int32, recoveryPath: String?)
    }

    private(set) var editor: Editor
    private(set) var file: DocumentFile
    private let screen: TerminalScreen
    private let recovery: RecoveryStore?
    /// The shared document's side of the loop, when FILE is shared or joined (nil: editing alone).
    private let shared: SharedEditing?
    /// Answers the history view (F7): the host's journal, the host for a joiner, or nothing when not shared.
    private let history: any HistoryViewSource
    /// Why writing the recovery file failed, reported on standard error after the terminal is restored.
    private(set) var recoveryFailure: String?
    private var quitRequested = false

    init(
        editor: Editor, file: DocumentFile, screen: TerminalScreen, recovery: RecoveryStore?,
        shared: SharedEditing? = nil
    ) {
        self.editor = editor
        self.file = file
        self.screen = screen
        self.recovery = recovery
        self.shared = shared
        self.history = HistoryViewSources.source(for: shared)
    }

    /// `coedit FILE`: opens the file (refusing bad files before the screen is touched), offers a recovery, takes
    /// over the terminal, runs the loop, and gives the terminal back. A termination signal is re-raised at the end
    /// so the exit status tells how the process ended.
    static func run(
        path: String, environment: [String: String], collaboration: CollaborationOptions = CollaborationOptions()
    ) throws(CoeditFailure) {
        let mode = try collaboration.mode()
        let opened: (file: DocumentFile, text: String)
        do {
            opened = try DocumentFile.open(path)
        } catch {
            throw CoeditFailure(error.description)
        }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CoeditFailure("standard input and output must be a terminal")
        }
        let recovery = RecoveryStore.defaultDirectory(environment: environment).map(RecoveryStore.init)
        var recoveryOutcome = RecoveryPrompt.Outcome.none
        if case .join = mode {} else {
            recoveryOutcome = try RecoveryPrompt.offer(file: opened.file, diskText: opened.text, store: recovery)
        }
        let declinedRecovery = recoveryOutcome == .discarded
        let runLoop = EditorRunLoop()
        defer { runLoop.shutdown() }
        let terminal = EditorRunLoop.openTerminalForReading()
        let start: SessionStart?
        do throws(CoeditFailure) {
            start = try Self.startCollaboration(
                mode, opened: opened, options: collaboration, discardingUnsavedHistory: declinedRecovery,
                environment: environment, eventLoop: runLoop.eventLoop)
        } catch {
            if let terminal { close(terminal) }
            throw error
        }
        let screen: CursesScreen
        do {
            screen = try CursesScreen(environment: environment)
        } catch {
            if let terminal { close(terminal) }
            if let start { _ = SharedEditing.abandon(start) }
            throw CoeditFailure(error.description)
        }
        let configuration = EditorConfiguration(colorEnabled: screen.colorSupport != .monochrome)
        let differs = start?.differsFromDisk ?? false
        var editor = Editor(text: differs ? opened.text : start?.text ?? opened.text,
            fileName: PathNamesForDisplay.fileName(path),
            configuration: configuration, rows: screen.size.rows, columns: screen.size.columns)
        if differs, let start {
            // Resumed from history: the editor starts from FILE and shows the journal's text as a change (modified).
            RecoveryPrompt.replaceText(of: &editor, with: start.text, origin: .remote)
        }
        var shared: SharedEditing?
        if let start {
            let sharedEditing = SharedEditing(
                client: start.client, role: start.role, editor: editor,
                syncInterval: .milliseconds(collaboration.syncInterval), documentPath: path,
                logger: SessionStart.logger(options: collaboration, environment: environment))
            sharedEditing.journal = start.journal
            sharedEditing.journalStore = start.journalStore
            _ = sharedEditing.handle(start.pendingEvents, editor: &editor)
            if let greeting = start.greeting { editor.showMessage(greeting) }
            shared = sharedEditing
        }
        let notices = [Self.openingNotice(for: opened.file), recoveryOutcome.warning].compactMap { $0 }
        if case .join = mode {} else if !notices.isEmpty {
            editor.showMessage((notices + [start?.greeting].compactMap { $0 }).joined(separator: "   "))
        }
        if let restored = recoveryOutcome.restoredText {
            RecoveryPrompt.apply(restored, to: &editor)
            shared?.noteLocalChanges(editor)
        }
        let session = EditSession(editor: editor, file: opened.file, screen: screen, recovery: recovery, shared: shared)
        let ending: Ending
        do throws(CoeditFailure) {
            ending = try runLoop.run(session, input: screen.input, terminal: terminal, shared: shared)
        } catch {
            _ = shared?.finish(session.editor)
            screen.restore()
            throw error
        }
        let farewell = shared?.finish(session.editor)
        screen.restore()
        if let farewell { Console.error(farewell + "\n") }
        guard case .signal(let signal, let recoveryPath) = ending else { return }
        if let recoveryPath {
            Console.error("coedit: unsaved changes to \(path) kept in \(recoveryPath); run 'coedit \(path)' to restore them\n")
        } else if let failure = session.recoveryFailure {
            Console.error("coedit: unsaved changes to \(path) were LOST: \(failure)\n")
        }
        Glibc.signal(signal, SIG_DFL)
        raise(signal)
        exit(128 + signal)
    }

    /// What the first frame says about FILE itself, as nano and vim do: a new file, or one that cannot be saved.
    private static func openingNotice(for file: DocumentFile) -> String? {
        let obstacle = file.saveObstacle.map { "Ctrl-S will fail: \($0)" }
        guard file.fingerprint == nil else { return obstacle }
        return ["New file", obstacle].compactMap { $0 }.joined(separator: "; ")
    }

    /// The sharing or joining `mode` asks for, set up before the screen is taken over (nil: editing alone).
    private static func startCollaboration(
        _ mode: CollaborationOptions.Mode, opened: (file: DocumentFile, text: String), options: CollaborationOptions,
        discardingUnsavedHistory: Bool, environment: [String: String], eventLoop: any EventLoop
    ) throws(CoeditFailure) -> SessionStart? {
        let logger = SessionStart.logger(options: options, environment: environment)
        switch mode {
        case .alone:
            return nil
        case .share(let listen):
            return try SessionStart.share(
                opened, listen: listen, options: options, discardingUnsavedHistory: discardingUnsavedHistory,
                environment: environment, logger: logger, eventLoop: eventLoop)
        case .join(let endpoint):
            return try SessionStart.join(
                opened, endpoint: endpoint, secret: nil, options: options, environment: environment, logger: logger,
                eventLoop: eventLoop)
        }
    }

    /// Draws the first frame (call once, before the first `handle`).
    func start() {
        draw()
    }

    /// Handles one batch of input (possibly empty: the network posted events, or a tick or a look at the disk is
    /// due), then draws one frame. Returns how the session ended when it did (nothing is drawn then).
    ///
    /// Each event goes to the editor and its effects are performed; then, when the document is shared, what the
    /// network delivered is applied, the host's file is looked at if due, and the changes are sent if a tick is due.
    func handle(_ inputs: [TerminalInput]) -> Ending? {
        screen.prepare(for: inputs)
        for input in inputs {
            switch input {
            case .event(let event):
                if let shared, shared.handleSessionKey(event, editor: &editor) { break }
                perform(editor.handle(event))
                shared?.noteLocalChanges(editor)
            case .terminationRequested(let signal):
                return .signal(signal, recoveryPath: rescueUnsavedText())
            }
            if quitRequested { return quit() }
        }
        if let shared {
            perform(shared.receive(into: &editor))
            perform(shared.watchDiskIfDue(editor: &editor))
            shared.tickIfDue(editor)
            if quitRequested { return quit() }
        }
        serveHistory()
        draw()
        return nil
    }

    /// How long the loop may wait without input before `handle` has work (a tick or a look at the disk is due);
    /// nil when an idle editor has nothing to do until something arrives.
    var nextWakeup: Duration? { shared?.nextWakeup() }

    /// Ends the session at the user's request: the recovery file has nothing left to keep.
    private func quit() -> Ending {
        recovery?.remove(forDocumentAt: file.absolutePath)
        return .quit
    }

    /// Answers the history view once per batch of events (taking replies that arrived even when it is closed),
    /// telling it how far the live document has come.
    private func serveHistory() {
        if let revision = shared?.client.document.revision { editor.updateHistoryLatestRevision(revision) }
        history.serve(&editor)
    }

    /// Draws the editor (with remote cursors when shared).
    private func draw() {
        screen.draw(shared?.render(editor) ?? editor.render())
    }

    /// Performs the editor's effects in order (a reply may produce more effects, e.g. quit after a save).
    private func perform(_ effects: [EditorEffect]) {
        for effect in effects {
            switch effect {
            case .save(let request):
                if let shared, shared.hostFile == nil {
                    perform(shared.save(request, editor: &editor))
                } else {
                    save(request)
                }
            case .quit:
                if shared?.mayQuit(editor: &editor) ?? true { quitRequested = true }
            case .exportToClipboard(let text): screen.exportToClipboard(text)
            }
        }
    }

    private func save(_ request: SaveRequest) {
        do throws(DocumentFile.SaveError) {
            if let hostFile = shared?.hostFile {
                // Shared: the same file object that peers' Ctrl-S writes through (one fingerprint).
                try hostFile.save(request.text, overwritingExternalChanges: request.overwritingExternalChanges)
            } else {
                try file.save(request.text, overwritingExternalChanges: request.overwritingExternalChanges)
            }
        } catch {
            switch error {
            case .changedOnDisk: editor.confirmOverwriteAfterExternalChange()
            case .failed(let reason): editor.saveFailed(reason: reason.description)
            }
            return
        }
        recovery?.remove(forDocumentAt: file.absolutePath)
        shared?.announceOwnSave(text: request.text)
        perform(editor.saveSucceeded())
    }

    /// Writes the text to the recovery file when it has unsaved changes; returns the recovery file's path.
    private func rescueUnsavedText() -> String? {
        guard editor.isModified else { return nil }
        guard let recovery else {
            recoveryFailure = "no recovery directory (set HOME or XDG_STATE_HOME)"
            return nil
        }
        do {
            try recovery.write(
                editor.document.buffer.string, forDocumentAt: file.absolutePath, baseFingerprint: file.fingerprint)
            return recovery.recoveryPath(forDocumentAt: file.absolutePath)
        } catch {
            recoveryFailure = error.description
            return nil
        }
    }
}

/// File names for the status line.
enum PathNamesForDisplay {
    /// The last path component (the whole argument when it has none).
    static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
