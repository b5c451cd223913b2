import DiffMatchPatch
import Testing

/// Malformed patch text and deltas throw `DiffMatchPatchError`s that name the line or token and the reason.
@Suite struct MalformedInputTests {
    /// (patch text, line named in the error, words expected in the reason)
    static let badPatches: [(String, Int, String)] = [
        ("Bad\nPatch\n", 1, "hunk header"),
        ("@@ -1,3 +1,3 @@\n a\n*b\n", 3, "unknown line prefix"),
        ("@@ -1 +1 @@\n-%zz\n", 2, "malformed %-escape"),
        ("@@ -1 +1 @@\n-%4\n", 2, "malformed %-escape"),
        ("@@ -1 +1 @@\n+%C3\n", 2, "UTF-8"),
        ("@@ -1 +1 @@\n-a\n+b\n@@ -x +1 @@\n", 4, "hunk header"),
        ("@@ -1,2 +1,2 @@ trailing\n", 1, "hunk header"),
        ("@@ -0 +1 @@\n", 1, "cannot start at 0"),
        ("@@ -1,99999999999999999999 +1 @@\n", 1, "number too large"),
        ("\n@@ -1 +1 @@\n", 1, "hunk header"),
        ("@@ -1 +1 @@\n 日本\n\u{1F600}x\n", 3, "unknown line prefix"),
    ]

    @Test(arguments: 0..<badPatches.count)
    func malformedPatchTextThrows(index: Int) {
        let (text, line, reason) = Self.badPatches[index]
        do {
            let patches = try DiffMatchPatch.patches(fromText: text)
            Issue.record("expected an error for \(text.debugDescription), got \(patches)")
        } catch {
            guard case let .malformedPatch(errorLine, _, _) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(errorLine == line, "\(error)")
            #expect(error.description.contains("line \(line)"), "\(error)")
            #expect(error.description.contains(reason), "\(error)")
        }
    }

    @Test func wellFormedOddities() throws {
        // Blank lines are ignored, lowercase escapes and unescaped non-ASCII are accepted, "+" stays "+".
        let patches = try DiffMatchPatch.patches(fromText: "@@ -1,2 +1,3 @@\n\n 日\n-%c3%a9\n+a+b\n\n")
        #expect(patches == [Patch(diffs: [Diff(.equal, "日"), Diff(.delete, "é"), Diff(.insert, "a+b")],
                                  start1: 0, start2: 0, length1: 2, length2: 3)])
        // Exactly "0" marks an empty range whose start is not shifted; "00" is read like other lengths.
        #expect(try DiffMatchPatch.patches(fromText: "@@ -5,0 +5,00 @@\n").first
            == Patch(start1: 5, start2: 4, length1: 0, length2: 0))
        #expect(try DiffMatchPatch.patches(fromText: "") == [])
    }

    /// (delta, source, token named (0 for a length mismatch), words expected in the description)
    static let badDeltas: [(String, String, Int, String)] = [
        ("=4\t*3", "abcdefg", 2, "invalid operation"),
        ("=x", "abc", 1, "invalid number"),
        ("=", "abc", 1, "invalid number"),
        ("=-3", "abc", 1, "negative number"),
        ("= 3", "abc", 1, "invalid number"),
        ("=99999999999999999999999", "abc", 1, "invalid number"),
        ("+%G0", "", 1, "malformed %-escape"),
        ("+%FF", "", 1, "UTF-8"),
        ("=2", "abc", 0, "does not equal source text length (3)"),
        ("=2\t-2", "abc", 0, "source text length (3)"),
        ("=1\t-2", "😀日", 0, "source text length (2)"),
    ]

    @Test(arguments: 0..<badDeltas.count)
    func malformedDeltaThrows(index: Int) {
        let (delta, source, token, words) = Self.badDeltas[index]
        do {
            let diffs = try DiffMatchPatch.diffs(fromDelta: delta, source: source)
            Issue.record("expected an error for \(delta.debugDescription), got \(diffs)")
        } catch {
            switch error {
            case let .malformedDelta(errorToken, _, _):
                #expect(errorToken == token, "\(error)")
                #expect(error.description.contains("token \(token)"), "\(error)")
            case .deltaLengthMismatch:
                #expect(token == 0, "\(error)")
            case .malformedPatch:
                Issue.record("wrong error \(error)")
            }
            #expect(error.description.contains(words), "\(error)")
        }
    }

    @Test func deltaCountsScalars() throws {
        let diffs = [Diff(.equal, "😀日"), Diff(.delete, "👍🏽"), Diff(.insert, "\t%")]
        let delta = DiffMatchPatch.delta(of: diffs)
        #expect(delta == "=2\t-2\t+%09%25")
        #expect(try DiffMatchPatch.diffs(fromDelta: delta + "\t", source: "😀日👍🏽") == diffs)
    }
}
