import DiffMatchPatch
import Foundation

/// The official diff-match-patch test vectors (../shared/dmp-vectors/vectors.json beside the package root), loaded
/// at run time, with their string generators expanded.
struct ConformanceVectors {
    /// One assertion of the official suite.
    struct Case {
        var group: String
        var index: Int
        var function: String
        var description: String
        var parameters: [String: Any]
        var arguments: [String: Any]
        var expected: Any
        var extra: [String: Any]

        var label: String { "\(group)[\(index)] \(function) — \(description)" }
    }

    let cases: [Case]

    /// The vectors file, located from this source file (<root>/Tests/DiffMatchPatchTests/): the first
    /// `shared/dmp-vectors/vectors.json` found beside the package root or beside one of its ancestors (a git
    /// worktree sits one level deeper than the main checkout). `COEDIT_DMP_VECTORS` overrides the path.
    static var url: URL {
        if let path = ProcessInfo.processInfo.environment["COEDIT_DMP_VECTORS"] {
            return URL(fileURLWithPath: path)
        }
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var directory = root.deletingLastPathComponent()
        let relative = "shared/dmp-vectors/vectors.json"
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return root.deletingLastPathComponent().appendingPathComponent(relative)
    }

    init() throws {
        let data = try Data(contentsOf: Self.url)
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let tests = root["tests"] as? [String: Any]
        else { throw VectorError.malformed("no tests object") }
        var cases: [Case] = []
        for group in tests.keys.sorted() {
            guard let list = tests[group] as? [[String: Any]] else { throw VectorError.malformed(group) }
            for (index, item) in list.enumerated() {
                var extra = item
                for key in ["fn", "desc", "params", "args", "expected"] { extra[key] = nil }
                cases.append(
                    Case(
                        group: group, index: index, function: item["fn"] as? String ?? "?",
                        description: item["desc"] as? String ?? "",
                        parameters: item["params"] as? [String: Any] ?? [:],
                        arguments: item["args"] as? [String: Any] ?? [:],
                        expected: item["expected"] ?? NSNull(), extra: extra))
            }
        }
        self.cases = cases
    }

    enum VectorError: Error {
        case malformed(String)
    }
}

/// Decoding helpers for the JSON values of a case (generators expanded).
enum VectorValue {
    /// A string, expanding `$repeat`, `$concat` and `$numbered_lines`.
    static func string(_ value: Any?) -> String? {
        if let text = value as? String { return text }
        guard let object = value as? [String: Any] else { return nil }
        if let unit = object["$repeat"] as? String, let count = (object["count"] as? NSNumber)?.intValue {
            return String(repeating: unit, count: count)
        }
        if let parts = object["$concat"] as? [Any] {
            var result = ""
            for part in parts {
                guard let text = string(part) else { return nil }
                result += text
            }
            return result
        }
        if let lines = (object["$numbered_lines"] as? NSNumber)?.intValue {
            var result = ""
            for line in 1...lines { result += "\(line)\n" }
            return result
        }
        return nil
    }

    static func int(_ value: Any?) -> Int? { (value as? NSNumber)?.intValue }
    static func double(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }
    static func bool(_ value: Any?) -> Bool? { (value as? NSNumber)?.boolValue }

    /// Whether the expected value is `{"$error": true}`.
    static func isError(_ value: Any?) -> Bool {
        ((value as? [String: Any])?["$error"] as? NSNumber)?.boolValue == true
    }

    /// A diff list `[[op, text], ...]`.
    static func diffs(_ value: Any?) -> [Diff]? {
        guard let list = value as? [Any] else { return nil }
        var diffs: [Diff] = []
        for item in list {
            guard let pair = item as? [Any], pair.count == 2, let raw = int(pair[0]),
                let operation = DiffOperation(rawValue: raw), let text = string(pair[1])
            else { return nil }
            diffs.append(Diff(operation, text))
        }
        return diffs
    }

    /// A string list.
    static func strings(_ value: Any?) -> [String]? {
        guard let list = value as? [Any] else { return nil }
        var strings: [String] = []
        for item in list {
            guard let text = string(item) else { return nil }
            strings.append(text)
        }
        return strings
    }

    /// A patch object `{start1, start2, length1, length2, diffs}`.
    static func patch(_ value: Any?) -> Patch? {
        guard let object = value as? [String: Any], let start1 = int(object["start1"]),
            let start2 = int(object["start2"]), let length1 = int(object["length1"]),
            let length2 = int(object["length2"]), let diffs = diffs(object["diffs"])
        else { return nil }
        return Patch(diffs: diffs, start1: start1, start2: start2, length1: length1, length2: length2)
    }

    /// The scalar values of a string (line tokens in the vectors are characters with code k).
    static func tokens(_ text: String) -> [UInt32] { text.unicodeScalars.map(\.value) }
}
