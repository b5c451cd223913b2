import EditorCore
import EditorModel
import FileStore

#if canImport(Glibc)
import Glibc
#endif

/// The question asked at start-up when a recovery file exists for the file being opened.
///
/// It is a plain line on the terminal, asked before the screen is taken over: it works the same in any terminal,
/// in tmux and over SSH, and a script can answer it (`y`, `n` or `q`, then Enter).
enum RecoveryPrompt {
    /// What the start-up check of the recovery store found.
    enum Outcome: Equatable {
        /// No recovery file, or no store.
        case none
        /// The user chose to restore this text.
        case restore(String)
        /// The recovery file was removed: the user declined it, or it held the disk's text.
        case discarded
        /// The recovery file could not be read (e.g. its directory is not readable): editing goes on without it,
        /// the file is left as it is, and this one-line warning is shown on the status line.
        case unreadable(warning: String)

        /// The text to restore, if the user chose to.
        var restoredText: String? {
            if case .restore(let text) = self { text } else { nil }
        }

        /// The warning to show, if the store could not be read.
        var warning: String? {
            if case .unreadable(let warning) = self { warning } else { nil }
        }
    }

    /// Asks whether to restore `store`'s recovery of `file`.
    /// A recovery identical to the disk text is removed silently; "n" removes it; "q" (or end of input) exits and
    /// keeps everything as it is. A recovery store that cannot be read does not stop the editor (as vim goes on
    /// when it cannot open its swap file): the outcome carries a warning instead.
    static func offer(file: DocumentFile, diskText: String, store: RecoveryStore?) throws(CoeditFailure) -> Outcome {
        guard let store else { return .none }
        let recovered: RecoveredDocument?
        do {
            recovered = try store.read(forDocumentAt: file.absolutePath)
        } catch {
            return .unreadable(warning: "no crash recovery: \(error.description)")
        }
        guard let recovered else { return .none }
        if recovered.text == diskText {
            store.remove(forDocumentAt: file.absolutePath)
            return .discarded
        }
        let recoveryPath = store.recoveryPath(forDocumentAt: file.absolutePath)
        var lines = [
            "coedit: \(file.path) has unsaved changes from an earlier session (process \(recovered.processID), "
                + "\(describeAge(of: recovered.savedAt))), kept in \(recoveryPath)."
        ]
        if recovered.baseFingerprint?.contentHash != file.fingerprint?.contentHash
            || (recovered.baseFingerprint == nil) != (file.fingerprint == nil)
        {
            lines.append("coedit: note: \(file.path) itself has changed on disk since that session opened it.")
        }
        lines.append("Restore the unsaved changes? [y] restore, [n] discard them, [q] quit: ")
        Console.output(lines.joined(separator: "\n"))
        while true {
            guard let answer = readLine(strippingNewline: true)?.lowercased() else {
                throw CoeditFailure("no answer; the recovery file is kept")
            }
            switch answer.trimmingSpaces() {
            case "y", "yes": return .restore(recovered.text)
            case "n", "no":
                store.remove(forDocumentAt: file.absolutePath)
                return .discarded
            case "q", "quit": throw CoeditFailure("quit; the recovery file \(recoveryPath) is kept")
            default:
                Console.output("Please answer y, n or q: ")
            }
        }
    }

    /// Puts the restored text in the editor as one local, undoable change (undo shows the file as on disk), so
    /// the document counts as modified until it is saved.
    static func apply(_ text: String, to editor: inout Editor) {
        guard replaceText(of: &editor, with: text, origin: .local) else { return }
        editor.showMessage("Restored unsaved changes; Ctrl-S saves them, Ctrl-Z shows the file as on disk")
    }

    /// Makes the editor's text `text` by one change of `origin` (the document reads as modified); returns whether
    /// it could (else the message line says why).
    @discardableResult
    static func replaceText(of editor: inout Editor, with text: String, origin: ChangeOrigin) -> Bool {
        let change = ChangeSet.difference(from: editor.document.buffer, to: TextBuffer(text))
        do {
            try editor.apply(change, origin: origin)
            return true
        } catch {
            editor.showMessage("Could not restore the unsaved changes: \(error)", isError: true)
            return false
        }
    }

    private static func describeAge(of savedAt: Int) -> String {
        let seconds = max(0, Int(time(nil)) - savedAt)
        switch seconds {
        case ..<120: return "\(seconds) seconds ago"
        case ..<7200: return "\(seconds / 60) minutes ago"
        case ..<172_800: return "\(seconds / 3600) hours ago"
        default: return "\(seconds / 86_400) days ago"
        }
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        let characters = Array(self)
        guard let first = characters.firstIndex(where: { $0 != " " && $0 != "\t" }),
            let last = characters.lastIndex(where: { $0 != " " && $0 != "\t" })
        else { return "" }
        return String(characters[first...last])
    }
}
