/// Overflow-free arithmetic for patch coordinates and parameters, which callers may set to any value.
extension Int {
    /// `self + other`, clamped to the representable range instead of trapping.
    @inline(__always)
    func plus(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }

    /// `self - other`, clamped to the representable range instead of trapping.
    @inline(__always)
    func minus(_ other: Int) -> Int {
        let (difference, overflow) = subtractingReportingOverflow(other)
        return overflow ? (other < 0 ? .max : .min) : difference
    }
}

extension DiffMatchPatch {
    /// The largest `patchMargin` and `matchMaxBits` honoured; larger values act like this one.
    static let parameterCap = 1 << 10

    /// `patchMargin` as used: negative values act as 0 (the reference misbehaves or hangs on them).
    var margin: Int { Swift.min(Swift.max(patchMargin, 0), Self.parameterCap) }

    /// `matchMaxBits` as used: negative values act as 0 (no splitting; the reference hangs on them).
    var maxBits: Int { Swift.min(Swift.max(matchMaxBits, 0), Self.parameterCap) }
}
