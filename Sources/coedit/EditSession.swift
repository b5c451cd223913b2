import EditorCore
import EditorModel
import FileStore
import TerminalUI

#if canImport(Glibc)
import Glibc
#endif

/// One editing session of one file: the run loop and the effects the editor asks for.
///
/// The loop waits for terminal input, feeds each event to the editor, performs the effects it returns (save via
/// `DocumentFile`, quit, clipboard), then draws one frame for the whole batch of input. A termination signal
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
    /// Why writing the recovery file failed, reported on standard error after the terminal is restored.
    private(set) var recoveryFailure: String?
    private var quitRequested = false

    init(editor: Editor, file: DocumentFile, screen: TerminalScreen, recovery: RecoveryStore?) {
        self.editor = editor
        self.file = file
        self.screen = screen
        self.recovery = recovery
    }

    /// `coedit FILE`: opens the file (refusing bad files before the screen is touched), offers a recovery, takes
    /// over the terminal, runs the loop, and gives the terminal back. A termination signal is re-raised at the end
    /// so the exit status tells how the process ended.
    static func run(path: String, environment: [String: String]) throws(CoeditFailure) {
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
        let restored = try RecoveryPrompt.offer(file: opened.file, diskText: opened.text, store: recovery)
        let screen: CursesScreen
        do {
            screen = try CursesScreen(environment: environment)
        } catch {
            throw CoeditFailure(error.description)
        }
        let configuration = EditorConfiguration(colorEnabled: screen.colorSupport != .monochrome)
        var editor = Editor(text: opened.text, fileName: PathNamesForDisplay.fileName(path),
            configuration: configuration, rows: screen.size.rows, columns: screen.size.columns)
        if let restored {
            RecoveryPrompt.apply(restored, to: &editor)
        }
        let session = EditSession(editor: editor, file: opened.file, screen: screen, recovery: recovery)
        let ending = session.run()
        screen.restore()
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

    /// Runs until the user quits or a signal asks the process to end.
    func run() -> Ending {
        screen.draw(editor.render())
        while true {
            for input in screen.readInput(timeout: nil) {
                switch input {
                case .event(let event):
                    perform(editor.handle(event))
                case .terminationRequested(let signal):
                    return .signal(signal, recoveryPath: rescueUnsavedText())
                case .descriptorReady:
                    break
                }
                if quitRequested {
                    recovery?.remove(forDocumentAt: file.absolutePath)
                    return .quit
                }
            }
            screen.draw(editor.render())
        }
    }

    /// Performs the editor's effects in order (a reply may produce more effects, e.g. quit after a save).
    private func perform(_ effects: [EditorEffect]) {
        for effect in effects {
            switch effect {
            case .save(let request): save(request)
            case .quit: quitRequested = true
            case .exportToClipboard(let text): screen.exportToClipboard(text)
            }
        }
    }

    private func save(_ request: SaveRequest) {
        do throws(DocumentFile.SaveError) {
            try file.save(request.text, overwritingExternalChanges: request.overwritingExternalChanges)
        } catch {
            switch error {
            case .changedOnDisk: editor.confirmOverwriteAfterExternalChange()
            case .failed(let reason): editor.saveFailed(reason: reason.description)
            }
            return
        }
        recovery?.remove(forDocumentAt: file.absolutePath)
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
