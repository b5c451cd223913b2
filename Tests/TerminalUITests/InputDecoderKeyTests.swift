import EditorModel
import Testing

@testable import TerminalUI

/// Text and control keys.
@Suite struct InputDecoderTextTests {
    @Test func asciiTextIsOneKeyPerCharacter() {
        #expect(decodeAll("ab c") == typed("ab c"))
    }

    @Test(arguments: ["é", "漢字", "😀", "👩‍💻", "🇫🇷", "👍🏽", "\u{D55C}"])
    func multiByteTextIsOneKeyPerGraphemeCluster(text: String) {
        #expect(decodeAll(text) == typed(text))
    }

    @Test func baseFollowedByCombiningMarksIsOneCharacter() {
        let events = decodeAll("e\u{301}a\u{308}\u{331}")
        #expect(events == [char("e\u{301}"), char("a\u{308}\u{331}")])
    }

    @Test func controlLettersAreLowercaseWithControl() {
        #expect(decodeAll("\u{11}") == [char("q", .control)])
        #expect(decodeAll("\u{01}\u{13}\u{1A}") == [char("a", .control), char("s", .control), char("z", .control)])
    }

    @Test func tabEnterBackspaceAndEscapeKeepTheirOwnKeys() {
        #expect(decodeAll("\t") == [key(.tab)])
        #expect(decodeAll("\r") == [key(.enter)])
        #expect(decodeAll("\n") == [key(.enter)])
        #expect(decodeAll("\u{7F}") == [key(.backspace)])
        #expect(decodeAll("\u{08}") == [key(.backspace, .control)])
        #expect(decodeAll("\u{1B}") == [key(.escape)])
    }

    @Test func ctrlSpaceAndCtrlPunctuation() {
        #expect(decodeAll([0x00]) == [char(" ", .control)])
        #expect(decodeAll([0x1C, 0x1D, 0x1F]) == [char("\\", .control), char("]", .control), char("_", .control)])
    }

    @Test func escapeFollowedByAKeyIsAlt() {
        #expect(decodeAll("\u{1B}x") == [char("x", .alt)])
        #expect(decodeAll("\u{1B}é") == [char("é", .alt)])
        #expect(decodeAll("\u{1B}\u{11}") == [char("q", [.control, .alt])])
        #expect(decodeAll("\u{1B}\u{7F}") == [key(.backspace, .alt)])
    }

    @Test func twoEscapesAreTwoEscapeKeys() {
        #expect(decodeAll("\u{1B}\u{1B}") == [key(.escape), key(.escape)])
    }

    @Test func c1ControlsAndInvalidUTF8AreDropped() {
        #expect(decodeAll([0x61, 0xC2, 0x85, 0x62]) == typed("ab"))
        #expect(decodeAll([0x61, 0xFF, 0xC0, 0xAF, 0xED, 0xA0, 0x80, 0x62]) == typed("ab"))
    }

    @Test func textAroundControlKeysKeepsItsOrder() {
        #expect(decodeAll("a\u{13}b\rc") == [char("a"), char("s", .control), char("b"), key(.enter), char("c")])
    }
}

/// CSI and SS3 key sequences, with xterm modifiers and rxvt/Linux variants.
@Suite struct InputDecoderSequenceTests {
    @Test(arguments: [
        ("\u{1B}[A", Key.up), ("\u{1B}[B", .down), ("\u{1B}[C", .right), ("\u{1B}[D", .left),
        ("\u{1B}OA", .up), ("\u{1B}OD", .left),
        ("\u{1B}[H", .home), ("\u{1B}[F", .end), ("\u{1B}OH", .home), ("\u{1B}OF", .end),
        ("\u{1B}[1~", .home), ("\u{1B}[4~", .end), ("\u{1B}[7~", .home), ("\u{1B}[8~", .end),
        ("\u{1B}[5~", .pageUp), ("\u{1B}[6~", .pageDown), ("\u{1B}[3~", .delete),
    ])
    func unmodifiedKeys(sequence: String, expected: Key) {
        #expect(decodeAll(sequence) == [key(expected)], "\(sequence.debugDescription)")
    }

    @Test(arguments: [
        ("\u{1B}OP", 1), ("\u{1B}OQ", 2), ("\u{1B}OR", 3), ("\u{1B}OS", 4),
        ("\u{1B}[11~", 1), ("\u{1B}[12~", 2), ("\u{1B}[13~", 3), ("\u{1B}[14~", 4),
        ("\u{1B}[15~", 5), ("\u{1B}[17~", 6), ("\u{1B}[18~", 7), ("\u{1B}[19~", 8),
        ("\u{1B}[20~", 9), ("\u{1B}[21~", 10), ("\u{1B}[23~", 11), ("\u{1B}[24~", 12),
        ("\u{1B}[[A", 1), ("\u{1B}[[E", 5),
    ])
    func functionKeys(sequence: String, number: Int) {
        #expect(decodeAll(sequence) == [key(.function(number))], "\(sequence.debugDescription)")
    }

