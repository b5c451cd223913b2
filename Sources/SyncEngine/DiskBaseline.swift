import EditorCore

/// What a host session knows about its document's file on disk, to turn an outside edit of the file (a `git pull`,
/// another editor) into an exact change of the session (Docs/sync.md, "Outside edits").
///
/// `diskText` is the text the session last read from or wrote to the file; `revision` is a host revision and
/// `revisionText` its text. They differ when the session saved (or opened) a text that was not exactly a host
/// revision: a save of the host's own buffer with unsent edits, or a session resumed from history with unsaved
/// revisions. Pure: the shell reads the file.
///
/// **The change.** The file's edit `D = diff(diskText → newText)` is based on `diskText`; the session's drift
/// `S = diff(diskText → revisionText)` is based on it too. `D' = D` rebased over `S` (`ChangeSet.transform`) is
/// exact against `revisionText`, so it is submitted with base `revision` and the host rebases it over everything
/// accepted since: no session edit is lost and no hunk of the file's edit either.
///
/// Law: `change(toDisk: t)` applied to `revisionText` gives `t` whenever `diskText == revisionText.string`.
public struct DiskBaseline: Sendable {
    /// The text the session last read from or wrote to the file.
    public var diskText: String
    /// The host revision the next outside edit is submitted against.
    public var revision: Int
    /// The text of `revision`.
    public var revisionText: TextBuffer

    /// A baseline; see the properties.
    public init(diskText: String, revision: Int, revisionText: TextBuffer) {
        self.diskText = diskText
        self.revision = revision
        self.revisionText = revisionText
    }

    /// The baseline of a file that holds exactly revision `revision`'s `text`.
    public init(revision: Int, text: String) {
        self.init(diskText: text, revision: revision, revisionText: TextBuffer(text))
    }

    /// The file's change from `diskText` to `newText`, exact against `revisionText` (submit it with base
    /// `revision`); nil when the file's text did not change or its change vanishes against the session's (both
    /// made the same edit). The session's inserts go before the file's at the same position.
    public func change(toDisk newText: String) -> ChangeSet? {
        guard newText != diskText else { return nil }
        let disk = TextBuffer(diskText)
        let fileEdit = TextDiff.change(from: disk, to: TextBuffer(newText))
        guard diskText != revisionText.string else { return fileEdit }
        let drift = TextDiff.change(from: disk, to: revisionText)
        guard let rebased = try? ChangeSet.transform(fileEdit, drift, tieBreak: .secondInsertsFirst).a else {
            preconditionFailure("two diffs of the same text have the same base length")
        }
        return rebased.isIdentity ? nil : rebased
    }
}
