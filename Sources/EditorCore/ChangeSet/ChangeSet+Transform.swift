/// Operational transform: rebasing two concurrent change sets over each other.

/// Who goes first when two concurrent changes insert at the same position.
///
/// The rule must be deterministic and agreed by everyone: the caller derives it from the participants' ranks
/// (for example, the participant with the lower rank inserts first), never from arrival order or clocks. The host
/// and every editor must pass the same choice for the same pair of changes.
public enum TieBreak: Sendable, Hashable {
    /// The first argument's insert lands before the second's.
    case firstInsertsFirst
    /// The second argument's insert lands before the first's.
    case secondInsertsFirst
}

extension ChangeSet {
    /// Rebases two changes made concurrently on the same text over each other.
    ///
    /// `a` and `b` share a base S. The result `(a', b')` has `b'` = b rebased onto `apply(S, a)` and `a'` = a
    /// rebased onto `apply(S, b)`, so that (TP1) `apply(apply(S, a), b') == apply(apply(S, b), a')`. A host that
    /// orders changes centrally needs only TP1. Inserts keep their text; text deleted by both is deleted once; an
    /// insert at the same position as the other's insert is placed by `tieBreak`.
    ///
    /// For example on "abcd" with `a = [retain 1, delete 1, retain 2]` (delete "b") and
    /// `b = [retain 3, insert "x", retain 1]` (x after "c"): `a' = [retain 1, delete 1, retain 3]`,
    /// `b' = [retain 2, insert "x", retain 1]`, and both orders give "acxd".
    ///
    /// - Throws: `ChangeSetError.lengthMismatch(expected: a.baseLength, actual: b.baseLength)` when the changes do
    ///   not share a base length.
    public static func transform(
        _ a: ChangeSet, _ b: ChangeSet, tieBreak: TieBreak
    ) throws(ChangeSetError) -> (a: ChangeSet, b: ChangeSet) {
        guard a.baseLength == b.baseLength else {
            throw .lengthMismatch(expected: a.baseLength, actual: b.baseLength)
        }
        var aPrime = ChangeSet()
        var bPrime = ChangeSet()
        var first = OperationCursor(a)
        var second = OperationCursor(b)
        while true {
            let x = first.current
            let y = second.current
            if case .insert(let text, let count)? = x, tieBreak == .firstInsertsFirst || y?.isInsert != true {
                aPrime.insert(String(String.UnicodeScalarView(text)))
                bPrime.retain(count)
                first.consumeAll()
                continue
            }
            if case .insert(let text, let count)? = y {
                aPrime.retain(count)
                bPrime.insert(String(String.UnicodeScalarView(text)))
                second.consumeAll()
                continue
            }
            guard let x, let y else {
                // Equal base lengths were checked, so both cursors end together.
                precondition(x == nil && y == nil, "transform walked past a change set's end")
                return (aPrime, bPrime)
            }
            let count = min(x.count, y.count)
            switch (x, y) {
            case (.retain, .retain):
                aPrime.retain(count)
                bPrime.retain(count)
            case (.delete, .delete):
                break  // deleted by both: already gone on each side
            case (.delete, .retain):
                aPrime.delete(count)
            case (.retain, .delete):
                bPrime.delete(count)
            default:
                preconditionFailure("unreachable: inserts are handled above")
            }
            first.consume(count)
            second.consume(count)
        }
    }
}
