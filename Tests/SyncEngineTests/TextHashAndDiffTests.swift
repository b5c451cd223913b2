import EditorCore
import SyncEngine
import TestSupport
import Testing

@Suite struct TextHashTests {
    /// The values documented on `TextHash` (the published FNV-1a 64 test vectors for "" and "a", and "foobar").
    @Test func matchesTheDocumentedFNV1aValues() {
        #expect(TextHash(of: "").rawValue == 0xcbf2_9ce4_8422_2325)
        #expect(TextHash(of: "a").rawValue == 0xaf63_dc4c_8601_ec8c)
        #expect(TextHash(of: "foobar").rawValue == 0x8594_4171_f739_67e8)
    }

    @Test func hashesUTF8BytesTheSameFromAStringOrABuffer() {
        var random = SeededGenerator(seed: TestBudget.baseSeed())
        for _ in 0..<TestBudget.iterations(200) {
            let text = RandomText.string(maxFragments: 300, using: &random)
            #expect(TextHash(of: TextBuffer(text)) == TextHash(of: text), "seed \(random.seed)")
        }
        #expect(TextHash(of: "é") != TextHash(of: "e\u{301}"), "no normalization")
    }
}

@Suite struct WordHashTests {
    /// The values documented on `TextHash` (computed independently by the definition, in Python).
    @Test func matchesTheDocumentedValues() {
        #expect(TextHash(wordsOf: "").rawValue == 0xb837_1b5e_9326_a9e3)
        #expect(TextHash(wordsOf: "a").rawValue == 0xd4df_dca9_0c5e_5018)
        #expect(TextHash(wordsOf: "a\u{0}").rawValue == 0x5804_cc7b_8c51_bdbd, "the length counts: not \"a\"")
        #expect(TextHash(wordsOf: "héllo ✓ wörld").rawValue == 0x9fc8_9ba0_896b_b8c4)
        #expect(TextHash(wordsOf: "日本語のテキスト 🎉 e\u{301}").rawValue == 0x2ff2_4c7a_4c0f_80ad)
        let long = String(repeating: "naïve 日本 🎉 line\n", count: 400)  // 9,600 bytes: several rope chunks
        #expect(TextHash(wordsOf: long).rawValue == 0xcc99_bedc_c646_a971)
        #expect(TextHash(wordsOf: TextBuffer(long)).rawValue == 0xcc99_bedc_c646_a971)
    }

    /// Words that span chunk boundaries: a buffer whose chunks have lengths that are not multiples of 8 (built by
    /// edits) hashes as the same text in one piece.
    @Test func wordsAcrossChunkBoundariesHashAsOnePiece() {
        var random = SeededGenerator(seed: TestBudget.baseSeed())
        for _ in 0..<TestBudget.iterations(40) {
            var buffer = TextBuffer(RandomText.string(maxFragments: 2_000, using: &random))
            for _ in 0..<20 {
                let start = Int.random(in: 0...buffer.scalarCount, using: &random)
                let end = min(buffer.scalarCount, start + Int.random(in: 0...3, using: &random))
                buffer.replace(start..<end, with: RandomText.string(maxFragments: 2, using: &random))
            }
            let chunkSizes = buffer.utf8Chunks.map(\.count)
            let text = buffer.string
            #expect(TextHash(wordsOf: buffer) == TextHash(wordsOf: text), "seed \(random.seed), chunks \(chunkSizes)")
        }
        let pieces = TextBuffer(String(repeating: "ab日🎉", count: 1_000))
        #expect(pieces.utf8Chunks.map(\.count).contains { $0 % 8 != 0 }, "the fixture has unaligned chunks")
        #expect(TextHash(wordsOf: pieces) == TextHash(wordsOf: pieces.string))
        #expect(TextHash(wordsOf: "é") != TextHash(wordsOf: "e\u{301}"), "no normalization")
        #expect(TextHash(wordsOf: "ab") != TextHash(wordsOf: "ba"))
    }
}

@Suite struct TextDiffTests {
    @Test func theChangeTurnsTheOldTextIntoTheNew() throws {
        for seed in TestBudget.caseSeeds(500) {
            var random = SeededGenerator(seed: seed)
            let old = RandomText.string(maxFragments: 40, using: &random)
            var new = old
            for _ in 0..<Int.random(in: 0...3, using: &random) {
                var scalars = Array(new.unicodeScalars)
                let start = Int.random(in: 0...scalars.count, using: &random)
                let end = Int.random(in: start...min(scalars.count, start + 6), using: &random)
                scalars.replaceSubrange(
                    start..<end, with: RandomText.string(maxFragments: 3, using: &random).unicodeScalars)
                new = String(String.UnicodeScalarView(scalars))
            }
            let change = TextDiff.change(from: old, to: new)
            #expect(try change.apply(to: old) == new, "seed \(seed)")
            #expect(change.isIdentity == (old == new), "seed \(seed)")
        }
    }

