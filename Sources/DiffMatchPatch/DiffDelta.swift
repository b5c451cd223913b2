/// The delta format: a compact, tab-separated description of a diff against a known source text.
extension DiffMatchPatch {
    /// The diff as a delta (`diff_toDelta`): `=n` keeps n scalars, `-n` deletes n scalars, `+text` inserts the
    /// %-escaped text; tokens are separated by tabs. E.g. `=3\t-2\t+ing` keeps 3 scalars, deletes 2, inserts "ing".
    ///
    /// Counts are Unicode scalars (as in the 2019 Python 3 reference; later reference releases count UTF-16 units,
    /// which differs for text outside the Basic Multilingual Plane).
    public static func delta(of diffs: [Diff]) -> String {
        var output: [UInt8] = []
        for (index, diff) in diffs.enumerated() {
            if index > 0 { output.append(UInt8(ascii: "\t")) }
            switch diff.operation {
            case .insert:
                output.append(UInt8(ascii: "+"))
                PercentEncoding.append(escaping: diff.text, to: &output)
            case .delete:
                output.append(contentsOf: "-\(diff.text.unicodeScalars.count)".utf8)
            case .equal:
                output.append(contentsOf: "=\(diff.text.unicodeScalars.count)".utf8)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The diff that `delta` describes against `source` (`diff_fromDelta`).
    ///
    /// Empty tokens (e.g. from a trailing tab) are ignored.
    /// - Throws: `DiffMatchPatchError.malformedDelta` for a token with an unknown operation, a bad number or a bad
    ///   %-escape; `.deltaLengthMismatch` when the delta does not cover the source text exactly.
    public static func diffs(fromDelta delta: String, source: String) throws(DiffMatchPatchError) -> [Diff] {
        let units = UTF8Transcoding.units(source)
        var delta = delta
        let result = delta.withUTF8 { bytes in
            units.withUnsafeBufferPointer { text in
                Result { () throws(DiffMatchPatchError) in try diffs(fromDelta: bytes, source: text) }
            }
        }
        return try result.get()
    }

    private static func diffs(
        fromDelta bytes: UnsafeBufferPointer<UInt8>, source text: UnitBuffer
    ) throws(DiffMatchPatchError) -> [Diff] {
        var diffs: [Diff] = []
        var pointer = 0  // Cursor in the source text, in scalars.
        var tokenNumber = 0
        var tokenStart = 0
        while tokenStart <= bytes.count {
            var tokenEnd = tokenStart
            while tokenEnd < bytes.count && bytes[tokenEnd] != UInt8(ascii: "\t") { tokenEnd += 1 }
            tokenNumber += 1
            let token = UnsafeBufferPointer(rebasing: bytes[tokenStart..<tokenEnd])
            tokenStart = tokenEnd + 1
            if token.isEmpty { continue }  // Blank tokens are fine (e.g. from a trailing tab).
            func failure(_ reason: String) -> DiffMatchPatchError {
                .malformedDelta(token: tokenNumber, text: String(decoding: token, as: UTF8.self), reason: reason)
            }
            let parameter = UnsafeBufferPointer(rebasing: token[1...])
            switch token[0] {
            case UInt8(ascii: "+"):
                do {
                    diffs.append(Diff(.insert, try PercentEncoding.decode(parameter)))
                } catch {
                    throw failure(error.reason)
                }
            case UInt8(ascii: "-"), UInt8(ascii: "="):
                guard let count = DecimalNumber.parse(parameter) else {
                    if parameter.first == UInt8(ascii: "-") { throw failure("negative number") }
                    throw failure("invalid number (expected decimal digits)")
                }
                guard count <= text.count - pointer else {
                    throw .deltaLengthMismatch(deltaLength: pointer + count, sourceLength: text.count)
                }
                let run = UTF8Transcoding.string(text.slice(pointer..<(pointer + count)))
                pointer += count
                diffs.append(Diff(token[0] == UInt8(ascii: "=") ? .equal : .delete, run))
            default:
                throw failure("invalid operation (expected '+', '-' or '=')")
            }
        }
        if pointer != text.count {
            throw .deltaLengthMismatch(deltaLength: pointer, sourceLength: text.count)
        }
        return diffs
    }
}
