/// One hunk of a patch: the diffs to apply and where (`patch_obj` in the reference).
///
/// Coordinates count Unicode scalars and are 0-based; the text form prints them 1-based, GNU diff style:
/// `@@ -start1+1,length1 +start2+1,length2 @@`. `start1`/`length1` locate the hunk in the text it applies to (after
/// the previous hunks of the same patch list were applied: patch lists carry a rolling context), `start2`/`length2`
/// in the text it produces.
///
/// Invariant (for patches this library makes): `length1` is the scalar count of the `.equal` and `.delete` runs of
/// `diffs`, `length2` of the `.equal` and `.insert` runs.
public struct Patch: Hashable, Sendable {
    /// The runs of the hunk, including its context equalities.
    public var diffs: [Diff]
    /// Where the hunk starts in the source text (0-based, scalars).
    public var start1: Int
    /// Where the hunk starts in the destination text (0-based, scalars).
    public var start2: Int
    /// The length of the hunk in the source text (scalars).
    public var length1: Int
    /// The length of the hunk in the destination text (scalars).
    public var length2: Int

    /// Creates a hunk; the defaults make an empty hunk at the start of the text.
    public init(diffs: [Diff] = [], start1: Int = 0, start2: Int = 0, length1: Int = 0, length2: Int = 0) {
        self.diffs = diffs
        self.start1 = start1
        self.start2 = start2
        self.length1 = length1
        self.length2 = length2
    }
}

extension Patch: CustomStringConvertible {
    /// The hunk in the reference's text form (`str(patch_obj)`): a header, then one line per run, prefixed with
    /// `+`, `-` or a space, the text %-escaped (byte-identical to the Python reference).
    public var description: String {
        var output: [UInt8] = []
        appendText(to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the text form of this hunk as UTF-8.
    func appendText(to output: inout [UInt8]) {
        output.append(contentsOf: "@@ -\(Self.coordinates(start1, length1)) +\(Self.coordinates(start2, length2)) @@\n".utf8)
        for diff in diffs {
            switch diff.operation {
            case .insert: output.append(UInt8(ascii: "+"))
            case .delete: output.append(UInt8(ascii: "-"))
            case .equal: output.append(UInt8(ascii: " "))
            }
            PercentEncoding.append(escaping: diff.text, to: &output)
            output.append(UInt8(ascii: "\n"))
        }
    }

    /// `start,length` as printed: 1-based, the length omitted when 1, and `start,0` for an empty range.
    private static func coordinates(_ start: Int, _ length: Int) -> String {
        switch length {
        case 0: return "\(start),0"
        case 1: return "\(start.plus(1))"
        default: return "\(start.plus(1)),\(length)"
        }
    }
}

/// The internal twin of `Patch`, with runs over units.
struct UnitPatch {
    var diffs: [UnitDiff] = []
    var start1 = 0
    var start2 = 0
    var length1 = 0
    var length2 = 0

    init() {}

    init(_ patch: Patch) {
        diffs = patch.diffs.unitDiffs()
        start1 = patch.start1
        start2 = patch.start2
        length1 = patch.length1
        length2 = patch.length2
    }

    /// The public form of this hunk.
    var publicPatch: Patch {
        Patch(diffs: diffs.publicDiffs(), start1: start1, start2: start2, length1: length1, length2: length2)
    }

    /// The source text of the hunk: its equalities and deletions (`diff_text1` of its diffs).
    var sourceUnits: [UInt32] {
        var units: [UInt32] = []
        for diff in diffs where diff.operation != .insert { units.append(contentsOf: diff.units) }
        return units
    }

    /// The destination text of the hunk: its equalities and insertions (`diff_text2` of its diffs).
    var targetUnits: [UInt32] {
        var units: [UInt32] = []
        for diff in diffs where diff.operation != .delete { units.append(contentsOf: diff.units) }
        return units
    }
}
