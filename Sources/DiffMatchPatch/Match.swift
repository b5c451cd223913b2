/// Fuzzy matching: find the best instance of a pattern near an expected location.
extension DiffMatchPatch {
    /// The location of the best instance of `pattern` in `text` near `location`, or nil (`match_main`; -1 there).
    ///
    /// Locations count scalars; `location` is clamped to the text. An exact match at `location` wins at once;
    /// otherwise the Bitap search weighs errors against the distance from `location` (see `matchThreshold` and
    /// `matchDistance`).
    public func match(_ pattern: String, in text: String, near location: Int) -> Int? {
        let found = Self.withUnits(text, pattern) { t, p in mainMatch(t, p, location) }
        return found == -1 ? nil : found
    }

    /// The location of the best fuzzy instance of `pattern` in `text` near `location`, or nil, by the Bitap
    /// algorithm (`match_bitap`; -1 there).
    ///
    /// `location` is clamped to the text; an empty pattern matches at `location`. Patterns longer than 64 scalars
    /// are handled with multi-word bit masks (the reference relies on Python's unbounded integers).
    public func bitapMatch(_ pattern: String, in text: String, near location: Int) -> Int? {
        let found = Self.withUnits(text, pattern) { t, p in
            p.isEmpty ? max(0, min(location, t.count)) : bitap(t, p, max(0, min(location, t.count)))
        }
        return found == -1 ? nil : found
    }

    /// The Bitap alphabet of `pattern` (`match_alphabet`): for each scalar, a mask with bit `count - 1 - i` set for
    /// every position `i` where it occurs.
    ///
    /// Only positions that fit in an `Int` are representable: for patterns longer than 63 scalars the bits of the
    /// first `count - 63` positions are left out (the matcher itself uses wider masks).
    public static func matchAlphabet(_ pattern: String) -> [Unicode.Scalar: Int] {
        let scalars = Array(pattern.unicodeScalars)
        var alphabet: [Unicode.Scalar: Int] = [:]
        for (index, scalar) in scalars.enumerated() {
            let bit = scalars.count - index - 1
            alphabet[scalar, default: 0] |= bit < Int.bitWidth - 1 ? 1 << bit : 0
        }
        return alphabet
    }

    /// `match_main` over units; returns -1 for no match.
    func mainMatch(_ text: UnitBuffer, _ pattern: UnitBuffer, _ location: Int) -> Int {
        let location = max(0, min(location, text.count))
        if UnitOps.equal(text, pattern) { return 0 }  // Shortcut.
        if text.isEmpty { return -1 }  // Nothing to match.
        let end = min(location + pattern.count, text.count)
        if UnitOps.equal(text.slice(location..<end), pattern) {
            return location  // Perfect match at the perfect spot (includes the empty pattern).
        }
        return bitap(text, pattern, location)
    }

    /// The score of a match with `errors` errors at `x` for a pattern of `length` near `location`: 0.0 is good,
    /// 1.0 bad (`match_bitapScore`).
    @inline(__always)
    func bitapScore(errors: Int, at x: Int, length: Int, location: Int) -> Double {
        let accuracy = Double(errors) / Double(length)
        let proximity = abs(location - x)
        if matchDistance == 0 {
            // Dodge a division by zero.
            return proximity != 0 ? 1.0 : accuracy
        }
        return accuracy + Double(proximity) / Double(matchDistance)
    }

    /// `match_bitap` over units, for a non-empty pattern; returns -1 for no match.
    func bitap(_ text: UnitBuffer, _ pattern: UnitBuffer, _ location: Int) -> Int {
        if pattern.count <= 64 {
            return bitap(text, pattern, location, rows: NarrowBitapRows.self)
        }
        return bitap(text, pattern, location, rows: WideBitapRows.self)
    }
}
