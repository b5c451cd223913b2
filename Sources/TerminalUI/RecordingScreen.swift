import EditorModel

/// A `TerminalScreen` for tests: records every frame and clipboard export and replays scripted input.
public final class RecordingScreen: TerminalScreen {
    public var size: ScreenSize
    /// Every frame drawn, oldest first.
    public private(set) var frames: [Frame] = []
    /// Every clipboard export, from frames and from `exportToClipboard`, oldest first.
    public private(set) var clipboardExports: [String] = []
    /// The timeouts `readInput` was called with, oldest first.
    public private(set) var readTimeouts: [Duration?] = []
    /// The input to return, one batch per `readInput` call; an empty script returns `[]` (a timeout).
    public var script: [[TerminalInput]]

    public init(size: ScreenSize, script: [[TerminalInput]] = []) {
        self.size = size
        self.script = script
    }

    /// The last frame drawn.
    public var lastFrame: Frame? { frames.last }

    public func draw(_ frame: Frame) {
        frames.append(frame)
        if let text = frame.clipboardExport { clipboardExports.append(text) }
    }

    public func readInput(timeout: Duration?) -> [TerminalInput] {
        readTimeouts.append(timeout)
        guard !script.isEmpty else { return [] }
        let batch = script.removeFirst()
        for case .event(.resize(let rows, let columns)) in batch { size = ScreenSize(rows: rows, columns: columns) }
        return batch
    }

    public func exportToClipboard(_ text: String) {
        clipboardExports.append(text)
    }
}
