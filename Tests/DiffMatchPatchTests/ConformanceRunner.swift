import DiffMatchPatch
import Foundation

/// Runs one conformance case against the library; returns nil on success, else what went wrong.
enum ConformanceRunner {
    typealias V = VectorValue

    static func run(_ testCase: ConformanceVectors.Case) -> String? {
        do {
            return try evaluate(testCase)
        } catch {
            return "unexpected error: \(error)"
        }
    }

    /// The library configured with the case's parameters.
    static func library(_ parameters: [String: Any]) -> DiffMatchPatch {
        var dmp = DiffMatchPatch()
        if let value = V.double(parameters["Diff_Timeout"]) { dmp.diffTimeout = value }
        if let value = V.int(parameters["Diff_EditCost"]) { dmp.diffEditCost = value }
        if let value = V.double(parameters["Match_Threshold"]) { dmp.matchThreshold = value }
        if let value = V.int(parameters["Match_Distance"]) { dmp.matchDistance = value }
        if let value = V.double(parameters["Patch_DeleteThreshold"]) { dmp.patchDeleteThreshold = value }
        if let value = V.int(parameters["Patch_Margin"]) { dmp.patchMargin = value }
        if let value = V.int(parameters["Match_MaxBits"]) { dmp.matchMaxBits = value }
        return dmp
    }

    /// `nil` when `actual == expected`, else a message showing both.
    static func compare<T: Equatable>(_ actual: T?, _ expected: T?) -> String? {
        guard let expected else { return "could not decode the expected value" }
        guard let actual else { return "could not decode the arguments" }
        return actual == expected ? nil : "expected \(expected)\n     got \(actual)"
    }

