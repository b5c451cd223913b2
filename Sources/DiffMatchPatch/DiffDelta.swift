/// The delta format: a compact, tab-separated description of a diff against a known source text.
extension DiffMatchPatch {
    /// The diff as a delta (`diff_toDelta`): `=n` keeps n scalars, `-n` deletes n scalars, `+text` inserts the
    /// %-escaped text; tokens are separated by tabs. E.g. `=3\t-2\t+ing` keeps 3 scalars, deletes 2, inserts "ing".
    ///
    /// Counts are Unicode scalars (as in the 2019 Python 3 reference; later reference releases count UTF-16 units,
    /// which differs for text outside the Basic Multilingual Plane).
    public static func delta(of diffs: [Diff]) -> String {
        delta(
            of: diffs.map { diff in
                switch diff.operation {
                case .insert: .insert(diff.text)
                case .delete: .delete(diff.text.unicodeScalars.count)
                case .equal: .equal(diff.text.unicodeScalars.count)
                }
            })
    }

    /// The diff that `delta` describes against `source` (`diff_fromDelta`).
    ///
    /// Empty tokens (e.g. from a trailing tab) are ignored.
    /// - Throws: `DiffMatchPatchError.malformedDelta` for a token with an unknown operation, a bad number or a bad
    ///   %-escape; `.deltaLengthMismatch` when the delta does not cover the source text exactly.
    public static func diffs(fromDelta delta: String, source: String) throws(DiffMatchPatchError) -> [Diff] {
        let tokens = try deltaTokens(delta)
        let units = UTF8Transcoding.units(source)
        return try units.withUnsafeBufferPointer { text throws(DiffMatchPatchError) in
            var diffs: [Diff] = []
            var pointer = 0  // Cursor in the source text, in scalars.
            for token in tokens {
                switch token {
                case .insert(let text):
                    diffs.append(Diff(.insert, text))
                case .equal(let count), .delete(let count):
                    guard count <= text.count - pointer else {
                        throw .deltaLengthMismatch(deltaLength: pointer + count, sourceLength: text.count)
                    }
                    let run = UTF8Transcoding.string(text.slice(pointer..<(pointer + count)))
                    pointer += count
                    if case .equal = token { diffs.append(Diff(.equal, run)) } else { diffs.append(Diff(.delete, run)) }
                }
            }
            if pointer != text.count {
                throw .deltaLengthMismatch(deltaLength: pointer, sourceLength: text.count)
            }
            return diffs
        }
    }
}
