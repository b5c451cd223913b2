/// Reads a change set's operations piece by piece, so two change sets can be walked in step (compose, transform).
///
/// `current` is what is left of the operation under the cursor; `consume(_:)` takes a prefix of it, splitting an
/// insert's text at a scalar offset.
struct OperationCursor {
    /// What is left of one operation.
    enum Piece {
        case retain(Int)
        case delete(Int)
        case insert(Substring.UnicodeScalarView, count: Int)

        /// The scalars this piece covers (of the old text for retain/delete, of the new text for insert).
        var count: Int {
            switch self {
            case .retain(let count), .delete(let count), .insert(_, let count): count
            }
        }

        var isInsert: Bool {
            if case .insert = self { true } else { false }
        }
    }

    private let operations: [ChangeSet.Operation]
    private var index = 0
    /// The rest of the current operation; nil after the last.
    private(set) var current: Piece?

    init(_ change: ChangeSet) {
        operations = change.operations
        current = Self.piece(operations.first)
    }

    private static func piece(_ operation: ChangeSet.Operation?) -> Piece? {
        switch operation {
        case nil: nil
        case .retain(let count): .retain(count)
        case .delete(let count): .delete(count)
        case .insert(let text): .insert(Substring(text).unicodeScalars, count: text.unicodeScalars.count)
        }
    }

    /// Takes `count` scalars (at most `current.count`) from the current piece, moving on when it is used up.
    mutating func consume(_ count: Int) {
        guard let piece = current else { return }
        if count >= piece.count {
            index += 1
            current = Self.piece(index < operations.count ? operations[index] : nil)
            return
        }
        switch piece {
        case .retain(let total): current = .retain(total - count)
        case .delete(let total): current = .delete(total - count)
        case .insert(let text, let total): current = .insert(text.dropFirst(count), count: total - count)
        }
    }

    /// Takes the whole current piece.
    mutating func consumeAll() {
        consume(current?.count ?? 0)
    }
}

extension Substring.UnicodeScalarView {
    /// The first `count` scalars as a String.
    func prefixString(_ count: Int) -> String {
        var result = String.UnicodeScalarView()
        result.append(contentsOf: prefix(count))
        return String(result)
    }
}
