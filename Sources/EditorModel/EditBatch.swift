import EditorCore

extension ChangeSet {
    /// A change that replaces each range with its text, all ranges referring to the same base text.
    ///
    /// The ranges must be sorted and must not overlap (touching is fine); lengths are Unicode scalars. Used by
    /// multi-line edits (indent, outdent, replace all) so that each is one change and one undo step.
    static func replacing(_ edits: [(range: Range<Int>, text: String)], baseLength: Int) -> ChangeSet {
        var change = ChangeSet()
        var position = 0
        for edit in edits {
            precondition(edit.range.lowerBound >= position, "edits must be sorted and disjoint")
            change.retain(edit.range.lowerBound - position)
            change.delete(edit.range.count)
            change.insert(edit.text)
            position = edit.range.upperBound
        }
        change.retain(baseLength - position)
        return change
    }
}

extension String {
    /// The number of Unicode scalars: the offset unit everywhere in coedit.
    var scalarCount: Int { unicodeScalars.count }
}
