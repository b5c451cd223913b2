import EditorCore

/// The edits the user made that are not sent yet, tracked as one change built from small diffs.
///
/// **Why not diff `sent` → buffer when it is time to send?** That diff is one of many equally short ones when the
/// user made several edits meanwhile (a change was in flight, or the connection was down): diff-match-patch then
/// aligns the old text with *any* matching characters of the new text, and can spread a line that did not change
/// across the new lines around it (old `⟦1.3⟧`, new `⟦1.5⟧ ⟦1.3⟧ ⟦3.9⟧` comes out as "keep `⟦1.`, insert
/// `5⟧ ⟦1.`, keep `3`, insert `⟧ ⟦3.9`, keep `⟧`"). The text is right, but the edit's boundaries are wrong, and a
/// concurrent insert next to one of those kept characters then lands inside someone else's new line: intention is
/// lost although no character is.
///
/// So the client **observes** the buffer whenever the editor hands it over (each tick, each message) and diffs it
/// against the buffer it observed last; between two observations (one sync interval) there is normally one edit,
/// whose diff is exact and contiguous. The diffs are composed into `change`. The editor still never reports
/// keystrokes: this is still a diff of two snapshots, only of closer ones.
///
/// Invariant: `change` is exact from the client's base text (`ClientDocument.sent`: the latest change in flight's
/// text, or `synced.text` with nothing in flight) to `observed`; `change.baseLength` is the base's scalar count, `change.targetLength` is `observed`'s.
struct UnsentEdits: Sendable {
    /// The buffer as the client saw it last.
    private(set) var observed: TextBuffer
    /// Exact from the base text to `observed`.
    private(set) var change: ChangeSet

    /// Nothing unsent: the buffer is the base text.
    init(nothingAfter base: TextBuffer) {
        observed = base
        change = .identity(length: base.scalarCount)
    }

    /// `change` takes the base text to `observed` (callers guarantee it).
    init(observed: TextBuffer, change: ChangeSet) {
        self.observed = observed
        self.change = change
    }

    /// Folds the user's edits since the last observation into `change` (a diff of `observed` → `buffer`), and
    /// returns that diff with the buffer it starts from (nil when the buffer did not change).
    ///
    /// `base` is the base text, used only to start over with one diff should the two not compose (they always
    /// do while the invariant holds).
    mutating func observe(_ buffer: TextBuffer, base: TextBuffer) -> LocalEdit? {
        if buffer == observed { return nil }
        let edit = LocalEdit(before: observed, change: TextDiff.change(from: observed, to: buffer))
        do {
            change = try change.composed(with: edit.change)
        } catch {
            change = TextDiff.change(from: base, to: buffer)
        }
        observed = buffer
        return edit
    }
}

/// What `ClientDocument.observe` saw: the buffer as observed before, and the change from it to the buffer now.
public struct LocalEdit: Sendable {
    /// The buffer the change applies to.
    public let before: TextBuffer
    /// The user's edits since `before`, as one diff.
    public let change: ChangeSet
}

extension ClientDocument {
    /// Notes the buffer as it is now (after a local edit), so that edits made between two ticks keep their own
    /// boundaries. Optional: `tick` and every message observe the buffer too; an editor that observes after each
    /// input gets one contiguous diff per edit. Cost: one diff of the edited region. Does nothing before the first
    /// welcome.
    ///
    /// Returns the diff it made, with the buffer it starts from (nil when it made none: nothing changed, or before
    /// the first welcome), so that a caller that keeps positions in the previous buffer can map them without
    /// diffing again.
    @discardableResult
    public mutating func observe(_ buffer: TextBuffer) -> LocalEdit? {
        guard let base = unsentBase else { return nil }
        if unsent == nil { unsent = UnsentEdits(nothingAfter: base) }
        return unsent!.observe(buffer, base: base)
    }

    /// The base text of the unsent edits: the text the changes in flight lead to, or the synced text.
    var unsentBase: TextBuffer? { sent }

    /// Observes `buffer` (see `UnsentEdits`) and returns the unsent change, exact from `unsentBase` to `buffer`;
    /// nil before the first welcome.
    mutating func unsentChange(observing buffer: TextBuffer) -> ChangeSet? {
        observe(buffer)
        return unsent?.change
    }
}
