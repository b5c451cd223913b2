/// Diff, match and patch for plain text: a Swift port of Neil Fraser's diff-match-patch that reproduces the results
/// of the Python 3 reference (`diff_match_patch.py`) exactly.
///
/// ### Units
/// Every offset and length — diff run lengths, patch coordinates (`@@ -a,b +c,d @@`), match locations, the counts in
/// a delta (`=4\t-1\t+ed`) — counts **Unicode scalars**, as the Python 3 reference counts code points. (The
/// JavaScript, Java and C++ ports count UTF-16 code units and so disagree on text outside the Basic Multilingual
/// Plane, e.g. emoji.) Patch text and delta text escape the UTF-8 bytes of the text exactly as Python's
/// `urllib.parse.quote(text, "!~*'();/?:@&=+$,# ")` does, so the texts are byte-identical to the reference's.
///
/// ### Shape
/// A `DiffMatchPatch` value holds the tuning parameters of the reference (`Diff_Timeout`, `Diff_EditCost`, ...) and
/// an injectable clock; the algorithms are its methods, named after the Swift API Design Guidelines, each doc
/// comment naming the reference function it reproduces (e.g. `diff(_:_:checkLines:)` is `diff_main`). Parameter-free
/// helpers are static. Everything is a value type: patches and diffs are copied, never shared (the reference's
/// `patch_deepCopy` is free).
///
/// ### Purity
/// The library does no I/O. The only outside input is `clock`, read by the diff to honour `diffTimeout`; inject a
/// fake clock to make timed-out diffs deterministic.
///
/// ### Errors
/// Nothing traps on any input. Malformed patch text or delta text throws `DiffMatchPatchError`, naming the line or
/// token and the reason.
public struct DiffMatchPatch: Sendable {
    /// Seconds a diff may take before it settles for a coarser result (`Diff_Timeout`); `<= 0` means no limit.
    ///
    /// A non-positive timeout also disables the half-match speedup, which can produce non-minimal diffs.
    public var diffTimeout: Double
    /// The cost of an empty edit in characters, used by `cleanupEfficiency(_:)` (`Diff_EditCost`).
    public var diffEditCost: Int
    /// At what score no match is declared: 0.0 demands perfection, 1.0 accepts anything (`Match_Threshold`).
    public var matchThreshold: Double
    /// How far from the expected location a match may be, in scalars: a match this far away adds 1.0 to its score
    /// (`Match_Distance`). 0 demands the exact location.
    public var matchDistance: Int
    /// How closely the contents of a large deletion (over `matchMaxBits` scalars) must match when applying a patch;
    /// 0.0 demands perfection, 1.0 accepts anything (`Patch_DeleteThreshold`).
    public var patchDeleteThreshold: Double
    /// Context added around each patch hunk, in scalars (`Patch_Margin`). Negative values act as 0, values above
    /// 1,024 as 1,024 (the reference hangs on some of these settings).
    public var patchMargin: Int
    /// The longest pattern the matcher handles in one piece; longer patch hunks are split (`Match_MaxBits`).
    ///
    /// 0 disables splitting (the matcher works on patterns of any length), but as in the Python reference
    /// `apply(_:to:)` then locates hunks by degenerate head and tail patterns and mostly fails: keep it positive.
    /// Negative values act as 0, values above 1,024 as 1,024 (longer patterns make Bitap slow).
    public var matchMaxBits: Int
    /// The clock that `diffTimeout` is measured on.
    public var clock: DiffClock

    /// Creates an instance with the reference defaults, or the given parameters.
    public init(
        diffTimeout: Double = 1.0,
        diffEditCost: Int = 4,
        matchThreshold: Double = 0.5,
        matchDistance: Int = 1000,
        patchDeleteThreshold: Double = 0.5,
        patchMargin: Int = 4,
        matchMaxBits: Int = 32,
        clock: DiffClock = .monotonic
    ) {
        self.diffTimeout = diffTimeout
        self.diffEditCost = diffEditCost
        self.matchThreshold = matchThreshold
        self.matchDistance = matchDistance
        self.patchDeleteThreshold = patchDeleteThreshold
        self.patchMargin = patchMargin
        self.matchMaxBits = matchMaxBits
        self.clock = clock
    }
}
