/// Mapping positions (cursors, marks) through a change.

/// Where a position exactly at an insertion point goes: it stays before the inserted text or moves after it.
public enum Association: Sendable, Hashable {
    /// Stay before text inserted at this position (the position keeps its offset relative to the text before it).
    case before
    /// Move after text inserted at this position.
    case after
}

extension ChangeSet {
    /// The position in the new text that corresponds to `position` (a scalar offset in the old text).
    ///
    /// A position in retained text moves with it; a position inside deleted text goes to where the deletion was
    /// (after any text inserted in its place); a position exactly where text is inserted goes before or after
    /// it per `association`. For example through `[retain 2, insert "xy", retain 2]` (base "abcd" → "abxycd"),
    /// position 2 maps to 2 with `.before` and to 4 with `.after`; position 3 maps to 5.
    ///
    /// Laws: monotone (`p ≤ q ⇒ map(p) ≤ map(q)` for the same association) and the result is in
    /// `0...targetLength`. A position outside `0...baseLength` is clamped into it first.
    public func mapPosition(_ position: Int, association: Association) -> Int {
        let position = min(max(position, 0), baseLength)
        var old = 0
        var new = 0
        for operation in operations {
            switch operation {
            case .retain(let count):
                if position < old + count { return new + (position - old) }
                old += count
                new += count
            case .delete(let count):
                if position < old + count { return new }
                old += count
            case .insert(let text):
                if position == old && association == .before { return new }
                new += text.unicodeScalars.count
            }
        }
        return new + (position - old)
    }
}
