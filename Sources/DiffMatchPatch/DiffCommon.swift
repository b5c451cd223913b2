/// Common prefix, suffix and overlap of two texts, in Unicode scalars.
extension DiffMatchPatch {
    /// The number of scalars common to the start of both texts (`diff_commonPrefix`).
    public static func commonPrefixLength(_ text1: String, _ text2: String) -> Int {
        withUnits(text1, text2) { UnitOps.commonPrefix($0, $1) }
    }

    /// The number of scalars common to the end of both texts (`diff_commonSuffix`).
    public static func commonSuffixLength(_ text1: String, _ text2: String) -> Int {
        withUnits(text1, text2) { UnitOps.commonSuffix($0, $1) }
    }

    /// The length of the longest suffix of `text1` that is a prefix of `text2`, in scalars (`diff_commonOverlap`).
    ///
    /// Scalars are compared exactly: no normalisation, so the ligature "ﬁ" does not overlap "fi".
    public static func commonOverlapLength(_ text1: String, _ text2: String) -> Int {
        withUnits(text1, text2) { commonOverlap($0, $1) }
    }

    /// The longest suffix of `a` that is a prefix of `b` (linear time; the reference's result).
    static func commonOverlap(_ a: UnitBuffer, _ b: UnitBuffer) -> Int {
        if a.isEmpty || b.isEmpty { return 0 }
        let length = min(a.count, b.count)
        let tail = a.dropFirst(count: a.count - length)
        let head = b.slice(0..<length)
        if UnitOps.equal(tail, head) { return length }
        return KMP(head).overlap(endOf: tail)
    }

    /// Runs `body` on the scalar buffers of two strings.
    static func withUnits<R>(_ text1: String, _ text2: String, _ body: (UnitBuffer, UnitBuffer) -> R) -> R {
        let a = UTF8Transcoding.units(text1)
        let b = UTF8Transcoding.units(text2)
        return a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in body(x, y) } }
    }
}
