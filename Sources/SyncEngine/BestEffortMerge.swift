import DiffMatchPatch
import EditorCore

/// A hunk of a best-effort merge that did not apply: the submitter's edit, kept so it is never lost.
public struct FailedHunk: Hashable, Sendable {
    /// The hunk as diff-match-patch patch text (`@@ -a,b +c,d @@` and its lines), coordinates in the base text.
    public var patchText: String
    /// The text the hunk would have removed (without its context).
    public var removedText: String
    /// The text the hunk would have inserted.
    public var insertedText: String

    /// A failed hunk; see the properties.
    public init(patchText: String, removedText: String, insertedText: String) {
        self.patchText = patchText
        self.removedText = removedText
        self.insertedText = insertedText
    }
}

/// The fallback merge for edits whose base revision is unknown: diff-match-patch patching, the CoCalc way.
///
/// Used when exact rebasing is impossible: a client's local work after a snapshot (its base revision left the
/// host's log, the host restarted without it, or a hash mismatch forced a resync), and `MergeSubmission`s at the
/// host. Not the engine: exact rebasing (`ChangeSet.transform`) handles every base the host still knows.
public enum BestEffortMerge {
    /// The merged text and the hunks that did not apply.
    public struct Result: Hashable, Sendable {
        /// `current` with every hunk that applied.
        public var text: String
        /// The hunks that did not apply, in order.
        public var failedHunks: [FailedHunk]
    }

    /// Applies the edits `base` → `edited` onto `current` as well as possible.
    ///
    /// TEMPORARY (until the dmp branch lands patches): an exact three-way merge with `ChangeSet.transform`.
    public static func merge(base: String, edited: String, onto current: String) -> Result {
        if edited == base { return Result(text: current, failedHunks: []) }
        if current == base { return Result(text: edited, failedHunks: []) }
        let mine = TextDiff.change(from: base, to: edited)
        let theirs = TextDiff.change(from: base, to: current)
        guard let rebased = try? ChangeSet.transform(mine, theirs, tieBreak: .secondInsertsFirst),
            let text = try? rebased.a.apply(to: current)
        else { return Result(text: current, failedHunks: []) }
        return Result(text: text, failedHunks: [])
    }
}
