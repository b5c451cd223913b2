/// Applying a change set to a text, and inverting it for undo.
extension ChangeSet {
    /// The text `text` with this change applied.
    ///
    /// - Throws: `ChangeSetError.lengthMismatch` when `text` does not have `baseLength` scalars.
    public func apply(to text: String) throws(ChangeSetError) -> String {
        let scalars = text.unicodeScalars
        let count = scalars.count
        guard count == baseLength else { throw .lengthMismatch(expected: baseLength, actual: count) }
        var result = String.UnicodeScalarView()
        var index = scalars.startIndex
        for operation in operations {
            switch operation {
            case .retain(let count):
                let end = scalars.index(index, offsetBy: count)
                result.append(contentsOf: scalars[index..<end])
                index = end
            case .insert(let inserted):
                result.append(contentsOf: inserted.unicodeScalars)
            case .delete(let count):
                index = scalars.index(index, offsetBy: count)
            }
        }
        return String(result)
    }

    /// Applies this change to `buffer` in O(operations · log n), sharing the untouched parts' nodes.
    ///
    /// Each deleted or inserted run is one `TextBuffer.replace` in place (a delete and the insert beside it are
    /// one replace), so a keystroke inside one leaf rebuilds only that leaf and its ancestors.
    ///
    /// - Throws: `ChangeSetError.lengthMismatch` when `buffer` does not have `baseLength` scalars; `buffer` is
    ///   then left unchanged.
    public func apply(to buffer: inout TextBuffer) throws(ChangeSetError) {
        guard buffer.scalarCount == baseLength else {
            throw .lengthMismatch(expected: baseLength, actual: buffer.scalarCount)
        }
        if isIdentity { return }
        var position = 0  // in the buffer as edited so far
        var deleted = 0  // scalars to delete at `position`, not yet replaced
        var inserted = ""  // text to insert at `position`, not yet replaced
        func flush() {
            guard deleted > 0 || !inserted.isEmpty else { return }
            buffer.replace(position..<position + deleted, with: inserted)
            position += inserted.unicodeScalars.count
            deleted = 0
            inserted = ""
        }
        for operation in operations {
            switch operation {
            case .retain(let count):
                flush()
                position += count
            case .insert(let text):
                inserted += text
            case .delete(let count):
                deleted += count
            }
        }
        flush()
    }

    /// The change that undoes this one: applied after this change to `base`, it gives `base` back.
    ///
    /// Law: `apply(apply(S, c), c.inverted(against: S)) == S`. Each delete becomes an insert of the text it
    /// removed from `base`, each insert a delete. For example `[retain 1, delete 1, retain 2, insert "e"]` against
    /// "abcd" inverts to `[retain 1, insert "b", retain 2, delete 1]`.
    ///
    /// - Precondition: `base` has `baseLength` scalars (it is the text this change was made on).
    public func inverted(against base: TextBuffer) -> ChangeSet {
        precondition(
            base.scalarCount == baseLength,
            "inverted(against:) needs the change's base text of \(baseLength) scalars, got \(base.scalarCount)")
        var inverse = ChangeSet()
        var position = 0
        for operation in operations {
            switch operation {
            case .retain(let count):
                inverse.retain(count)
                position += count
            case .insert(let text):
                inverse.delete(text.unicodeScalars.count)
            case .delete(let count):
                inverse.insert(base.substring(position..<position + count))
                position += count
            }
        }
        return inverse
    }
}
