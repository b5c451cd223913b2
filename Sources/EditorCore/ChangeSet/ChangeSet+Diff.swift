import DiffMatchPatch

/// The bridge between change sets and DiffMatchPatch: diffs, and the DMP delta text format.
///
/// Lengths are Unicode scalars on both sides (the unit of the Python 3 reference implementation).
///
/// Note: written against `Diff`/`DiffOperation` only. DiffMatchPatch had no `diffToDelta`/`diffFromDelta` when this
/// was written; a delta needs no text for its `=n`/`-n` runs, so encoding from a change set directly avoids
/// building placeholder texts. The format is the reference's exactly (see `deltaText()`).
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
    /// with n in scalars and the inserted text %-escaped as the Python 3 reference's `diff_toDelta` does
    /// (`urllib.parse.quote` of the UTF-8 with the safe set `!~*'();/?:@&=+$,# ` plus letters, digits and `_.-~`;
    /// escapes are uppercase, spaces stay spaces). A delete adjacent to an insert is written first, as DMP does.
    ///
    /// For example "jumps over the lazy" → "jumped over a lazyold dog" (the reference test vector) is
    /// `=4\t-1\t+ed\t=6\t-3\t+a\t=5\t+old dog`.
    public func deltaText() -> String {
        var tokens: [String] = []
        tokens.reserveCapacity(operations.count)
        for operation in deleteFirstOperations {
            switch operation {
            case .retain(let count): tokens.append("=\(count)")
            case .delete(let count): tokens.append("-\(count)")
            case .insert(let text): tokens.append("+" + DeltaEscaping.escape(text))
            }
        }
        return tokens.joined(separator: "\t")
    }

    /// Parses DMP delta text (see `deltaText()`) for a text of `baseLength` scalars.
    ///
    /// Accepts what the reference accepts from a well-formed peer: empty tokens (a trailing tab) are skipped,
    /// `=0`/`-0` are no-ops, raw non-ASCII in an insert is taken as is.
    ///
    /// - Throws: `ChangeSetError.malformedDelta(token:reason:)` for an unknown operation, a count that is not a
    ///   non-negative decimal number, a `%` not followed by two hex digits, or escapes that decode to invalid
    ///   UTF-8; `ChangeSetError.lengthMismatch(expected: baseLength, actual:)` when the counts do not cover the
    ///   base text exactly.
    public init(deltaText: String, baseLength: Int) throws(ChangeSetError) {
        self.init()
        for (index, token) in deltaText.split(separator: "\t", omittingEmptySubsequences: false).enumerated() {
            guard let kind = token.first else { continue }
            let parameter = token.dropFirst()
            switch kind {
            case "+":
                do {
                    insert(try DeltaEscaping.unescape(parameter))
                } catch {
                    throw .malformedDelta(token: index, reason: error.reason)
                }
            case "=", "-":
                guard !parameter.isEmpty, parameter.allSatisfy({ $0.isASCII && $0.isNumber }),
                    let count = Int(parameter)
                else {
                    throw .malformedDelta(token: index, reason: "invalid count \"\(parameter)\" after \"\(kind)\"")
                }
                if kind == "=" { retain(count) } else { delete(count) }
            default:
                throw .malformedDelta(token: index, reason: "unknown operation \"\(kind)\"")
            }
        }
        guard self.baseLength == baseLength else {
            throw .lengthMismatch(expected: baseLength, actual: self.baseLength)
        }
    }
}

/// The %-escaping of inserted text in DMP deltas (Python 3 reference: `urllib.parse.quote`/`unquote`).
enum DeltaEscaping {
    /// Why escaped text could not be decoded.
    struct Failure: Error {
        let reason: String
    }

    /// ASCII bytes written as themselves: letters, digits, `_.-~` and DMP's safe set `!~*'();/?:@&=+$,# `.
    private static let unescaped: [Bool] = {
        var table = [Bool](repeating: false, count: 128)
        let safe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~!*'();/?:@&=+$,# "
        for byte in safe.utf8 { table[Int(byte)] = true }
        return table
    }()

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    static func escape(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if byte < 128 && unescaped[Int(byte)] {
                bytes.append(byte)
            } else {
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hexDigits[Int(byte >> 4)])
                bytes.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func unescape(_ text: Substring) throws(Failure) -> String {
        let source = Array(text.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(source.count)
        var index = 0
        while index < source.count {
            let byte = source[index]
            if byte != UInt8(ascii: "%") {
                bytes.append(byte)
                index += 1
                continue
            }
            guard index + 2 < source.count, let high = hexValue(source[index + 1]),
                let low = hexValue(source[index + 2])
            else {
                throw Failure(reason: "\"%\" at byte \(index) of the insert is not followed by two hex digits")
            }
            bytes.append(high << 4 | low)
            index += 3
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw Failure(reason: "escapes of the insert decode to invalid UTF-8")
        }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
