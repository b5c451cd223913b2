/// A change to a text: a list of operations that walk the old text from start to end.
///
/// `retain(n)` keeps the next n scalars, `delete(n)` removes them, `insert(s)` adds `s` at the current place.
/// The retains and deletes together cover the whole old text (`baseLength` scalars); the retains and inserts
/// make the new text (`targetLength` scalars). For example, editing "abcd" into "acde" is
/// `[retain 1, delete 1, retain 2, insert "e"]`: keep "a", drop "b", keep "cd", add "e" (base 4, target 4).
///
/// Operations are always normalized by the builder methods, so two change sets with the same effect compare
/// equal: no empty operations, adjacent operations of the same kind merged, and an insert placed before an
/// adjacent delete (`[delete 1, insert "x"]` is stored as `[insert "x", delete 1]`). Trailing retains are kept:
/// they are what makes `baseLength` match the text the change applies to.
///
/// Laws (checked by the law tests on random non-ASCII text), for texts S and change sets A, B, C:
/// - apply: `apply(S, A)` is defined only when `S` has `A.baseLength` scalars, and has `A.targetLength` scalars;
/// - compose: `apply(apply(S, A), B) == apply(S, A.composed(with: B))`;
/// - invert: `apply(apply(S, A), A.inverted(against: S)) == S`;
/// - transform (TP1): with `(A', B') = transform(A, B)`, `apply(apply(S, A), B') == apply(apply(S, B), A')`;
/// - mapPosition: monotone (`p ≤ q ⇒ map(p) ≤ map(q)`) and within `0...targetLength`.
///
/// All counts are Unicode scalars.
public struct ChangeSet: Hashable, Sendable {
    /// One step of a change, in scalars.
    public enum Operation: Hashable, Sendable {
        /// Keep the next `count` scalars of the old text.
        case retain(Int)
        /// Add text at the current position.
        case insert(String)
        /// Remove the next `count` scalars of the old text.
        case delete(Int)
    }

    /// The normalized operations (see the type notes).
    public private(set) var operations: [Operation]
    /// The length in scalars of the text this change applies to.
    public private(set) var baseLength: Int
    /// The length in scalars of the text after applying this change.
    public private(set) var targetLength: Int

    /// The empty change: from an empty text to an empty text. Extend it with `retain`, `insert`, `delete`.
    public init() {
        operations = []
        baseLength = 0
        targetLength = 0
    }

    /// Makes room for `operationCount` operations, so that building a change of about that many allocates once.
    public mutating func reserveCapacity(_ operationCount: Int) {
        operations.reserveCapacity(operationCount)
    }

    /// The change that keeps a text of `length` scalars as it is.
    public static func identity(length: Int) -> ChangeSet {
        var change = ChangeSet()
        change.retain(length)
        return change
    }

    /// The change that replaces the scalars in `range` of a `baseLength`-scalar text with `text`.
    ///
    /// For example `replacing(1..<2, with: "é", baseLength: 4)` is `[retain 1, insert "é", delete 1, retain 2]`.
    public static func replacing(_ range: Range<Int>, with text: String, baseLength: Int) -> ChangeSet {
        precondition(
            range.lowerBound >= 0 && range.upperBound <= baseLength, "range \(range) out of 0...\(baseLength)")
        var change = ChangeSet()
        change.retain(range.lowerBound)
        change.insert(text)
        change.delete(range.count)
        change.retain(baseLength - range.upperBound)
        return change
    }

    /// Appends a retain of `count` scalars (0 is a no-op), merging with a preceding retain.
    public mutating func retain(_ count: Int) {
        precondition(count >= 0, "retain count \(count) is negative")
        if count == 0 { return }
        baseLength += count
        targetLength += count
        if case .retain(let previous) = operations.last {
            operations[operations.count - 1] = .retain(previous + count)
        } else {
            operations.append(.retain(count))
        }
    }

    /// Appends an insert of `text` ("" is a no-op), merging with a preceding insert and moving it before a
    /// preceding delete.
    public mutating func insert(_ text: String) {
        if text.isEmpty { return }
        targetLength += text.unicodeScalars.count
        let last = operations.count - 1
        switch operations.last {
        case .insert(let previous)?:
            operations[last] = .insert(previous + text)
        case .delete?:
            if last > 0, case .insert(let previous) = operations[last - 1] {
                operations[last - 1] = .insert(previous + text)
            } else {
                operations.insert(.insert(text), at: last)
            }
        default:
            operations.append(.insert(text))
        }
    }

    /// Appends a delete of `count` scalars (0 is a no-op), merging with a preceding delete.
    public mutating func delete(_ count: Int) {
        precondition(count >= 0, "delete count \(count) is negative")
        if count == 0 { return }
        baseLength += count
        if case .delete(let previous) = operations.last {
            operations[operations.count - 1] = .delete(previous + count)
        } else {
            operations.append(.delete(count))
        }
    }

    /// Whether applying this change leaves every text unchanged (only retains).
    public var isIdentity: Bool {
        operations.allSatisfy { if case .retain = $0 { true } else { false } }
    }
}

extension ChangeSet: CustomStringConvertible {
    /// The operations in the notation of the doc comments, e.g. `[retain 1, delete 1, retain 2, insert "e"]`.
    public var description: String {
        let parts = operations.map { operation -> String in
            switch operation {
            case .retain(let count): "retain \(count)"
            case .delete(let count): "delete \(count)"
            case .insert(let text): "insert \(text.debugDescription)"
            }
        }
        return "[" + parts.joined(separator: ", ") + "]"
    }
}
