/// Why a patch text or a delta could not be read.
///
/// The description names the line (patch text, 1-based) or the token (delta, 1-based), quotes it, and states the
/// reason.
public enum DiffMatchPatchError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Line `line` (1-based) of a patch text is malformed.
    case malformedPatch(line: Int, text: String, reason: String)
    /// Token `token` (1-based, tab-separated) of a delta is malformed.
    case malformedDelta(token: Int, text: String, reason: String)
    /// The delta covers `deltaLength` scalars of the source text, but the source text has `sourceLength`.
    case deltaLengthMismatch(deltaLength: Int, sourceLength: Int)

    /// What went wrong and where, e.g. `malformed patch text at line 3 ("*b"): unknown line prefix …`.
    public var description: String {
        switch self {
        case let .malformedPatch(line, text, reason):
            return "malformed patch text at line \(line) (\(Self.quoted(text))): \(reason)"
        case let .malformedDelta(token, text, reason):
            return "malformed delta at token \(token) (\(Self.quoted(text))): \(reason)"
        case let .deltaLengthMismatch(deltaLength, sourceLength):
            return "delta length (\(deltaLength)) does not equal source text length (\(sourceLength))"
        }
    }

    /// The text in quotes, shortened to 60 scalars.
    private static func quoted(_ text: String) -> String {
        let scalars = text.unicodeScalars
        if scalars.count <= 60 { return text.debugDescription }
        var head = String.UnicodeScalarView()
        head.append(contentsOf: scalars.prefix(60))
        return String(head).debugDescription + "…"
    }
}
