/// Composing two consecutive change sets into one.
extension ChangeSet {
    /// The single change that does this change and then `next`.
    ///
    /// If `self` takes text A to B and `next` takes B to C, the result takes A to C:
    /// `apply(apply(S, self), next) == apply(S, self.composed(with: next))`. Text that `self` inserts and `next`
    /// deletes vanishes. For example, on "abc": `[retain 3, insert "d"]` then `[delete 1, retain 3]` compose to
    /// `[delete 1, retain 2, insert "d"]`.
    ///
    /// - Throws: `ChangeSetError.lengthMismatch(expected: targetLength, actual: next.baseLength)` when `next`
    ///   does not start from this change's result.
    public func composed(with next: ChangeSet) throws(ChangeSetError) -> ChangeSet {
        guard targetLength == next.baseLength else {
            throw .lengthMismatch(expected: targetLength, actual: next.baseLength)
        }
        // The identity laws, without walking both changes (an editor's unsent edits start as an identity).
        if isIdentity { return next }
        if next.isIdentity { return self }
        var result = ChangeSet()
        var first = OperationCursor(self)
        var second = OperationCursor(next)
        while true {
            switch (first.current, second.current) {
            case (nil, nil):
                return result
            case (.delete(let count)?, _):
                // Deleted by the first change: the second never saw it.
                result.delete(count)
                first.consumeAll()
            case (_, .insert(let text, _)?):
                // Inserted by the second change: the first never had it.
                result.insert(String(String.UnicodeScalarView(text)))
                second.consumeAll()
            case (let a?, let b?):
                let count = min(a.count, b.count)
                switch (a, b) {
                case (.retain, .retain): result.retain(count)
                case (.retain, .delete): result.delete(count)
                case (.insert(let text, _), .retain): result.insert(text.prefixString(count))
                case (.insert, .delete): break  // inserted, then deleted: nothing
                default: preconditionFailure("unreachable: deletes and inserts are handled above")
                }
                first.consume(count)
                second.consume(count)
            case (nil, _?), (_?, nil):
                // Unreachable: equal lengths were checked, and the cursors cover them exactly.
                preconditionFailure("compose walked past a change set's end")
            }
        }
    }
}
