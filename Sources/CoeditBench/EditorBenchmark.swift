import EditorCore
import EditorModel
import Foundation

/// Issue 3's large-file figures: opening a 100 MB file in the editor and the cost of one keystroke with its redraw.
///
/// "Open" is reading the file, validating UTF-8, building the rope and rendering the first frame, beside reading
/// the file into a byte array in the same run. A keystroke is `handle(key)` plus `render()` of a 160×50 screen,
/// beside the same keystroke on a 10 KB file in the same run, so the ratio shows how much the file size costs
/// (1.0 = nothing). The frame budget at 60 Hz is 16.7 ms.
struct EditorBenchmark {
    var megabytes = 100
    let rows = 50
    let columns = 160

    func run() throws -> [BenchmarkRow] {
        var text = BenchmarkText(seed: 300)
        let bytes = Array(text.lines(totalBytes: megabytes * 1_000_000).joinedLines.utf8)
        let small = Array(text.lines(totalBytes: 10_000).joinedLines.utf8)
        let directory = FileManager.default.temporaryDirectory
        let url = directory.appendingPathComponent("coedit-bench-editor-\(getpid()).tex")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }

        let read = try Measure.onceSeconds { try Array(Data(contentsOf: url)) }
        let open = try Measure.onceSeconds { () throws -> Editor in
            let buffer = try TextBuffer(validatingUTF8: Array(Data(contentsOf: url)))
            var editor = Editor(buffer: buffer, fileName: "big.tex", rows: rows, columns: columns)
            _ = editor.handle(.resize(rows: rows, columns: columns))
            _ = Measure.blackHole(editor.render())
            return editor
        }
        var big = open.value
        var little = Editor(buffer: try TextBuffer(validatingUTF8: small), fileName: "small.tex", rows: rows,
            columns: columns)
        _ = little.handle(.resize(rows: rows, columns: columns))

        // Jump to the middle of the big file, then type there.
        _ = big.perform(.goToLine)
        for digit in String(big.document.buffer.lineCount / 2) { _ = big.handle(.key(KeyPress(.character(digit)))) }
        _ = big.handle(.key(KeyPress(.enter)))
        let bigKey = keystrokeSeconds(&big)
        let littleKey = keystrokeSeconds(&little)
        let bigMove = moveSeconds(&big)
        let littleMove = moveSeconds(&little)
        var longLine = longLineEditor(characters: 1_000_000)
        var fresh = longLineEditor(characters: 1_000_000, movingToTheMiddle: false)
        let indexing = Measure.onceSeconds { () -> Editor in
            fresh.moveCursor(to: 500_000)
            return fresh
        }
        let longLineKey = keystrokeSeconds(&longLine)
        let longLineJump = jumpSeconds(&longLine)
        let littleJump = jumpSeconds(&little)
        var longLines = longLineEditor(characters: 1_000_000, lines: 2)
        let longLinesMove = upDownSeconds(&longLines)
        let littleUpDown = upDownSeconds(&little)
        return [
            BenchmarkRow(
                name: "open \(megabytes) MB file (read, validate, rope, first frame)", coedit: open.seconds,
                reference: read.seconds, referenceName: "read file into [UInt8]"),
            BenchmarkRow(
                name: "keystroke + redraw in the middle of \(megabytes) MB (median)", coedit: bigKey,
                reference: littleKey, referenceName: "same on a 10 KB file"),
            BenchmarkRow(
                name: "cursor down + redraw in \(megabytes) MB (median)", coedit: bigMove, reference: littleMove,
                referenceName: "same on a 10 KB file"),
            BenchmarkRow(
                name: "keystroke + redraw in the middle of one 1,000,000-character line (median)",
                coedit: longLineKey, reference: littleKey, referenceName: "same on a 10 KB file"),
            BenchmarkRow(
                name: "first move onto that line (walks it once to build its column index), once", coedit:
                    indexing.seconds, reference: nil, referenceName: "—"),
            BenchmarkRow(
                name: "Home or End + redraw on that line (median, alternately)", coedit: longLineJump,
                reference: littleJump, referenceName: "same on a 10 KB file"),
            BenchmarkRow(
                name: "Down or Up + redraw between two such lines (median, alternately)", coedit: longLinesMove,
                reference: littleUpDown, referenceName: "same on a 10 KB file"),
        ]
    }

    /// An editor on `lines` lines of `characters` mixed-script characters each (a minified file), its cursor in
    /// the middle of the first.
    private func longLineEditor(characters: Int, lines: Int = 1, movingToTheMiddle: Bool = true) -> Editor {
        let pattern = Array("{\"clé\":\"漢字\",\"n\":42,\"e\":\"🎉\"},")
        let line = String((0..<characters).map { pattern[$0 % pattern.count] }) + "\n"
        let text = String(repeating: line, count: lines)
        var editor = Editor(buffer: TextBuffer(text), fileName: "long.json", rows: rows, columns: columns)
        guard movingToTheMiddle else { return editor }  // nothing measured or indexed yet
        _ = editor.handle(.resize(rows: rows, columns: columns))
        editor.moveCursor(to: characters / 2)
        _ = editor.render()
        return editor
    }

    /// Median seconds of typing one character and rendering the frame.
    private func keystrokeSeconds(_ editor: inout Editor) -> Double {
        let keys: [Character] = ["a", "é", "漢", " ", "x"]
        var index = 0
        return Measure.medianSeconds { () -> Frame in
            index += 1
            _ = editor.handle(.key(KeyPress(.character(keys[index % keys.count]))))
            return editor.render()
        }
    }

    /// Median seconds of Home or End (alternately, twice each: Home goes to the first non-blank, then the line's
    /// start) and rendering the frame.
    private func jumpSeconds(_ editor: inout Editor) -> Double {
        var index = 0
        return Measure.medianSeconds { () -> Frame in
            index += 1
            _ = editor.handle(.key(KeyPress(index % 4 < 2 ? .end : .home)))
            return editor.render()
        }
    }

    /// Median seconds of Down or Up (alternately) and rendering the frame.
    private func upDownSeconds(_ editor: inout Editor) -> Double {
        var index = 0
        return Measure.medianSeconds { () -> Frame in
            index += 1
            _ = editor.handle(.key(KeyPress(index % 2 == 1 ? .down : .up)))
            return editor.render()
        }
    }

    /// Median seconds of one Down arrow and rendering the frame.
    private func moveSeconds(_ editor: inout Editor) -> Double {
        Measure.medianSeconds { () -> Frame in
            _ = editor.handle(.key(KeyPress(.down)))
            return editor.render()
        }
    }
}
