extension Editor {
    /// The shell found that the file on disk holds exactly the document's text now (an outside edit of the file
    /// merged into a session that had no unsaved edits): the document is no longer modified. Unlike
    /// `saveSucceeded()`, no save was asked for and no message is shown.
    public mutating func noteTextMatchesDisk() {
        document.markSaved(text: document.buffer)
    }
}
