/// One token of the delta format, independent of any source text.
///
/// A delta (`diff_toDelta` in the reference) is a tab-separated list of tokens: `=n` keeps n scalars, `-n` deletes n
/// scalars, `+text` inserts the %-escaped text. Counts are Unicode scalars. Operation-based callers (a change set of
/// retain/insert/delete) read and write deltas through these tokens without building placeholder texts.
public enum DeltaToken: Hashable, Sendable {
    /// `=n`: keep `n` scalars of the source.
    case equal(Int)
    /// `-n`: delete `n` scalars of the source.
    case delete(Int)
    /// `+text`: insert `text`.
    case insert(String)
}

extension DiffMatchPatch {
    /// The delta text of `tokens`: e.g. `[.equal(3), .delete(2), .insert("ing")]` is `=3\t-2\t+ing`.
    ///
    /// Inserted text is %-escaped exactly as the Python 3 reference escapes it (`urllib.parse.quote` on the UTF-8
    /// with the safe set `!~*'();/?:@&=+$,# `, uppercase hex).
    public static func delta(of tokens: [DeltaToken]) -> String {
        var output: [UInt8] = []
        for (index, token) in tokens.enumerated() {
            if index > 0 { output.append(UInt8(ascii: "\t")) }
            switch token {
            case .insert(let text):
                output.append(UInt8(ascii: "+"))
                PercentEncoding.append(escaping: text, to: &output)
            case .delete(let count):
                output.append(contentsOf: "-\(count)".utf8)
            case .equal(let count):
                output.append(contentsOf: "=\(count)".utf8)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The tokens of a delta text. Empty tokens (e.g. from a trailing tab) are skipped; lowercase escapes and raw
    /// non-ASCII in an insert are accepted, as the reference accepts them.
    ///
    /// - Throws: `DiffMatchPatchError.malformedDelta` naming the 1-based token for an unknown operation, a count
    ///   that is not a non-negative decimal number, or a bad %-escape.
    public static func deltaTokens(_ delta: String) throws(DiffMatchPatchError) -> [DeltaToken] {
        var delta = delta
        let result = delta.withUTF8 { bytes in
            Result { () throws(DiffMatchPatchError) in try deltaTokens(bytes) }
        }
        return try result.get()
    }

    private static func deltaTokens(_ bytes: UnsafeBufferPointer<UInt8>) throws(DiffMatchPatchError) -> [DeltaToken] {
        var tokens: [DeltaToken] = []
        var tokenNumber = 0
        var tokenStart = 0
        while tokenStart <= bytes.count {
            var tokenEnd = tokenStart
            while tokenEnd < bytes.count && bytes[tokenEnd] != UInt8(ascii: "\t") { tokenEnd += 1 }
            tokenNumber += 1
            let token = UnsafeBufferPointer(rebasing: bytes[tokenStart..<tokenEnd])
            tokenStart = tokenEnd + 1
            if token.isEmpty { continue }
            func failure(_ reason: String) -> DiffMatchPatchError {
                .malformedDelta(token: tokenNumber, text: String(decoding: token, as: UTF8.self), reason: reason)
            }
            let parameter = UnsafeBufferPointer(rebasing: token[1...])
            switch token[0] {
            case UInt8(ascii: "+"):
                do {
                    tokens.append(.insert(try PercentEncoding.decode(parameter)))
                } catch {
                    throw failure(error.reason)
                }
            case UInt8(ascii: "-"), UInt8(ascii: "="):
                guard let count = DecimalNumber.parse(parameter) else {
                    if parameter.first == UInt8(ascii: "-") { throw failure("negative number") }
                    throw failure("invalid number (expected decimal digits)")
                }
                tokens.append(token[0] == UInt8(ascii: "=") ? .equal(count) : .delete(count))
            default:
                throw failure("invalid operation (expected '+', '-' or '=')")
            }
        }
        return tokens
    }
}
