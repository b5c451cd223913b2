import DiffMatchPatch

/// The bridge between change sets and DiffMatchPatch: diffs, and the DMP delta text format.
///
/// Lengths are Unicode scalars on both sides (the unit of the Python 3 reference implementation).
/// Deltas go through DiffMatchPatch's text-free `DeltaToken`s: a delta needs no text for its `=n`/`-n` runs.
extension ChangeSet {
    /// The change set a diff describes: `.equal` runs become retains, `.delete` deletes, `.insert` inserts, each
    /// counted in scalars. The base length is the length of the diff's old text.
    public init(diffs: [Diff]) {
        self.init()
        for diff in diffs {
            switch diff.operation {
            case .equal: retain(diff.text.unicodeScalars.count)
            case .delete: delete(diff.text.unicodeScalars.count)
            case .insert: insert(diff.text)
            }
        }
    }

    /// The diff this change makes to `base`, in DMP's conventions: equal and deleted runs carry their text from
    /// `base`, and where text is replaced the delete comes before the insert.
    ///
    /// - Throws: `ChangeSetError.lengthMismatch` when `base` does not have `baseLength` scalars.
    public func diffs(against base: TextBuffer) throws(ChangeSetError) -> [Diff] {
        guard base.scalarCount == baseLength else {
            throw .lengthMismatch(expected: baseLength, actual: base.scalarCount)
        }
        var result: [Diff] = []
        var position = 0
        for operation in deleteFirstOperations {
            switch operation {
            case .retain(let count):
                result.append(Diff(.equal, base.substring(position..<position + count)))
                position += count
            case .delete(let count):
                result.append(Diff(.delete, base.substring(position..<position + count)))
                position += count
            case .insert(let text):
                result.append(Diff(.insert, text))
            }
        }
        return result
    }

    /// The single-hunk change from `old` to `new`: everything between their common prefix and common suffix is
    /// replaced. Cheap for a buffer against its own earlier snapshot (shared subtrees are skipped); a minimal
    /// diff of the middle is DiffMatchPatch's job.
    public static func difference(from old: TextBuffer, to new: TextBuffer) -> ChangeSet {
        let prefix = old.commonPrefixLength(with: new)
        let suffix = min(old.commonSuffixLength(with: new), min(old.scalarCount, new.scalarCount) - prefix)
        let newMiddle = new.substring(prefix..<new.scalarCount - suffix)
        return replacing(prefix..<old.scalarCount - suffix, with: newMiddle, baseLength: old.scalarCount)
    }

    /// The operations with every `[insert, delete]` pair swapped to `[delete, insert]`, DMP's order.
    private var deleteFirstOperations: [Operation] {
        var result = operations
        var index = 0
        while index + 1 < result.count {
            if case .insert = result[index], case .delete = result[index + 1] {
                result.swapAt(index, index + 1)
                index += 2
            } else {
                index += 1
            }
        }
        return result
    }
}

extension ChangeSet {
    /// This change in DMP delta text: tab-separated tokens `=n` (retain n), `-n` (delete n) and `+text` (insert),
    /// with n in scalars and the inserted text %-escaped as the Python 3 reference's `diff_toDelta` does (the
    /// encoding is DiffMatchPatch's `delta(of:)`). A delete adjacent to an insert is written first, as DMP does.
    ///
    /// For example "jumps over the lazy" → "jumped over a lazyold dog" (the reference test vector) is
    /// `=4\t-1\t+ed\t=6\t-3\t+a\t=5\t+old dog`.
    public func deltaText() -> String {
        DiffMatchPatch.delta(
            of: deleteFirstOperations.map { operation in
                switch operation {
                case .retain(let count): .equal(count)
                case .delete(let count): .delete(count)
                case .insert(let text): .insert(text)
                }
            })
    }

    /// Parses DMP delta text (see `deltaText()`) for a text of `baseLength` scalars.
    ///
    /// Accepts what the reference accepts from a well-formed peer: empty tokens (a trailing tab) are skipped,
    /// `=0`/`-0` are no-ops, lowercase escapes and raw non-ASCII in an insert are taken as is.
    ///
    /// - Throws: `ChangeSetError.malformedDelta(token:reason:)` (token 1-based) for an unknown operation, a count
    ///   that is not a non-negative decimal number, a `%` not followed by two hex digits, or escapes that decode to
    ///   invalid UTF-8; `ChangeSetError.lengthMismatch(expected: baseLength, actual:)` when the counts do not
    ///   cover the base text exactly.
    public init(deltaText: String, baseLength: Int) throws(ChangeSetError) {
        try self.init(deltaText: deltaText, baseLength: baseLength, finalRetainImplied: false)
    }

    /// Parses DMP delta text whose final retain may be left out, as a store that knows the base length writes it
    /// (the journal stores `=52341\t+a\t=52300` as `=52341\t+a`): the scalars of the `baseLength` that the tokens
    /// do not reach are retained at the end. One pass over the text, like `init(deltaText:baseLength:)`.
    ///
    /// - Throws: as `init(deltaText:baseLength:)`; `lengthMismatch` when the tokens cover more than `baseLength`.
    public init(deltaTextOmittingFinalRetain deltaText: String, baseLength: Int) throws(ChangeSetError) {
        try self.init(deltaText: deltaText, baseLength: baseLength, finalRetainImplied: true)
    }

    private init(deltaText: String, baseLength: Int, finalRetainImplied: Bool) throws(ChangeSetError) {
        let tokens: [DeltaToken]
        do {
            tokens = try DiffMatchPatch.deltaTokens(deltaText)
        } catch {
            guard case .malformedDelta(let token, let text, let reason) = error else { preconditionFailure() }
            throw .malformedDelta(token: token, reason: "\(text.debugDescription): \(reason)")
        }
        self.init()
        for (index, token) in tokens.enumerated() {
            switch token {
            case .equal(let count), .delete(let count):
                // Counts a hostile or damaged text makes add up past Int.max are refused, not trapped on.
                guard count <= Int.max - self.baseLength else {
                    throw .malformedDelta(token: index + 1, reason: "the counts add up to more than \(Int.max)")
                }
                if case .equal = token { retain(count) } else { delete(count) }
            case .insert(let text): insert(text)
            }
        }
        if finalRetainImplied && self.baseLength < baseLength {
            retain(baseLength - self.baseLength)
        }
        guard self.baseLength == baseLength else {
            throw .lengthMismatch(expected: baseLength, actual: self.baseLength)
        }
    }
}
