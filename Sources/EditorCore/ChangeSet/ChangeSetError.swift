/// Why a change set could not be applied, composed, transformed or parsed.
public enum ChangeSetError: Error, Equatable, CustomStringConvertible {
    /// A length in scalars did not match: `expected` is what the change set requires (its `baseLength`, or for
    /// `composed(with:)` the first change's `targetLength`, or for `transform` the first change's `baseLength`),
    /// `actual` is what it was given.
    case lengthMismatch(expected: Int, actual: Int)
    /// A DMP delta text is malformed; `token` is the 1-based number of the tab-separated token at fault.
    case malformedDelta(token: Int, reason: String)

    public var description: String {
        switch self {
        case .lengthMismatch(let expected, let actual):
            "length mismatch: the change needs a text of \(expected) scalars, got \(actual)"
        case .malformedDelta(let token, let reason):
            "malformed delta at token \(token): \(reason)"
        }
    }
}
