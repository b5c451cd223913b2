/// The kind of edit a `Diff` describes.
///
/// The raw values match the reference implementations (`DIFF_DELETE = -1`, `DIFF_EQUAL = 0`, `DIFF_INSERT = 1`).
public enum DiffOperation: Int, Sendable, Hashable {
    /// Text present in the old text only.
    case delete = -1
    /// Text present in both texts.
    case equal = 0
    /// Text present in the new text only.
    case insert = 1
}

/// One run of a diff: an operation and the text it applies to (a `(op, text)` tuple in the reference).
///
/// A diff between two texts is an array of `Diff`s; reading the `.equal` and `.delete` runs in order gives the old
/// text, reading the `.equal` and `.insert` runs gives the new text. Lengths of runs count Unicode scalars.
///
/// Equality is exact: two diffs are equal when their operations match and their texts consist of the same Unicode
/// scalars. (Swift's `String ==` treats canonically equivalent texts such as `"é"` and `"e\u{301}"` as equal; a diff
/// must not.)
public struct Diff: Hashable, Sendable {
    /// What happened to `text`.
    public var operation: DiffOperation
    /// The text of this run.
    public var text: String

    /// Creates a run of `text` with the given operation.
    public init(_ operation: DiffOperation, _ text: String) {
        self.operation = operation
        self.text = text
    }

    /// Whether the two diffs have the same operation and the same Unicode scalars.
    public static func == (lhs: Diff, rhs: Diff) -> Bool {
        lhs.operation == rhs.operation && UTF8Transcoding.sameScalars(lhs.text, rhs.text)
    }

    /// Hashes the operation and the UTF-8 bytes of the text (consistent with `==`).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(operation)
        var text = self.text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(text.utf8.count)
    }
}

extension Diff: CustomStringConvertible {
    /// A readable form such as `insert("abc")`, for test failure messages.
    public var description: String {
        "\(operation)(\(text.debugDescription))"
    }
}