    private static func evaluate(_ c: ConformanceVectors.Case) throws -> String? {
        let dmp = library(c.parameters)
        let args = c.arguments
        let text1 = V.string(args["text1"])
        let text2 = V.string(args["text2"])
        let diffs = V.diffs(args["diffs"])
        switch c.function {
        case "diff_commonPrefix":
            return compare(text1.flatMap { t1 in text2.map { DiffMatchPatch.commonPrefixLength(t1, $0) } }, V.int(c.expected))
        case "diff_commonSuffix":
            return compare(text1.flatMap { t1 in text2.map { DiffMatchPatch.commonSuffixLength(t1, $0) } }, V.int(c.expected))
        case "diff_commonOverlap":
            return compare(text1.flatMap { t1 in text2.map { DiffMatchPatch.commonOverlapLength(t1, $0) } }, V.int(c.expected))
        case "diff_halfMatch":
            guard let text1, let text2 else { return "bad arguments" }
            let actual = dmp.halfMatch(text1, text2).map { [$0.prefix1, $0.suffix1, $0.prefix2, $0.suffix2, $0.common] }
            if c.expected is NSNull { return actual == nil ? nil : "expected no half-match, got \(actual!)" }
            return compare(actual, V.strings(c.expected))
        case "diff_linesToChars":
            guard let text1, let text2, let expected = c.expected as? [String: Any] else { return "bad case" }
            let encoding = DiffMatchPatch.encodeLines(text1, text2)
            return compare(encoding.tokens1, V.string(expected["chars1"]).map(V.tokens))
                ?? compare(encoding.tokens2, V.string(expected["chars2"]).map(V.tokens))
                ?? compare(encoding.lines, V.strings(expected["lineArray"]))
        case "diff_charsToLines":
            guard let diffs, let lines = V.strings(args["lineArray"]) else { return "bad arguments" }
            let encoding = DiffMatchPatch.LineEncoding(tokens1: [], tokens2: [], lines: lines)
            let decoded = diffs.map { diff in encoding.decode(V.tokens(diff.text)).map { Diff(diff.operation, $0) } }
            return compare(decoded.contains(nil) ? nil : decoded.compactMap { $0 }, V.diffs(c.expected))
        case "diff_linesToChars_roundtrip":
            guard let text = V.string(args["text"]) else { return "bad arguments" }
            let encoding = DiffMatchPatch.encodeLines(text, "")
            return compare(encoding.decode(encoding.tokens1), V.string(c.expected))
        case "diff_cleanupMerge":
            guard var diffs else { return "bad arguments" }
            DiffMatchPatch.cleanupMerge(&diffs)
            return compare(diffs, V.diffs(c.expected))
        case "diff_cleanupSemanticLossless":
            guard var diffs else { return "bad arguments" }
            DiffMatchPatch.cleanupSemanticLossless(&diffs)
            return compare(diffs, V.diffs(c.expected))
        case "diff_cleanupSemantic":
            guard var diffs else { return "bad arguments" }
            DiffMatchPatch.cleanupSemantic(&diffs)
            return compare(diffs, V.diffs(c.expected))
        case "diff_cleanupEfficiency":
            guard var diffs else { return "bad arguments" }
            dmp.cleanupEfficiency(&diffs)
            return compare(diffs, V.diffs(c.expected))
        case "diff_prettyHtml":
            return compare(diffs.map(DiffMatchPatch.prettyHTML(of:)), V.string(c.expected))
        case "diff_text1":
            return compare(diffs.map(DiffMatchPatch.sourceText(of:)), V.string(c.expected))
        case "diff_text2":
            return compare(diffs.map(DiffMatchPatch.targetText(of:)), V.string(c.expected))
        case "diff_toDelta":
            return compare(diffs.map(DiffMatchPatch.delta(of:)), V.string(c.expected))
        case "diff_levenshtein":
            return compare(diffs.map(DiffMatchPatch.levenshteinDistance(of:)), V.int(c.expected))
        case "diff_xIndex":
            guard let diffs, let location = V.int(args["loc"]) else { return "bad arguments" }
            return compare(DiffMatchPatch.targetIndex(of: location, in: diffs), V.int(c.expected))
        case "diff_fromDelta":
            guard let text1, let delta = V.string(args["delta"]) else { return "bad arguments" }
            if V.isError(c.expected) {
                do {
                    let result = try DiffMatchPatch.diffs(fromDelta: delta, source: text1)
                    return "expected an error, got \(result)"
                } catch {
                    return error.description.isEmpty ? "empty error description" : nil
                }
            }
            return compare(try DiffMatchPatch.diffs(fromDelta: delta, source: text1), V.diffs(c.expected))
        case "diff_bisect":
            guard let text1, let text2, let deadline = args["deadline"] as? String else { return "bad arguments" }
            let limit = deadline == "none" ? Double.infinity : -Double.infinity
            return compare(dmp.bisect(text1, text2, deadline: limit), V.diffs(c.expected))
        case "diff_main":
            guard let text1, let text2, let checkLines = V.bool(args["checklines"]) else { return "bad arguments" }
            return compare(dmp.diff(text1, text2, checkLines: checkLines), V.diffs(c.expected))
        case "diff_main_linemode_equal":
            guard let text1, let text2 else { return "bad arguments" }
            return compare(dmp.diff(text1, text2, checkLines: false), V.diffs(c.expected))
                ?? compare(dmp.diff(text1, text2, checkLines: true), V.diffs(c.expected))
        case "diff_main_rebuild":
            guard let text1, let text2, let checkLines = V.bool(args["checklines"]),
                let expected = c.expected as? [String: Any]
            else { return "bad arguments" }
            let result = dmp.diff(text1, text2, checkLines: checkLines)
            return compare(DiffMatchPatch.sourceText(of: result).unicodeScalars.elementsEqual(text1.unicodeScalars), true)
                ?? compare(DiffMatchPatch.sourceText(of: result), V.string(expected["text1"]))
                ?? compare(DiffMatchPatch.targetText(of: result), V.string(expected["text2"]))
        case "match_alphabet":
            guard let pattern = V.string(args["pattern"]), let expected = c.expected as? [String: Any] else {
                return "bad arguments"
            }
            var expectedAlphabet: [Unicode.Scalar: Int] = [:]
            for (key, value) in expected {
                guard let scalar = key.unicodeScalars.first, let mask = V.int(value) else { return "bad case" }
                expectedAlphabet[scalar] = mask
            }
            return compare(DiffMatchPatch.matchAlphabet(pattern), expectedAlphabet)
        case "match_bitap", "match_main":
            guard let text = V.string(args["text"]), let pattern = V.string(args["pattern"]),
                let location = V.int(args["loc"])
            else { return "bad arguments" }
            let found = c.function == "match_main"
                ? dmp.match(pattern, in: text, near: location) : dmp.bitapMatch(pattern, in: text, near: location)
            return compare(found ?? -1, V.int(c.expected))
        case "patch_obj_toString":
            guard let patch = V.patch(args) else { return "bad arguments" }
            return compare(patch.description, V.string(c.expected))
        case "patch_fromText":
            guard let text = V.string(args["text"]) else { return "bad arguments" }
            if V.isError(c.expected) {
                do {
                    let result = try DiffMatchPatch.patches(fromText: text)
                    return "expected an error, got \(result)"
                } catch {
                    return error.description.contains("line 1") ? nil : "error does not name the line: \(error)"
                }
            }
            guard let list = c.expected as? [Any] else { return "bad case" }
            let expected = list.map(V.patch)
            return compare(try DiffMatchPatch.patches(fromText: text), expected.contains(nil) ? nil : expected.compactMap { $0 })
        case "patch_fromText_toText":
            guard let text = V.string(args["text"]) else { return "bad arguments" }
            return compare(DiffMatchPatch.patchText(try DiffMatchPatch.patches(fromText: text)), V.string(c.expected))
        case "patch_addContext":
            guard let patchText = V.string(args["patch"]), let text = V.string(args["text"]) else { return "bad arguments" }
            guard var patch = try DiffMatchPatch.patches(fromText: patchText).first else { return "no patch" }
            dmp.addContext(to: &patch, from: text)
            return compare(patch.description, V.string(c.expected))
        case "patch_make":
            let patches: [Patch]
            switch (text1, text2, diffs) {
            case let (t1?, t2?, nil): patches = dmp.patches(from: t1, to: t2)
            case let (nil, nil, d?): patches = dmp.patches(from: d)
            case let (t1?, nil, d?): patches = dmp.patches(from: t1, diffs: d)
            case let (t1?, t2?, d?): patches = dmp.patches(from: t1, to: t2, diffs: d)
            default: return "bad arguments"
            }
            return compare(DiffMatchPatch.patchText(patches), V.string(c.expected))
        case "patch_splitMax":
            guard let text1, let text2 else { return "bad arguments" }
            var patches = dmp.patches(from: text1, to: text2)
            dmp.splitOversizedPatches(&patches)
            return compare(DiffMatchPatch.patchText(patches), V.string(c.expected))
        case "patch_addPadding":
            guard let text1, let text2, let expected = c.expected as? [String: Any] else { return "bad arguments" }
            var patches = dmp.patches(from: text1, to: text2)
            let before = compare(DiffMatchPatch.patchText(patches), V.string(expected["before"]))
            dmp.addPadding(to: &patches)
            return before ?? compare(DiffMatchPatch.patchText(patches), V.string(expected["after"]))
        case "patch_apply":
            guard let text1, let text2, let text = V.string(args["text"]), let expected = c.expected as? [String: Any],
                let expectedResults = (expected["results"] as? [Any])?.compactMap(V.bool)
            else { return "bad arguments" }
            let patches = dmp.patches(from: text1, to: text2)
            let reference = c.extra["ref_patch_text"].flatMap(V.string)
            let (result, applied) = dmp.apply(patches, to: text)
            return compare(DiffMatchPatch.patchText(patches), reference)
                ?? compare(result, V.string(expected["text"]))
                ?? compare(applied, expectedResults)
        case "patch_apply_no_side_effects":
            guard let text1, let text2, let text = V.string(args["text"]) else { return "bad arguments" }
            let patches = dmp.patches(from: text1, to: text2)
            let before = DiffMatchPatch.patchText(patches)
            _ = dmp.apply(patches, to: text)
            return compare(before, V.string(c.expected)) ?? compare(DiffMatchPatch.patchText(patches), before)
        default:
            return "unknown function \(c.function)"
        }
    }
}
