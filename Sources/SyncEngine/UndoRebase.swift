import EditorCore

/// Undo of your own edits only: carrying local undo steps through changes other people made later.
///
/// The editor keeps, for each of its own edits, the inverse change (`edit.inverted(against: textBefore)`), exact
/// against the buffer right after that edit. When a remote change is applied to the buffer (`applyToBuffer`), the
/// pending inverses must be carried over it, or undo would undo the wrong text. Then undoing applies the last
/// inverse as it stands: it removes your edit and leaves everyone else's.
public enum UndoRebase {
    /// Carries an undo stack over a remote change applied to the buffer after all of it.
    ///
    /// `inverses` are oldest first: `inverses.last` is exact against the buffer before `remote`; each earlier
    /// one is exact against the text after undoing every later one. The result has the same shape against the
    /// buffer after `remote`. The remote change is carried down the stack, most recent first:
    ///
    ///     buffer ──remote──▶ buffer'        (I', R') = transform(I, R) for the last inverse I,
    ///       │                  │             then the next inverse against R', and so on.
    ///       I                  I'
    ///       ▼                  ▼
    ///     undone ──R'──────▶ undone'
    ///
    /// Text an inverse re-inserts at the very place where the remote change inserted goes after the remote text
    /// (`tieBreak` `.secondInsertsFirst`), by default.
    ///
    /// - Throws: `ChangeSetError.lengthMismatch` when `remote` does not fit the buffer `inverses.last` fits.
    public static func rebase(
        _ inverses: [ChangeSet], over remote: ChangeSet, tieBreak: TieBreak = .secondInsertsFirst
    ) throws(ChangeSetError) -> [ChangeSet] {
        var carried = remote
        var result = inverses
        for index in inverses.indices.reversed() {
            let (inverse, next) = try ChangeSet.transform(inverses[index], carried, tieBreak: tieBreak)
            result[index] = inverse
            carried = next
        }
        return result
    }

    /// Carries one inverse over the remote changes applied after it, in order.
    ///
    /// - Throws: `ChangeSetError.lengthMismatch` when the changes do not chain from the inverse's base.
    public static func rebase(
        _ inverse: ChangeSet, through remotes: [ChangeSet], tieBreak: TieBreak = .secondInsertsFirst
    ) throws(ChangeSetError) -> ChangeSet {
        var result = inverse
        for remote in remotes {
            result = try ChangeSet.transform(result, remote, tieBreak: tieBreak).a
        }
        return result
    }
}
