/// A selection as an anchor and a head, in scalar offsets: the head is the cursor, the anchor the other end.
///
/// Empty (a plain cursor) when `anchor == head`. The head may be before the anchor (a selection made leftwards).
public struct Selection: Hashable, Sendable {
    /// The end that stays put while extending the selection.
    public var anchor: Int
    /// The end that moves: where the cursor is drawn.
    public var head: Int

    /// A selection from `anchor` to `head`.
    public init(anchor: Int, head: Int) {
        self.anchor = anchor
        self.head = head
    }

    /// An empty selection: a cursor at `cursor`.
    public init(cursor: Int) {
        self.init(anchor: cursor, head: cursor)
    }

    /// The selected scalars, from the smaller end to the larger.
    public var range: Range<Int> { min(anchor, head)..<max(anchor, head) }

    /// Whether nothing is selected (a plain cursor).
    public var isEmpty: Bool { anchor == head }

    /// This selection carried through `change` (a change made by someone else, or any change the user did not
    /// make at this selection).
    ///
    /// The rule, the same for local and remote changes, is that a selection keeps the text it was on:
    /// - **A cursor stays before text inserted exactly at it** (`Association.before`). If a peer types at my
    ///   cursor, their text appears after my cursor and my cursor does not move; when I type next, my text goes
    ///   before theirs, so the two people's words never interleave letter by letter. ("he|llo" + peer types "X"
    ///   at 2 → "he|Xllo".) Text inserted before the cursor pushes it right, as expected.
    /// - **A non-empty selection does not grow** to take in text inserted at its edges: its start moves after
    ///   such text, its end stays before it ("[ab]c" + "X" at 0 → "X[ab]c"; + "X" at 2 → "[ab]Xc"). Text
    ///   inserted inside it stays inside.
    /// - **Deleted text collapses** the ends inside it to where the deletion was; a selection whose text is all
    ///   deleted becomes a cursor there.
    ///
    /// The direction (anchor before or after head) is kept.
    public func mapped(through change: ChangeSet) -> Selection {
        if isEmpty {
            return Selection(cursor: change.mapPosition(head, association: .before))
        }
        let lower = range.lowerBound
        let upper = range.upperBound
        let start = change.mapPosition(lower, association: .after)
        let end = max(start, change.mapPosition(upper, association: .before))
        return anchor <= head ? Selection(anchor: start, head: end) : Selection(anchor: end, head: start)
    }
}
