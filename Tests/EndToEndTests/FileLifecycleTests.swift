#if canImport(Glibc)
import Glibc
#endif
import BlockingTestThreads
import Foundation
import Testing

/// Saving, quitting, external changes, save errors, and never losing work (signals, recovery, crashes).
@Suite(.serialized, .blockingThreads, .timeLimit(.minutes(1))) struct FileLifecycleTests {
    @Test func savingKeepsCRLFAndAMissingFinalNewline() throws {
        let environment = try EndToEndEnvironment()
        let session = try environment.openEditor("crlf.tex", text: "l1 é\r\nl2\r\nl3")
        defer { session.close() }
        try session.waitFor("CRLF")
        try session.press("End", "Enter")
        try session.type("ins 漢")
        try session.press("C-End")
        try session.type("!")
        try session.press("C-s")
        try session.waitFor("Saved crlf.tex")
        #expect(environment.bytes(of: "crlf.tex") == Array("l1 é\r\nins 漢\r\nl2\r\nl3!".utf8))
    }

    @Test func quitAsksWhenThereAreUnsavedChanges() throws {
        let environment = try EndToEndEnvironment()
        let session = try environment.openEditor("quit.txt", text: "original\n")
        defer { session.close() }
        try session.type("changed ")
        try session.press("C-q")
        try session.waitFor("Save changes? (y/n, Esc cancels)")
        try session.press("Escape")
        try session.waitFor("Quit cancelled")
        try session.press("C-q")
        try session.waitFor("Save changes?")
        try session.press("n")
        #expect(try session.waitForExit() == .status(0))
        #expect(environment.bytes(of: "quit.txt") == Array("original\n".utf8))
        #expect(try session.format("#{alternate_on}") == "0", "the terminal is back to the normal screen")
    }

    @Test func quitWithYesSavesFirstAndAnUnmodifiedFileQuitsAtOnce() throws {
        let environment = try EndToEndEnvironment()
        let session = try environment.openEditor("yes.txt", text: "v1")
        defer { session.close() }
        try session.press("End")
        try session.type(" v2")
        try session.press("C-q")
        try session.waitFor("Save changes?")
        try session.press("y")
        #expect(try session.waitForExit() == .status(0))
        #expect(environment.bytes(of: "yes.txt") == Array("v1 v2".utf8))
        let again = try environment.openEditor("yes.txt", text: nil)
        defer { again.close() }
        try again.press("C-q")
        #expect(try again.waitForExit() == .status(0))
    }

    /// Editing alone: nothing watches the file, so the change is found when saving. (A shared session merges it
    /// at once instead: `OutsideEditEndToEndTests`.)
    @Test func anExternalChangeIsNotOverwrittenWithoutAsking() throws {
        let environment = try EndToEndEnvironment()
        let session = try environment.openEditor("shared.tex", text: "mine\n", options: ["--no-share"])
        defer { session.close() }
        try session.type("edited ")
        try environment.write(Array("someone else's version\n".utf8), to: "shared.tex")
        try session.press("C-s")
        try session.waitFor("The file changed on disk since it was read. Overwrite it? (y/n)")
        try session.press("n")
        try session.waitFor("Not saved: the file changed on disk")
        #expect(environment.bytes(of: "shared.tex") == Array("someone else's version\n".utf8))
        try session.press("C-s")
        try session.waitFor("Overwrite it?")
        try session.press("y")
        try session.waitFor("Saved shared.tex")
        #expect(environment.bytes(of: "shared.tex") == Array("edited mine\n".utf8))
    }

    @Test func aSaveIntoAMissingDirectoryFailsAndKeepsTheBuffer() throws {
        let environment = try EndToEndEnvironment()
        try FileManager.default.createDirectory(atPath: environment.path("sub"), withIntermediateDirectories: false)
        let session = try environment.openEditor("sub/new.tex", text: nil)
        defer { session.close() }
        try session.type("précieux")
        try FileManager.default.removeItem(atPath: environment.path("sub"))
        try session.press("C-s")
        try session.waitFor("Not saved: cannot save sub/new.tex: the directory sub does not exist")
        try FileManager.default.createDirectory(atPath: environment.path("sub"), withIntermediateDirectories: false)
        try session.press("C-s")
        try session.waitFor("Saved new.tex")
        #expect(environment.bytes(of: "sub/new.tex") == Array("précieux\n".utf8), "a new file ends with a line break")
    }

    @Test func aSaveIntoAReadOnlyDirectoryFailsAndKeepsTheFile() throws {
        let environment = try EndToEndEnvironment()
        try FileManager.default.createDirectory(atPath: environment.path("locked"), withIntermediateDirectories: false)
        try environment.write(Array("v1\n".utf8), to: "locked/doc.tex")
        chmod(environment.path("locked/doc.tex"), 0o666)
        chmod(environment.path("locked"), 0o555)
        defer { chmod(environment.path("locked"), 0o755) }
        // Root ignores permissions: run the editor as `nobody` then, as a real user would be.
        let binary = try EndToEndEnvironment.coeditBinary()
        let command = geteuid() == 0
            ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", binary, "locked/doc.tex"]
            : [binary, "locked/doc.tex"]
        let session = try TmuxSession(command: command, environment: environment.variables,
            directory: environment.documents, columns: 100, rows: 20)
        defer { session.close() }
        try session.waitFor("^G Help")
        try session.waitFor("Ctrl-S will fail: its directory is read-only")  // said at once, as nano does
        try session.type("v2 ")
        try session.press("C-s")
        try session.waitFor("Not saved: cannot save locked/doc.tex: permission denied")
        try session.waitFor("v2 v1")
        #expect(environment.bytes(of: "locked/doc.tex") == Array("v1\n".utf8))
    }

    @Test func openingSaysWhenTheFileIsNew() throws {
        let environment = try EndToEndEnvironment()
        let fresh = try environment.openEditor("brand-new.tex", text: nil, options: ["--no-share"])
        defer { fresh.close() }
        try fresh.waitFor("New file")
        try fresh.type("ça")
        try fresh.waitUntil("the notice gone after a key") { !$0.contains("New file") }
        let shared = try environment.openEditor("other-new.tex", text: nil)
        defer { shared.close() }
        try shared.waitFor("New file   Join: coedit other-new.tex --join")
    }

    @Test func openingSaysWhenTheFileIsReadOnly() throws {
        let environment = try EndToEndEnvironment()  // fresh: its state directory is not root's yet
        try environment.write(Array("frozen 凍結\n".utf8), to: "frozen.txt")
        chmod(environment.path("frozen.txt"), 0o444)
        let binary = try EndToEndEnvironment.coeditBinary()
        let command = geteuid() == 0  // root may write anything: be `nobody`, as a real user would be
            ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", binary, "frozen.txt", "--no-share"]
            : [binary, "frozen.txt", "--no-share"]
        let frozen = try TmuxSession(command: command, environment: environment.variables,
            directory: environment.documents, columns: 100, rows: 20)
        defer { frozen.close() }
        try frozen.waitFor("Ctrl-S will fail: the file is read-only")
        try frozen.waitFor("frozen 凍結")
    }

    @Test func hangupWritesTheRecoveryFileAndTheNextStartRestoresIt() throws {
        let environment = try EndToEndEnvironment()
        let session = try environment.openEditor("notes.tex", text: "\\section{Début}\n")
        defer { session.close() }
        try session.press("C-End")
        try session.type("non sauvé 漢字 😀")
        try session.waitFor("non sauvé")
        try session.kill(signal: SIGHUP)
        #expect(try session.waitForExit() == .signal(SIGHUP))
        let recoveries = environment.recoveryFiles()
        #expect(recoveries.count == 1)
        let recovery = try #require(recoveries.first)
        #expect(recovery.contains("/notes.tex-"))
        #expect(environment.recoveredText(in: recovery) == Array("\\section{Début}\nnon sauvé 漢字 😀".utf8))
        var info = stat()
        stat(recovery, &info)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(environment.bytes(of: "notes.tex") == Array("\\section{Début}\n".utf8), "the file is untouched")

        let reopened = try environment.startCoedit(["notes.tex"], columns: 100, rows: 20)
        defer { reopened.close() }
        try reopened.waitFor("Restore the unsaved changes? [y] restore, [n] discard them, [q] quit:")
        try reopened.type("y")
        try reopened.press("Enter")
        try reopened.waitFor("non sauvé 漢字 😀")
        try reopened.waitFor("notes.tex [+]")
        try reopened.press("C-s")
        try reopened.waitFor("Saved notes.tex")
        // The file ended with a line break: the save ends the restored text with one too.
        #expect(environment.bytes(of: "notes.tex") == Array("\\section{Début}\nnon sauvé 漢字 😀\n".utf8))
        #expect(environment.recoveryFiles().isEmpty, "a successful save removes the recovery file")
    }

    @Test func terminateWritesRecoveryAndDecliningTheRestoreDiscardsIt() throws {
        let environment = try EndToEndEnvironment()
        let session = try environment.openEditor("draft.md", text: "# Titre\n")
        defer { session.close() }
        try session.press("C-End")
        try session.type("brouillon")
        try session.waitFor("brouillon")
        try session.kill(signal: SIGTERM)
        #expect(try session.waitForExit() == .signal(SIGTERM))
        try session.waitFor("coedit: unsaved changes to draft.md kept in")
        #expect(environment.recoveryFiles().count == 1)

        let reopened = try environment.startCoedit(["draft.md"], columns: 100, rows: 20)
        defer { reopened.close() }
        try reopened.waitFor("Restore the unsaved changes?")
        try reopened.type("n")
        try reopened.press("Enter")
        try reopened.waitFor("# Titre")
        #expect(!(try reopened.capture()).contains("brouillon"))
        #expect(environment.recoveryFiles().isEmpty)
        try reopened.press("C-q")
        #expect(try reopened.waitForExit() == .status(0))
        #expect(environment.bytes(of: "draft.md") == Array("# Titre\n".utf8))
    }

    @Test func aSignalWithoutUnsavedChangesLeavesNoRecoveryFile() throws {
        let environment = try EndToEndEnvironment()
        let session = try environment.openEditor("clean.txt", text: "clean\n")
        defer { session.close() }
        try session.kill(signal: SIGTERM)
        #expect(try session.waitForExit() == .signal(SIGTERM))
        #expect(environment.recoveryFiles().isEmpty)
        #expect(try session.format("#{alternate_on}") == "0")
    }

    @Test func anUnreadableRecoveryStoreIsAWarningNotAnObstacle() throws {
        let environment = try EndToEndEnvironment()
        // The recovery "directory" is a file: every read inside it fails (ENOTDIR), for root too.
        let recovery = environment.recoveryDirectory
        try FileManager.default.createDirectory(
            atPath: (recovery as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data("not a directory".utf8).write(to: URL(fileURLWithPath: recovery))
        let session = try environment.openEditor("notes-é.txt", text: "Grüße 世界\n")
        defer { session.close() }
        let screen = try session.waitFor("no crash recovery")
        #expect(screen.contains("Grüße 世界"))
        try session.type("✓ ")
        try session.press("C-s")
        try session.waitFor("Saved notes-é.txt")
        #expect(environment.bytes(of: "notes-é.txt") == Array("✓ Grüße 世界\n".utf8))
        try session.press("C-q")
        #expect(try session.waitForExit() == .status(0))
        #expect(FileManager.default.contents(atPath: recovery) == Data("not a directory".utf8), "left as it was")
    }

    @Test func stoppedAndContinuedTheEditorCarriesOn() throws {
        let environment = try EndToEndEnvironment()
        let session = try environment.openEditor("cont.txt", text: "text\n")
        defer { session.close() }
        try session.kill(signal: SIGSTOP)
        try session.type("typed while stopped ")
        try session.kill(signal: SIGCONT)
        try session.waitFor("typed while stopped text")
        #expect(try session.format("#{alternate_on} #{mouse_sgr_flag}") == "1 1")
        try session.press("C-s")
        try session.waitFor("Saved cont.txt")
        #expect(environment.bytes(of: "cont.txt") == Array("typed while stopped text\n".utf8))
    }

    @Test func aCrashRestoresTheTerminal() throws {
        let environment = try EndToEndEnvironment()
        // The Swift runtime's backtracer runs after our handler; non-interactive so it does not wait for a key.
        let session = try environment.openEditor("crash.txt", text: "x\n",
            extraVariables: ["SWIFT_BACKTRACE": "interactive=no"])
        defer { session.close() }
        #expect(try session.format("#{alternate_on} #{mouse_sgr_flag}") == "1 1")
        try session.kill(signal: SIGSEGV)
        // The handler restores the terminal, then the backtracer reports the crash and the process dies of it.
        try session.waitUntil("the normal screen is back") { _ in
            (try? session.format("#{alternate_on} #{mouse_sgr_flag} #{cursor_flag}")) == "0 0 1"
        }
        #expect(try session.waitForExit(timeout: .seconds(30)) == .signal(SIGSEGV))
    }
}
