/// The obviously-correct model a `TextBuffer` is checked against: an array of scalars with naive line queries.
struct ScalarModel {
    var scalars: [Unicode.Scalar]

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    var string: String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    func substring(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[range])
        return String(view)
    }

    mutating func replace(_ range: Range<Int>, with text: String) {
        scalars.replaceSubrange(range, with: Array(text.unicodeScalars))
    }

    /// Offsets just after each "\n", preceded by 0: the start of every line.
    var lineStarts: [Int] {
        [0] + scalars.indices.filter { scalars[$0] == "\n" }.map { $0 + 1 }
    }

    func lineIndex(containing offset: Int, lineStarts: [Int]) -> Int {
        // The last line start at or before offset.
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// UTF-8 bytes of the first `offset` scalars.
    func utf8Length(ofPrefix offset: Int) -> Int {
        var total = 0
        for index in 0..<offset { total += UTF8.width(scalars[index]) }
        return total
    }

    /// The common prefix length, scanning from `known` (a length already known to be common).
    func commonPrefixLength(with other: ScalarModel, known: Int = 0) -> Int {
        let limit = min(scalars.count, other.scalars.count)
        var length = known
        while length < limit && scalars[length] == other.scalars[length] { length += 1 }
        return length
    }

    /// The common suffix length, scanning from `known` (a length already known to be common).
    func commonSuffixLength(with other: ScalarModel, known: Int = 0) -> Int {
        let limit = min(scalars.count, other.scalars.count)
        var length = known
        while length < limit && scalars[scalars.count - 1 - length] == other.scalars[other.scalars.count - 1 - length] {
            length += 1
        }
        return length
    }
}