    @Test func twoEditsFarApartStayTwoSmallEdits() throws {
        // Typed between two ticks, 30,000 scalars apart (two lines of a long document): the change must carry the
        // two keystrokes, not everything between them.
        let lines = (0..<3_000).map { "ligne \($0) — été 東京 🎉" }
        let old = lines.joined(separator: "\n")
        var edited = lines
        edited[10] = "ligne 10 — été X東京 🎉"
        edited[2_990] = "ligne 2990 — été 東京 Y🎉"
        let new = edited.joined(separator: "\n")
        let change = TextDiff.change(from: old, to: new)
        #expect(try change.apply(to: old) == new)
        let inserted = change.operations.reduce(0) { sum, operation in
            if case .insert(let text) = operation { sum + text.unicodeScalars.count } else { sum }
        }
        let deleted = change.operations.reduce(0) { sum, operation in
            if case .delete(let count) = operation { sum + count } else { sum }
        }
        #expect(inserted == 2 && deleted == 0, "inserted \(inserted), deleted \(deleted)")
    }

    @Test func aHugeDifferentMiddleIsStillExact() throws {
        let old = "<" + String(repeating: "ab\n", count: TextDiff.maxDiffedLength) + ">"
        let new = "<" + String(repeating: "é\nc", count: TextDiff.maxDiffedLength) + ">"
        let change = TextDiff.change(from: old, to: new)
        #expect(try change.apply(to: old) == new)
    }
}

@Suite struct UndoRebaseTests {
    /// Undoing my insert after others inserted anywhere (even inside my text) removes exactly my text.
    @Test func undoRemovesOnlyMyEditAfterRemoteChanges() throws {
        for seed in TestBudget.caseSeeds(300) {
            var random = SeededGenerator(seed: seed)
            let start = TextBuffer(RandomText.string(maxFragments: 20, using: &random))
            // My edit: insert "⟦min⟧" (scalars that random text never has) somewhere.
            let at = Int.random(in: 0...start.scalarCount, using: &random)
            let mine = ChangeSet.replacing(at..<at, with: "⟦min⟧", baseLength: start.scalarCount)
            var buffer = start
            try mine.apply(to: &buffer)
            var inverses = [mine.inverted(against: start)]
            // Remote single-scalar inserts anywhere, also inside my text.
            for remoteText in ["①", "②", "③"] {
                let position = Int.random(in: 0...buffer.scalarCount, using: &random)
                let remote = ChangeSet.replacing(position..<position, with: remoteText, baseLength: buffer.scalarCount)
                inverses = try UndoRebase.rebase(inverses, over: remote)
                try remote.apply(to: &buffer)
            }
            try inverses[0].apply(to: &buffer)
            let scalars = buffer.string.unicodeScalars.map { Character($0) }
            #expect(!scalars.contains { "⟦min⟧".contains($0) }, "seed \(seed): \(buffer.string)")
            for remoteText in ["①", "②", "③"] {
                #expect(scalars.filter { String($0) == remoteText }.count == 1, "seed \(seed): \(buffer.string)")
            }
            #expect(buffer.scalarCount == start.scalarCount + 3, "seed \(seed)")
        }
    }

    @Test func aStackOfUndosUnwindsInOrder() throws {
        // Two local edits on "abc": "X" at 1, then delete "c"; a remote "Z" at 0 arrives; undo both.
        let base = TextBuffer("abc")
        let first = ChangeSet.replacing(1..<1, with: "X", baseLength: 3)
        var buffer = base
        try first.apply(to: &buffer)  // aXbc
        let afterFirst = buffer
        let second = ChangeSet.replacing(3..<4, with: "", baseLength: 4)
        try second.apply(to: &buffer)  // aXb
        var stack = [first.inverted(against: base), second.inverted(against: afterFirst)]
        let remote = ChangeSet.replacing(0..<0, with: "Z", baseLength: 3)
        stack = try UndoRebase.rebase(stack, over: remote)
        try remote.apply(to: &buffer)  // ZaXb
        try stack[1].apply(to: &buffer)
        #expect(buffer.string == "ZaXbc")
        try stack[0].apply(to: &buffer)
        #expect(buffer.string == "Zabc")
        // The single-inverse form agrees with the stack form for one step.
        let single = try UndoRebase.rebase(second.inverted(against: afterFirst), through: [remote])
        #expect(single == (try UndoRebase.rebase([second.inverted(against: afterFirst)], over: remote))[0])
    }
}
