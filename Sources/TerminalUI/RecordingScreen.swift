import EditorModel

/// A `TerminalScreen` for tests: records every frame and clipboard export, and follows resizes.
public final class RecordingScreen: TerminalScreen {
    public var size: ScreenSize
    /// Every frame drawn, oldest first.
    public private(set) var frames: [Frame] = []
    /// Every clipboard export, from frames and from `exportToClipboard`, oldest first.
    public private(set) var clipboardExports: [String] = []

    public init(size: ScreenSize) {
        self.size = size
    }

    /// The last frame drawn.
    public var lastFrame: Frame? { frames.last }

    public func draw(_ frame: Frame) {
        frames.append(frame)
        if let text = frame.clipboardExport { clipboardExports.append(text) }
    }

    public func prepare(for inputs: [TerminalInput]) {
        for case .event(.resize(let rows, let columns)) in inputs { size = ScreenSize(rows: rows, columns: columns) }
    }

    public func exportToClipboard(_ text: String) {
        clipboardExports.append(text)
    }
}
