import EditorModel
import Testing

@testable import TerminalUI

/// Paste, mouse, lone Escape and bytes split across reads.
@Suite struct InputDecoderStreamTests {
    @Test func bracketedPasteIsOneEvent() {
        let events = decodeAll("\u{1B}[200~\\section{Résumé}\r\n  漢字 😀\tx\u{1B}[201~a")
        #expect(events == [.paste("\\section{Résumé}\n  漢字 😀\tx"), char("a")])
    }

    @Test func pasteTurnsCarriageReturnsIntoNewlinesAndDropsControls() {
        #expect(decodeAll("\u{1B}[200~a\rb\r\nc\u{1B}[31md\u{7}\u{1B}[201~") == [.paste("a\nb\nc[31md")])
    }

    @Test func pasteContentIsNeverDecodedAsKeys() {
        #expect(decodeAll("\u{1B}[200~\u{11}\u{1B}[A\u{1B}[201~") == [.paste("[A")])
    }

    @Test func pasteSplitAcrossReadsIncludingTheEndMarker() {
        var decoder = InputDecoder()
        var events = decoder.decode(Array("\u{1B}[20".utf8))
        #expect(decoder.pending == .sequence)
        events += decoder.decode(Array("0~héllo".utf8))
        #expect(decoder.pending == .paste)
        events += decoder.decode(Array("\n wörld\u{1B}[2".utf8))
        events += decoder.decode(Array("01".utf8))
        #expect(events.isEmpty)
        events += decoder.decode(Array("~x".utf8))
        #expect(events == [.paste("héllo\n wörld"), char("x")])
        #expect(decoder.pending == .nothing)
    }

    @Test func anUnterminatedPasteIsDeliveredOnFlush() {
        var decoder = InputDecoder()
        #expect(decoder.decode(Array("\u{1B}[200~abc\u{1B}[20".utf8)).isEmpty)
        #expect(decoder.flush() == [.paste("abc[20")])
        #expect(decoder.decode(Array("z".utf8)) == [char("z")])
    }

    @Test func emptyPaste() {
        #expect(decodeAll("\u{1B}[200~\u{1B}[201~") == [.paste("")])
    }

    @Test func sgrMouse() {
        #expect(decodeAll("\u{1B}[<0;5;3M") == [mouse(.press, row: 2, column: 4)])
        #expect(decodeAll("\u{1B}[<32;6;3M") == [mouse(.drag, row: 2, column: 5)])
        #expect(decodeAll("\u{1B}[<0;7;4m") == [mouse(.release, row: 3, column: 6)])
        #expect(decodeAll("\u{1B}[<64;1;1M") == [mouse(.scrollUp, row: 0, column: 0)])
        #expect(decodeAll("\u{1B}[<65;120;40M") == [mouse(.scrollDown, row: 39, column: 119)])
        #expect(decodeAll("\u{1B}[<4;2;2M") == [mouse(.press, row: 1, column: 1, .shift)])
        #expect(decodeAll("\u{1B}[<16;2;2M") == [mouse(.press, row: 1, column: 1, .control)])
    }

    @Test func unusedMouseReportsAreIgnored() {
        // Right and middle buttons, motion without a button, horizontal wheel, zero coordinates, X10 reports.
        let input = "\u{1B}[<2;1;1M\u{1B}[<1;1;1m\u{1B}[<35;4;4M\u{1B}[<66;1;1M\u{1B}[<0;0;0M\u{1B}[M !!k"
        #expect(decodeAll(input) == typed("k"))
    }

    @Test func loneEscapeWaitsForFlush() {
        var decoder = InputDecoder()
        #expect(decoder.decode([0x1B]).isEmpty)
        #expect(decoder.pending == .sequence)
        #expect(decoder.flush() == [key(.escape)])
        #expect(decoder.pending == .nothing)
    }

    @Test func escapeThenLaterByteWithoutFlushIsAlt() {
        var decoder = InputDecoder()
        #expect(decoder.decode([0x1B]).isEmpty)
        #expect(decoder.decode(Array("f".utf8)) == [char("f", .alt)])
    }

    @Test func flushResolvesAHalfSequenceAsAltKey() {
        var decoder = InputDecoder()
        #expect(decoder.decode(Array("\u{1B}[".utf8)).isEmpty)
        #expect(decoder.flush() == [char("[", .alt)])
        #expect(decoder.decode(Array("\u{1B}[1;".utf8)).isEmpty)
        #expect(decoder.flush().isEmpty)
        #expect(decoder.decode(Array("\u{1B}[B".utf8)) == [key(.down)])
    }

    @Test func everySequenceSplitAtEveryByteDecodesTheSame() {
        let inputs = [
            "\u{1B}[1;6C", "\u{1B}[Z", "\u{1B}OP", "\u{1B}[24~", "\u{1B}[<0;12;7M", "\u{1B}[[B", "\u{1B}Oc",
            "\u{1B}[200~ab\u{1B}[201~", "é", "漢", "😀", "\u{1B}\u{1B}[C", "\u{1B}[27;5;115~",
        ]
        for input in inputs {
            let bytes = Array(input.utf8)
            let whole = decodeAll(bytes)
            #expect(!whole.isEmpty, "\(input.debugDescription)")
            for split in 1..<bytes.count {
                var decoder = InputDecoder()
                let events = decoder.decode(bytes[..<split]) + decoder.decode(bytes[split...]) + decoder.flush()
                #expect(events == whole, "\(input.debugDescription) split at \(split)")
            }
        }
    }

    @Test func utf8SplitAcrossReadsIsHeldUntilComplete() {
        var decoder = InputDecoder()
        let bytes = Array("a😀".utf8)
        #expect(decoder.decode(bytes[0..<3]) == [char("a")])
        #expect(decoder.pending == .sequence)
        #expect(decoder.decode(bytes[3..<4]).isEmpty)
        #expect(decoder.decode(bytes[4...]) == [char("😀")])
    }

    @Test func incompleteUTF8IsDroppedOnFlush() {
        var decoder = InputDecoder()
        #expect(decoder.decode([0xE6, 0xBC]).isEmpty)
        #expect(decoder.flush().isEmpty)
        #expect(decoder.decode(Array("b".utf8)) == [char("b")])
    }

    @Test func combiningMarkInALaterReadIsItsOwnCharacter() {
        var decoder = InputDecoder()
        #expect(decoder.decode(Array("e".utf8)) == [char("e")])
        #expect(decoder.decode(Array("\u{301}".utf8)) == [char("\u{301}")])
    }
}
