/// Line mode (`diff_lineMode`): diff line tokens first, then rediff the changed blocks scalar by scalar.
extension DiffMatchPatch {
    /// Texts encoded one token per line, and the table of lines (`diff_linesToChars`).
    ///
    /// `lines[0]` is an unused empty entry; token `k` stands for `lines[k]`. The reference encodes tokens as the
    /// characters `chr(k)`; here they are plain integers, so no token is ever confused with a surrogate.
    public struct LineEncoding: Hashable, Sendable {
        /// text1 as one token per line.
        public var tokens1: [UInt32]
        /// text2 as one token per line.
        public var tokens2: [UInt32]
        /// The distinct lines; index 0 is the unused empty entry.
        public var lines: [String]

        /// Creates an encoding from token lists and the line table they index.
        public init(tokens1: [UInt32], tokens2: [UInt32], lines: [String]) {
            self.tokens1 = tokens1
            self.tokens2 = tokens2
            self.lines = lines
        }

        /// The text the tokens stand for (`diff_charsToLines` for one run), or nil if a token is not in `lines`.
        public func decode(_ tokens: [UInt32]) -> String? {
            var text = ""
            for token in tokens {
                guard Int(token) < lines.count else { return nil }
                text += lines[Int(token)]
            }
            return text
        }
    }

    /// Encodes both texts one token per line (`diff_linesToChars`).
    ///
    /// Lines end after each "\n"; both texts share one table. As in the reference, once text1 has filled 666,666
    /// entries (or both texts 1,114,111) the rest of the text becomes a single line.
    public static func encodeLines(_ text1: String, _ text2: String) -> LineEncoding {
        withUnits(text1, text2) { a, b in
            var table = LineTable(a, b)
            let tokens1 = table.encode(source: 0, maxLines: 666_666)
            let tokens2 = table.encode(source: 1, maxLines: 1_114_111)
            let lines = (0..<table.count).map { UTF8Transcoding.string(table.line($0)) }
            return LineEncoding(tokens1: tokens1, tokens2: tokens2, lines: lines)
        }
    }

    /// A quick line-level diff, then a scalar-level rediff of every replaced block (`diff_lineMode`).
    ///
    /// This speedup can produce non-minimal diffs.
    func lineModeDiff(_ a: UnitBuffer, _ b: UnitBuffer, deadline: Deadline) -> [UnitDiff] {
        var table = LineTable(a, b)
        let tokens1 = table.encode(source: 0, maxLines: 666_666)
        let tokens2 = table.encode(source: 1, maxLines: 1_114_111)
        let tokenDiffs = tokens1.withUnsafeBufferPointer { t1 in
            tokens2.withUnsafeBufferPointer { t2 in mainDiff(t1, t2, checkLines: false, deadline: deadline) }
        }
        var diffs = tokenDiffs.map { UnitDiff($0.operation, table.decode($0.units)) }
        // Eliminate freak matches (e.g. blank lines).
        Self.cleanupSemantic(&diffs)
        return rediffReplacements(diffs, deadline: deadline)
    }

    /// Replaces every run of deletions and insertions between equalities by its scalar-level diff.
    private func rediffReplacements(_ diffs: [UnitDiff], deadline: Deadline) -> [UnitDiff] {
        var result: [UnitDiff] = []
        result.reserveCapacity(diffs.count)
        var runStart = 0
        var deleteCount = 0
        var insertCount = 0
        for index in 0...diffs.count {
            let operation = index < diffs.count ? diffs[index].operation : .equal
            switch operation {
            case .insert: insertCount += 1
            case .delete: deleteCount += 1
            case .equal:
                if deleteCount >= 1 && insertCount >= 1 {
                    var deleted: [UInt32] = []
                    var inserted: [UInt32] = []
                    for diff in diffs[runStart..<index] {
                        if diff.operation == .delete {
                            deleted.append(contentsOf: diff.units)
                        } else {
                            inserted.append(contentsOf: diff.units)
                        }
                    }
                    deleted.withUnsafeBufferPointer { d in
                        inserted.withUnsafeBufferPointer { i in
                            appendMainDiff(d, i, checkLines: false, deadline: deadline, to: &result)
                        }
                    }
                } else {
                    result.append(contentsOf: diffs[runStart..<index])
                }
                if index < diffs.count { result.append(diffs[index]) }
                runStart = index + 1
                deleteCount = 0
                insertCount = 0
            }
        }
        return result
    }
}
