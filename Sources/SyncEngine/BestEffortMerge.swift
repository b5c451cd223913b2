import DiffMatchPatch

/// A hunk of a best-effort merge that did not apply: the submitter's edit, kept so it is never lost.
public struct FailedHunk: Hashable, Sendable {
    /// The hunk as diff-match-patch patch text (`@@ -a,b +c,d @@` and its lines), in the coordinates of the
    /// submitter's base text as patched by the hunks before it (DMP's rolling coordinates).
    public var patchText: String
    /// The text the hunk would have removed (without its context).
    public var removedText: String
    /// The text the hunk would have inserted.
    public var insertedText: String

    /// A failed hunk; see the properties.
    public init(patchText: String, removedText: String, insertedText: String) {
        self.patchText = patchText
        self.removedText = removedText
        self.insertedText = insertedText
    }

    /// The failed hunk `patch`.
    init(_ patch: Patch) {
        patchText = DiffMatchPatch.patchText([patch])
        removedText = patch.diffs.filter { $0.operation == .delete }.map(\.text).joined()
        insertedText = patch.diffs.filter { $0.operation == .insert }.map(\.text).joined()
    }
}

/// The fallback merge for edits whose base revision is unknown: diff-match-patch patching, the CoCalc way.
///
/// Used only where exact rebasing is impossible: a client's local work after a snapshot (its base left the host's
/// log, the host restarted without it, or a hash mismatch forced a resync), and `MergeSubmission`s at the host.
/// Every base the host still knows is rebased exactly (`ChangeSet.transform`) instead.
///
/// The steps:
/// 1. patch = DMP patches of `base` → `edited` (hunks with a few scalars of context), split so that each hunk's
///    pattern fits the fuzzy matcher;
/// 2. remap: each hunk's expected location is carried through a diff of `base` → `current`, so hunks still land
///    when the text around them moved far (DMP's matcher only searches near the expected location);
/// 3. apply best effort to `current`: each hunk is located by fuzzy matching of its context and applied, or fails;
/// 4. report every failed hunk (`FailedHunk`): the caller keeps them, e.g. in a conflict file. Never dropped.
///
/// Deterministic: no time limit on any diff.
public enum BestEffortMerge {
    /// The merged text and the hunks that did not apply.
    public struct Result: Hashable, Sendable {
        /// `current` with every hunk that applied.
        public var text: String
        /// The hunks that did not apply, in order.
        public var failedHunks: [FailedHunk]
    }

    /// Patches are made and split for a matcher of `matchMaxBits − patchMargin` scalars, so that the padding DMP
    /// adds when applying never makes it split them again: one `applied` flag per hunk.
    private static let maker: DiffMatchPatch = {
        let reference = DiffMatchPatch()
        return DiffMatchPatch(diffTimeout: 0, matchMaxBits: reference.matchMaxBits - reference.patchMargin)
    }()
    /// The applier, with the reference's parameters and no time limit.
    private static let applier = DiffMatchPatch(diffTimeout: 0)

    /// Applies the edits `base` → `edited` onto `current` as well as possible.
    ///
    /// When `current == base` the result is `edited`; when `edited == base` it is `current`; neither reports a
    /// failure. Otherwise see the type's steps.
    public static func merge(base: String, edited: String, onto current: String) -> Result {
        if edited == base { return Result(text: current, failedHunks: []) }
        if current == base { return Result(text: edited, failedHunks: []) }
        var patches = maker.patches(from: base, to: edited)
        maker.splitOversizedPatches(&patches)
        let drift = applier.diff(base, current, checkLines: true)
        var remapped = patches
        var lengthChange = 0  // of the hunks before this one: start2 = position in base + lengthChange
        for index in remapped.indices {
            let basePosition = patches[index].start2 - lengthChange
            remapped[index].start2 += DiffMatchPatch.targetIndex(of: basePosition, in: drift) - basePosition
            lengthChange += patches[index].length2 - patches[index].length1
        }
        let (text, applied) = applier.apply(remapped, to: current)
        guard applied.count == patches.count else {
            // Not expected (see `maker`); if DMP split anyway, apply nothing and report everything.
            return Result(text: current, failedHunks: patches.map(FailedHunk.init))
        }
        let failed = zip(patches, applied).filter { !$0.1 }.map { FailedHunk($0.0) }
        return Result(text: text, failedHunks: failed)
    }
}
