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

/// One run of a diff: an operation and the text it applies to.
///
/// A diff between two texts is an array of `Diff`s; reading the `.equal` and `.delete` runs in order gives the old
/// text, reading the `.equal` and `.insert` runs gives the new text.
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
}
