import EditorModel
import Testing
import TestSupport

@testable import TerminalUI

/// Seeded random input: arbitrary bytes never trap, and encoded event streams decode back in any split.
@Suite struct InputDecoderRandomTests {
    /// Bytes biased towards the interesting ones: ESC, '[', digits, ';', finals, UTF-8 lead and continuation bytes.
    private static let interestingBytes: [UInt8] =
        [0x1B, 0x1B, 0x5B, 0x4F, 0x3B, 0x3C, 0x7E, 0x24, 0x5E, 0x40, 0x4D, 0x6D, 0x41, 0x43, 0x48, 0x50, 0x5A, 0x75]
        + Array(0x30...0x39) + [0x00, 0x07, 0x0D, 0x7F, 0x80, 0xBF, 0xC2, 0xE2, 0xED, 0xF0, 0xF4, 0xFF]
        + Array("200~201~".utf8)

    @Test func randomBytesNeverTrapAndYieldOnlyWellFormedEvents() {
        for seed in TestBudget.caseSeeds(300) {
            var generator = SeededGenerator(seed: seed)
            var decoder = InputDecoder()
            for _ in 0..<40 {
                let count = Int.random(in: 0...24, using: &generator)
                let chunk: [UInt8] = (0..<count).map { _ in
                    Bool.random(using: &generator)
                        ? Self.interestingBytes.randomElement(using: &generator)!
                        : UInt8.random(in: 0...255, using: &generator)
                }
                var events = decoder.decode(chunk)
                if Int.random(in: 0..<4, using: &generator) == 0 { events += decoder.flush() }
                for event in events { #expect(Self.isWellFormed(event), "seed \(seed): \(event)") }
            }
            _ = decoder.flush()
            #expect(decoder.pending == .nothing, "seed \(seed)")
        }
    }

    @Test func encodedEventStreamsDecodeBackInAnySplit() {
        for seed in TestBudget.caseSeeds(300) {
            var generator = SeededGenerator(seed: seed)
            let events = (0..<Int.random(in: 1...30, using: &generator)).map { _ in
                XtermEncoding.randomEvent(using: &generator)
            }
            // Each segment is what arrives before the user pauses (a flush): a lone Escape ends its segment.
            var segments: [[UInt8]] = [[]]
            for event in events {
                segments[segments.count - 1] += XtermEncoding.bytes(for: event)
                if event == key(.escape) { segments.append([]) }
            }
            var decoder = InputDecoder()
            var decoded: [InputEvent] = []
            for segment in segments {
                var index = 0
                while index < segment.count {
                    let end = min(segment.count, index + Int.random(in: 1...9, using: &generator))
                    decoded += decoder.decode(segment[index..<end])
                    index = end
                }
                decoded += decoder.flush()
            }
            #expect(Self.joiningText(decoded) == Self.joiningText(events), "seed \(seed)")
        }
    }

    /// Replaces runs of unmodified character keys by one string, since grapheme clusters only join within a read.
    private static func joiningText(_ events: [InputEvent]) -> [String] {
        var result: [String] = []
        var text = ""
        for event in events {
            if case .key(let press) = event, press.modifiers.isEmpty, case .character(let character) = press.key {
                text.append(character)
                continue
            }
            if !text.isEmpty { result.append("text:" + text) }
            text = ""
            result.append(String(describing: event))
        }
        if !text.isEmpty { result.append("text:" + text) }
        return result
    }

    private static func isWellFormed(_ event: InputEvent) -> Bool {
        switch event {
        case .key(let press):
            switch press.key {
            case .character(let character):
                return character.unicodeScalars.allSatisfy(UTF8Scalar.isPrintable)
            case .function(let number):
                return (1...12).contains(number)
            default:
                return true
            }
        case .paste(let text):
            return text.unicodeScalars.allSatisfy { UTF8Scalar.isPrintable($0) || $0 == "\n" || $0 == "\t" }
        case .mouse(let mouse):
            return mouse.row >= 0 && mouse.column >= 0
        case .resize:
            return false
        }
    }
}

/// A test-side xterm encoder: the bytes a terminal sends for an event.
enum XtermEncoding {
    static func bytes(for event: InputEvent) -> [UInt8] {
        switch event {
        case .key(let press): return keyBytes(press)
        case .paste(let text): return Array("\u{1B}[200~\(text)\u{1B}[201~".utf8)
        case .mouse(let mouse):
            var code = 0
            switch mouse.action {
            case .press, .release: code = 0
            case .drag: code = 32
            case .scrollUp: code = 64
            case .scrollDown: code = 65
            }
            let final = mouse.action == .release ? "m" : "M"
            return Array("\u{1B}[<\(code);\(mouse.column + 1);\(mouse.row + 1)\(final)".utf8)
        case .resize: return []
        }
    }

