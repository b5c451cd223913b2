import EditorModel
import Testing

@testable import TerminalUI

/// Style → colour pair and attributes, with graceful degradation.
@Suite struct ColorPaletteTests {
    @Test func detectionHonoursNoColorAndTerminalLimits() {
        #expect(ColorSupport.detect(hasColors: true, colors: 256, colorPairs: 65_536, environment: [:])
            == .basic(pairs: 65_535))
        #expect(ColorSupport.detect(hasColors: true, colors: 8, colorPairs: 64, environment: [:]) == .basic(pairs: 63))
        #expect(ColorSupport.detect(hasColors: true, colors: 256, colorPairs: 256, environment: ["NO_COLOR": "1"])
            == .monochrome)
        #expect(ColorSupport.detect(hasColors: true, colors: 256, colorPairs: 256, environment: ["NO_COLOR": ""])
            == .basic(pairs: 255), "an empty NO_COLOR does not count (no-color.org)")
        #expect(ColorSupport.detect(hasColors: false, colors: 0, colorPairs: 0, environment: [:]) == .monochrome)
        #expect(ColorSupport.detect(hasColors: true, colors: 2, colorPairs: 2, environment: [:]) == .monochrome)
    }

    @Test func plainStylesUseTheDefaultPair() {
        var palette = ColorPalette(support: .basic(pairs: 63))
        let (appearance, definition) = palette.appearance(for: Style(bold: true))
        #expect(appearance == CellAppearance(pair: 0, bold: true, underline: false, reverse: false))
        #expect(definition == nil)
    }

    @Test func pairsAreAllocatedOnceAndReused() {
        var palette = ColorPalette(support: .basic(pairs: 63))
        let keyword = Style(foreground: .blue, bold: true)
        let (first, definition) = palette.appearance(for: keyword)
        #expect(first.pair == 1 && first.bold)
        #expect(definition == ColorPairDefinition(pair: 1, foreground: .blue, background: nil))
        let (second, _) = palette.appearance(for: Style(foreground: .red, background: .white))
        #expect(second.pair == 2)
        let (again, noDefinition) = palette.appearance(for: Style(foreground: .blue, underline: true))
        #expect(again.pair == 1 && again.underline && !again.bold)
        #expect(noDefinition == nil)
    }

    @Test func monochromeKeepsAttributesAndTurnsBackgroundsIntoReverse() {
        var palette = ColorPalette(support: .monochrome)
        let selection = palette.appearance(for: Style(foreground: .white, background: .blue)).0
        #expect(selection == CellAppearance(pair: 0, bold: false, underline: false, reverse: true))
        let cursor = palette.appearance(for: Style(reverse: true)).0
        #expect(cursor.reverse)
        let remoteCursor = palette.appearance(for: Style(background: .magenta, bold: true)).0
        #expect(remoteCursor.reverse && remoteCursor.bold)
        let keyword = palette.appearance(for: Style(foreground: .blue, bold: true)).0
        #expect(keyword == CellAppearance(pair: 0, bold: true, underline: false, reverse: false))
    }

    @Test func runningOutOfPairsKeepsHighlightsVisible() {
        var palette = ColorPalette(support: .basic(pairs: 2))
        _ = palette.appearance(for: Style(foreground: .red))
        _ = palette.appearance(for: Style(background: .blue))
        // No pair left for (green on blue): the background-only pair keeps the highlight.
        let shared = palette.appearance(for: Style(foreground: .green, background: .blue))
        #expect(shared.0.pair == 2 && shared.1 == nil)
        // Nothing left for a new background: monochrome rule, reverse video.
        let fallback = palette.appearance(for: Style(background: .yellow)).0
        #expect(fallback == CellAppearance(pair: 0, bold: false, underline: false, reverse: true))
        let foregroundOnly = palette.appearance(for: Style(foreground: .cyan)).0
        #expect(foregroundOnly.pair == 0 && !foregroundOnly.reverse)
    }
}

/// OSC 52 clipboard export and the test screen.
@Suite struct ClipboardAndRecordingTests {
    @Test(arguments: [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
        ("foobar", "Zm9vYmFy")])
    func base64MatchesRFC4648(input: String, expected: String) {
        #expect(OSC52.base64(Array(input.utf8)) == Array(expected.utf8))
    }

    @Test func osc52WrapsTheUTF8Text() {
        let sequence = OSC52.sequence(for: "é漢")
        #expect(sequence == Array("\u{1B}]52;c;w6nmvKI=\u{7}".utf8))
        #expect(OSC52.sequence(for: String(repeating: "x", count: OSC52.maximumExportBytes + 1)) == nil)
    }

    @Test func recordingScreenRecordsFramesAndFollowsResizes() {
        let screen = RecordingScreen(size: ScreenSize(rows: 2, columns: 3))
        var frame = Frame(rows: 2, columns: 3)
        frame.clipboardExport = "copié"
        screen.draw(frame)
        #expect(screen.frames == [frame])
        #expect(screen.clipboardExports == ["copié"])
        screen.prepare(for: [.terminationRequested(signal: 1)])
        #expect(screen.size == ScreenSize(rows: 2, columns: 3))
        screen.prepare(for: [.event(.resize(rows: 5, columns: 7)), .event(.resize(rows: 6, columns: 8))])
        #expect(screen.size == ScreenSize(rows: 6, columns: 8))
    }
}
