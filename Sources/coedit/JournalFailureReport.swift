import EditorModel
import Journal

extension SharedEditing {
    /// Tells the user (once) and the log that the history journal failed mid-session and the session's history
    /// is now kept in memory (`JournalFailover`); later saves are recorded in the in-memory journal. The status
    /// line keeps saying "history in memory" after the message is gone (the next key clears messages).
    ///
    /// Called after every batch of network events: the failed append happened on the host's executor just before
    /// the acknowledgement or broadcast that woke the UI.
    func reportJournalFailure(editor: inout Editor) {
        guard let journalStore, let notice = journalStore.takeFailureNotice() else { return }
        logger.error("\(notice) (journal \(journal?.file ?? "none"))")
        journal = journalStore.current
        editor.showMessage(notice, isError: true)
        journalFailed = true
        updateNote()
    }
}