    private static func keyBytes(_ press: KeyPress) -> [UInt8] {
        let parameter = 1 + (press.modifiers.contains(.shift) ? 1 : 0) + (press.modifiers.contains(.alt) ? 2 : 0)
            + (press.modifiers.contains(.control) ? 4 : 0)
        let suffix = parameter > 1 ? ";\(parameter)" : ""
        let text: String
        switch press.key {
        case .character(let character):
            if press.modifiers == .control { return [UInt8(character.asciiValue! - 0x60)] }
            return Array(String(character).utf8)
        case .enter: text = "\r"
        case .tab: text = press.modifiers == .shift ? "\u{1B}[Z" : "\t"
        case .backspace: text = "\u{7F}"
        case .escape: text = "\u{1B}"
        case .insert: text = "\u{1B}[2\(suffix)~"
        case .delete: text = "\u{1B}[3\(suffix)~"
        case .pageUp: text = "\u{1B}[5\(suffix)~"
        case .pageDown: text = "\u{1B}[6\(suffix)~"
        case .up: text = "\u{1B}[1\(suffix)A"
        case .down: text = "\u{1B}[1\(suffix)B"
        case .right: text = "\u{1B}[1\(suffix)C"
        case .left: text = "\u{1B}[1\(suffix)D"
        case .home: text = "\u{1B}[1\(suffix)H"
        case .end: text = "\u{1B}[1\(suffix)F"
        case .function(let number):
            let codes = [11, 12, 13, 14, 15, 17, 18, 19, 20, 21, 23, 24]
            text = "\u{1B}[\(codes[number - 1])\(suffix)~"
        }
        return Array(text.utf8)
    }

    static func randomEvent<G: RandomNumberGenerator>(using generator: inout G) -> InputEvent {
        let navigation: [Key] = [.up, .down, .left, .right, .home, .end, .pageUp, .pageDown, .delete, .insert, .function(7)]
        let modifierSets: [Modifiers] = [[], .shift, .control, [.control, .shift], .alt]
        switch Int.random(in: 0..<10, using: &generator) {
        case 0...3:
            let fragment = RandomText.fragments.filter { $0 != "\n" && $0 != "\t" }.randomElement(using: &generator)!
            return char(fragment.first!)
        case 4:
            // Ctrl-H, I, J and M are the bytes of Backspace, Tab and Enter.
            let letter = "abcdefgklnopqrstuvwxyz".randomElement(using: &generator)!
            return char(letter, .control)
        case 5:
            return [key(.enter), key(.tab), key(.backspace), key(.escape), key(.tab, .shift)]
                .randomElement(using: &generator)!
        case 6, 7:
            return key(navigation.randomElement(using: &generator)!, modifierSets.randomElement(using: &generator)!)
        case 8:
            let text = RandomText.string(maxFragments: 8, using: &generator)
            return .paste(text)
        default:
            let actions: [MouseEvent.Action] = [.press, .drag, .release, .scrollUp, .scrollDown]
            return mouse(actions.randomElement(using: &generator)!, row: Int.random(in: 0..<50, using: &generator),
                column: Int.random(in: 0..<300, using: &generator))
        }
    }
}
