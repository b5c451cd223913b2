/// The text form of a patch list (`patch_toText` / `patch_fromText`).
extension DiffMatchPatch {
    /// The patches as text, hunk after hunk (`patch_toText`); byte-identical to the Python reference.
    ///
    /// Each hunk is a header `@@ -a,b +c,d @@` (1-based scalar coordinates) and one line per run, prefixed with `+`,
    /// `-` or a space, its UTF-8 %-escaped as by Python's `urllib.parse.quote(text, "!~*'();/?:@&=+$,# ")`.
    public static func patchText(_ patches: [Patch]) -> String {
        var output: [UInt8] = []
        for patch in patches { patch.appendText(to: &output) }
        return String(decoding: output, as: UTF8.self)
    }

    /// The patches a patch text describes (`patch_fromText`).
    ///
    /// Blank lines are ignored. The hunk lengths in the headers are taken as written (not checked against the runs).
    /// - Throws: `DiffMatchPatchError.malformedPatch` naming the line when a header is malformed, a line has an
    ///   unknown prefix, or a %-escape is malformed.
    public static func patches(fromText text: String) throws(DiffMatchPatchError) -> [Patch] {
        var text = text
        let result = text.withUTF8 { bytes in
            Result { () throws(DiffMatchPatchError) in try PatchTextParser(bytes).parse() }
        }
        return try result.get()
    }
}

/// The parser behind `DiffMatchPatch.patches(fromText:)`.
private struct PatchTextParser {
    /// The lines of the text (split at "\n").
    private var lines: [UnsafeBufferPointer<UInt8>] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var start = 0
        for index in 0..<bytes.count where bytes[index] == UInt8(ascii: "\n") {
            lines.append(UnsafeBufferPointer(rebasing: bytes[start..<index]))
            start = index + 1
        }
        lines.append(UnsafeBufferPointer(rebasing: bytes[start...]))
    }

    func parse() throws(DiffMatchPatchError) -> [Patch] {
        if lines.count == 1 && lines[0].isEmpty { return [] }
        var patches: [Patch] = []
        var index = 0
        while index < lines.count {
            var patch = try header(index)
            index += 1
            while index < lines.count {
                let line = lines[index]
                guard let sign = line.first else {
                    index += 1  // A blank line: ignore it.
                    continue
                }
                if sign == UInt8(ascii: "@") { break }  // The next hunk.
                let operation: DiffOperation
                switch sign {
                case UInt8(ascii: "+"): operation = .insert
                case UInt8(ascii: "-"): operation = .delete
                case UInt8(ascii: " "): operation = .equal
                default:
                    throw failure(index, "unknown line prefix (expected '+', '-', ' ' or '@@')")
                }
                do {
                    patch.diffs.append(Diff(operation, try PercentEncoding.decode(UnsafeBufferPointer(rebasing: line[1...]))))
                } catch {
                    throw failure(index, error.reason)
                }
                index += 1
            }
            patches.append(patch)
        }
        return patches
    }

    /// Parses the hunk header at line `index`: `@@ -start1[,length1] +start2[,length2] @@`.
    private func header(_ index: Int) throws(DiffMatchPatchError) -> Patch {
        let line = lines[index]
        var position = 0
        func expect(_ literal: String) -> Bool {
            for byte in literal.utf8 {
                guard position < line.count, line[position] == byte else { return false }
                position += 1
            }
            return true
        }
        func digits() -> UnsafeBufferPointer<UInt8> {
            let start = position
            while position < line.count && line[position] >= UInt8(ascii: "0") && line[position] <= UInt8(ascii: "9") {
                position += 1
            }
            return UnsafeBufferPointer(rebasing: line[start..<position])
        }
        /// One `start[,length]` pair, as the reference reads it (`(\d+),?(\d*)`).
        func coordinates() throws(DiffMatchPatchError) -> (start: Int, length: Int) {
            let startDigits = digits()
            guard !startDigits.isEmpty else {
                throw failure(index, "expected a hunk header '@@ -a,b +c,d @@'")
            }
            _ = expect(",")
            let lengthDigits = digits()
            guard let start = DecimalNumber.parse(startDigits) else { throw failure(index, "number too large") }
            if lengthDigits.isEmpty {
                guard start > 0 else { throw failure(index, "a hunk of length 1 cannot start at 0 (starts are 1-based)") }
                return (start - 1, 1)
            }
            // As in the reference, exactly "0" marks an empty range whose start is not shifted.
            if lengthDigits.count == 1 && lengthDigits[0] == UInt8(ascii: "0") { return (start, 0) }
            guard let length = DecimalNumber.parse(lengthDigits) else { throw failure(index, "number too large") }
            guard start > 0 else { throw failure(index, "a hunk cannot start at 0 unless its length is 0 (starts are 1-based)") }
            return (start - 1, length)
        }
        guard expect("@@ -") else { throw failure(index, "expected a hunk header '@@ -a,b +c,d @@'") }
        let source = try coordinates()
        guard expect(" +") else { throw failure(index, "expected a hunk header '@@ -a,b +c,d @@'") }
        let destination = try coordinates()
        guard expect(" @@"), position == line.count else {
            throw failure(index, "expected a hunk header '@@ -a,b +c,d @@'")
        }
        return Patch(
            diffs: [], start1: source.start, start2: destination.start, length1: source.length,
            length2: destination.length)
    }

    private func failure(_ index: Int, _ reason: String) -> DiffMatchPatchError {
        .malformedPatch(line: index + 1, text: String(decoding: lines[index], as: UTF8.self), reason: reason)
    }
}
