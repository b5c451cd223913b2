#if canImport(Glibc)
import Glibc
#endif
import EditorModel
import FileStore
import BlockingTestThreads
import Foundation
import TerminalUI
import Testing

@testable import coedit

/// The session's turns, as `EditorRunLoop` drives them, with a `RecordingScreen`: batches of input in, effects
/// performed, frames out. No terminal.
@Suite(.blockingThreads) struct EditSessionLoopTests {
    private func key(_ key: Key, _ modifiers: Modifiers = []) -> TerminalInput {
        .event(.key(KeyPress(key, modifiers: modifiers)))
    }

    private func typed(_ text: String) -> [TerminalInput] {
        text.map { key(.character($0)) }
    }

    /// Starts `session` and hands it each batch of `script` in turn, as the run loop does; returns how it ended
    /// (nil: the script ran out first) and the idle waits it asked for after each batch that did not end it.
    private func drive(_ session: EditSession, _ script: [[TerminalInput]]) -> (Ending?, [Duration?]) {
        session.start()
        var waits: [Duration?] = []
        for batch in script {
            if let ending = session.handle(batch) { return (ending, waits) }
            waits.append(session.nextWakeup)
        }
        return (nil, waits)
    }

    private typealias Ending = EditSession.Ending

    private func makeSession(text: String) throws -> (EditSession, RecordingScreen, EndToEndEnvironment) {
        let environment = try EndToEndEnvironment()
        try environment.write(Array(text.utf8), to: "loop.tex")
        let (file, loaded) = try DocumentFile.open(environment.path("loop.tex"))
        let screen = RecordingScreen(size: ScreenSize(rows: 10, columns: 40))
        let editor = Editor(text: loaded, fileName: "loop.tex", rows: 10, columns: 40)
        let session = EditSession(editor: editor, file: file, screen: screen,
            recovery: RecoveryStore(directory: environment.recoveryDirectory))
        return (session, screen, environment)
    }

    @Test func aBatchOfInputIsOneFrameAndSaveWritesTheFile() throws {
        let script = [typed("é漢"), [key(.character("s"), .control)], [key(.character("q"), .control)]]
        let (session, screen, environment) = try makeSession(text: "x\r\n")
        let (ending, waits) = drive(session, script)
        #expect(ending == .quit)
        #expect(environment.bytes(of: "loop.tex") == Array("é漢x\r\n".utf8))
        // The first frame, then one per batch that did not end the session.
        #expect(screen.frames.count == 3)
        #expect(screen.frames[1].text(ofRow: 0).contains("é漢x"))
        #expect(waits.count == 2 && waits.allSatisfy { $0 == nil }, "an idle editor waits without a timeout")
    }

    @Test func aCopyIsExportedToTheClipboard() throws {
        let script = [[key(.right, .shift), key(.right, .shift), key(.character("c"), .control)],
            [.terminationRequested(signal: SIGTERM)]]
        let (session, screen, _) = try makeSession(text: "漢字ab")
        #expect(drive(session, script).0 == .signal(SIGTERM, recoveryPath: nil), "nothing unsaved: no recovery file")
        #expect(screen.clipboardExports == ["漢字"])
    }

    @Test func terminationWithUnsavedTextWritesTheRecoveryFile() throws {
        let script = [typed("unsaved "), [], [.terminationRequested(signal: SIGHUP)]]
        let (session, _, environment) = try makeSession(text: "base")
        let ending = drive(session, script).0
        let store = RecoveryStore(directory: environment.recoveryDirectory)
        let expectedPath = store.recoveryPath(forDocumentAt: environment.path("loop.tex"))
        #expect(ending == .signal(SIGHUP, recoveryPath: expectedPath))
        #expect(try store.read(forDocumentAt: environment.path("loop.tex"))?.text == "unsaved base")
        #expect(environment.bytes(of: "loop.tex") == Array("base".utf8))
    }

    @Test func aResizeReachesTheEditor() throws {
        let script = [[TerminalInput.event(.resize(rows: 6, columns: 30))], [key(.character("q"), .control)]]
        let (session, screen, _) = try makeSession(text: "a")
        #expect(drive(session, script).0 == .quit)
        #expect(screen.frames.last?.rows == 6)
        #expect(screen.frames.last?.columns == 30)
    }
}
