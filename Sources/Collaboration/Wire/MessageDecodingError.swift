/// A payload that is not a valid message: which field, where, and what is wrong.
///
/// The offset is the byte offset in the payload (0 = the tag) where the faulty field starts. Decoding throws this
/// for every malformed input and never traps; the host logs it and closes the sender's connection.
public struct MessageDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The field at fault, as a dotted path, e.g. `submit.change.delta`.
    public var field: String
    /// The byte offset of that field in the payload.
    public var offset: Int
    /// What is wrong with it.
    public var reason: String

    /// The error for `field` at `offset`.
    public init(field: String, offset: Int, reason: String) {
        self.field = field
        self.offset = offset
        self.reason = reason
    }

    public var description: String {
        "malformed message: \(field) at byte \(offset): \(reason)"
    }
}