    @Test func xtermModifierParameters() {
        #expect(decodeAll("\u{1B}[1;5C") == [key(.right, .control)])
        #expect(decodeAll("\u{1B}[1;5D") == [key(.left, .control)])
        #expect(decodeAll("\u{1B}[1;2A") == [key(.up, .shift)])
        #expect(decodeAll("\u{1B}[1;6C") == [key(.right, [.control, .shift])])
        #expect(decodeAll("\u{1B}[1;3B") == [key(.down, .alt)])
        #expect(decodeAll("\u{1B}[1;9B") == [key(.down, .alt)])
        #expect(decodeAll("\u{1B}[1;8D") == [key(.left, [.shift, .alt, .control])])
        #expect(decodeAll("\u{1B}[1;5H") == [key(.home, .control)])
        #expect(decodeAll("\u{1B}[1;5F") == [key(.end, .control)])
        #expect(decodeAll("\u{1B}[1;6H") == [key(.home, [.control, .shift])])
        #expect(decodeAll("\u{1B}[1;2F") == [key(.end, .shift)])
        #expect(decodeAll("\u{1B}[5;5~") == [key(.pageUp, .control)])
        #expect(decodeAll("\u{1B}[3;2~") == [key(.delete, .shift)])
        #expect(decodeAll("\u{1B}[1;2P") == [key(.function(1), .shift)])
        #expect(decodeAll("\u{1B}[15;5~") == [key(.function(5), .control)])
        #expect(decodeAll("\u{1B}O5C") == [key(.right, .control)])
    }

    @Test func shiftTab() {
        #expect(decodeAll("\u{1B}[Z") == [key(.tab, .shift)])
    }

    @Test func rxvtModifiedKeys() {
        #expect(decodeAll("\u{1B}[a") == [key(.up, .shift)])
        #expect(decodeAll("\u{1B}[c") == [key(.right, .shift)])
        #expect(decodeAll("\u{1B}Oc") == [key(.right, .control)])
        #expect(decodeAll("\u{1B}Od") == [key(.left, .control)])
        #expect(decodeAll("\u{1B}[7$") == [key(.home, .shift)])
        #expect(decodeAll("\u{1B}[8^") == [key(.end, .control)])
        #expect(decodeAll("\u{1B}[7@") == [key(.home, [.control, .shift])])
        #expect(decodeAll("\u{1B}\u{1B}[A") == [key(.up, .alt)])
    }

    @Test func csiUAndModifyOtherKeys() {
        #expect(decodeAll("\u{1B}[113;5u") == [char("q", .control)])
        #expect(decodeAll("\u{1B}[97;2u") == [char("A")])
        #expect(decodeAll("\u{1B}[13;2u") == [key(.enter, .shift)])
        #expect(decodeAll("\u{1B}[27;5;115~") == [char("s", .control)])
        #expect(decodeAll("\u{1B}[27u") == [key(.escape)])
        #expect(decodeAll("\u{1B}[223;2u") == [char("ß", .shift)], "ß has no one-character capital")
        #expect(decodeAll("\u{1B}[1;5u\u{1B}[1114112u\u{1B}[55296u") == [], "control, out of range, surrogate")
    }

    @Test func insertIsAKeyFocusAndUnknownSequencesAreIgnored() {
        #expect(decodeAll("\u{1B}[2~a") == [key(.insert)] + typed("a"))
        #expect(decodeAll("\u{1B}[2;5~") == [key(.insert, .control)])
        #expect(decodeAll("\u{1B}[I\u{1B}[Ob") == typed("b"))
        #expect(decodeAll("\u{1B}[99~\u{1B}[?1;2c\u{1B}[5X\u{1B}Ozc") == typed("c"))
    }

    @Test func aSequenceInterruptedByAnotherByteIsDroppedAndTheByteKept() {
        #expect(decodeAll("\u{1B}[1;\u{1B}[A") == [key(.up)])
        #expect(decodeAll("\u{1B}[12\u{11}") == [char("q", .control)])
        #expect(decodeAll("\u{1B}[1é") == [char("é")])
    }

    @Test func overlongParametersAreGarbage() {
        let long = "\u{1B}[" + String(repeating: "1;", count: 40) + "5Cx"
        #expect(decodeAll(long).last == char("x"))
        #expect(!decodeAll(long).contains(key(.right, .control)))
        #expect(decodeAll("\u{1B}[99999999999999999999;5C") == [key(.right, .control)])
    }
}
