import EditorCore
import Testing

/// Byte-exact round trips, line queries, line-ending detection and UTF-8 validation.
@Suite struct TextBufferTests {
    static let samples = [
        "", "a", "\n", "a\n", "a\r\nb\r\n", "crlf\r\nno final newline", "lone\rcarriage\rreturns",
        "\u{FEFF}bom then text\n", "mixed\r\nends\nhere\r\n", "日本語\nテキスト", "👩‍💻🇫🇷e\u{301}\r\n",
    ]

    @Test(arguments: samples)
    func bytesRoundTripExactly(text: String) throws {
        let buffer = TextBuffer(text)
        #expect(buffer.utf8Bytes() == Array(text.utf8))
        #expect(buffer.string == text)
        #expect(buffer.utf8Count == text.utf8.count)
        #expect(buffer.scalarCount == text.unicodeScalars.count)
        #expect(try TextBuffer(validatingUTF8: Array(text.utf8)) == buffer)
        #expect(buffer.utf8Chunks.flatMap { $0 } == Array(text.utf8))
    }

    @Test func largeTextRoundTripsThroughChunks() throws {
        let line = "ligne \u{E9}t\u{E9} 日本 👍🏽\r\n"
        let text = String(repeating: line, count: 20_000) + "no newline at the end"
        let buffer = TextBuffer(text)
        #expect(buffer.structuralIssue == nil)
        #expect(buffer.treeHeight >= 2)
        let chunks = Array(buffer.utf8Chunks)
        #expect(chunks.allSatisfy { $0.count <= 2048 && !$0.isEmpty })
        #expect(chunks.flatMap { $0 } == Array(text.utf8))
        #expect(buffer.lineCount == 20_001)
        #expect(buffer.lineText(20_000) == "no newline at the end")
        #expect(buffer.lineText(123) == "ligne été 日本 👍🏽\r")
        #expect(LineEnding.detect(in: buffer) == .crlf)
    }

    @Test func linesAreSeparatedByLineFeedOnly() {
        let buffer = TextBuffer("ab\r\nçd\n\nend\rx")
        #expect(buffer.lineCount == 4)
        #expect(buffer.lineRange(0) == 0..<3)  // "ab\r": the "\r" belongs to the line
        #expect(buffer.lineRange(1) == 4..<6)
        #expect(buffer.lineRange(2) == 7..<7)
        #expect(buffer.lineRange(3) == 8..<13)  // a lone "\r" is not a line break
        #expect(buffer.lineIndex(containing: 3) == 0)  // the "\n" ends line 0
        #expect(buffer.lineIndex(containing: 4) == 1)
        #expect(buffer.lineIndex(containing: 13) == 3)
        #expect(TextBuffer("").lineCount == 1)
        #expect(TextBuffer("x\n").lineCount == 2)
        #expect(TextBuffer("x\n").lineRange(1) == 2..<2)
    }

    @Test func lineEndingDetection() {
        #expect(LineEnding.detect(in: "") == .lf)
        #expect(LineEnding.detect(in: "no breaks") == .lf)
        #expect(LineEnding.detect(in: "a\r\nb\r\nc\n") == .crlf)
        #expect(LineEnding.detect(in: "a\nb\nc\r\n") == .lf)
        #expect(LineEnding.detect(in: "a\r\nb\n") == .crlf)  // tie: the first break decides
        #expect(LineEnding.detect(in: "a\nb\r\n") == .lf)
        #expect(LineEnding.crlf.rawValue == "\r\n")
    }

    @Test func invalidUTF8IsRejectedWithItsOffset() {
        let cases: [([UInt8], Int)] = [
            ([0x61, 0xFF], 1),  // never valid
            ([0x61, 0x62, 0x80], 2),  // stray continuation
            ([0xC3], 0),  // truncated
            ([0x61, 0xE6, 0x97, 0x61], 1),  // truncated in the middle
            ([0xC0, 0xAF], 0),  // overlong "/"
            ([0xE0, 0x80, 0xAF], 0),  // overlong
            ([0xED, 0xA0, 0x80], 0),  // surrogate U+D800
            ([0xF4, 0x90, 0x80, 0x80], 0),  // above U+10FFFF
        ]
        for (bytes, offset) in cases {
            #expect(throws: TextBufferError.invalidUTF8(byteOffset: offset), "\(bytes)") {
                try TextBuffer(validatingUTF8: bytes)
            }
        }
        #expect(TextBufferError.invalidUTF8(byteOffset: 7).description == "invalid UTF-8 at byte offset 7")
        // Agreement with Swift's own validation on every 2-byte sequence.
        for first in UInt8(0x80)...0xFF {
            for second in [UInt8(0x41), 0x80, 0xA0, 0xBF] {
                let bytes = [first, second]
                let swiftAccepts = String(validating: bytes, as: UTF8.self) != nil
                let weAccept = (try? TextBuffer(validatingUTF8: bytes)) != nil
                #expect(weAccept == swiftAccepts, "\(bytes)")
            }
        }
    }

    @Test func copiesAreSnapshots() {
        var buffer = TextBuffer("héllo wörld")
        let snapshot = buffer
        buffer.replace(1..<2, with: "e")
        buffer.insert("¡", at: 0)
        buffer.delete(7..<8)
        #expect(snapshot.string == "héllo wörld")
        #expect(buffer.string == "¡hello örld")
        #expect(buffer != snapshot)
        #expect(buffer.commonPrefixLength(with: snapshot) == 0)
        #expect(buffer.commonSuffixLength(with: snapshot) == 4)
    }

    @Test func offsetConversions() {
        let buffer = TextBuffer("aé日👍")
        #expect((0...4).map { buffer.utf8Offset(ofScalar: $0) } == [0, 1, 3, 6, 10])
        #expect((0...10).map { buffer.scalarOffset(ofUTF8: $0) } == [0, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4])
        #expect(buffer.scalar(at: 3) == "👍")
        #expect(Array(buffer.scalars(in: 1..<3)) == ["é", "日"])
        #expect(buffer.substring(2..<4) == "日👍")
    }

    @Test func descriptionIsTheTextCutWhenLong() {
        #expect(TextBuffer("ça va").description == "ça va")
        let long = TextBuffer(String(repeating: "é", count: 10_005))
        #expect(long.description == String(repeating: "é", count: 10_000) + "… (10005 scalars)")
    }
}
