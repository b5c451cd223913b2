#if canImport(Glibc)
import Glibc
#endif
import BlockingTestThreads
import Foundation
import Testing

/// The command line, before any screen is taken over: help, version, bad options, refused files.
@Suite(.serialized, .blockingThreads, .timeLimit(.minutes(1))) struct CommandLineTests {
    @Test func helpShowsUsageAndExamples() throws {
        let environment = try EndToEndEnvironment()
        let session = try environment.startCoedit(["--help"])
        defer { session.close() }
        #expect(try session.waitForExit() == .status(0))
        let screen = try session.waitFor("USAGE: coedit FILE")
        #expect(screen.contains("coedit notes.tex"))
        #expect(screen.contains("--version"))
    }

    @Test func versionPrintsOneLine() throws {
        let environment = try EndToEndEnvironment()
        let session = try environment.startCoedit(["--version"])
        defer { session.close() }
        #expect(try session.waitForExit() == .status(0))
        let lines = try session.waitFor("coedit ").split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("coedit ") == true)
    }

    @Test func anUnknownOptionIsOneLineAndNonZero() throws {
        let environment = try EndToEndEnvironment()
        let session = try environment.startCoedit(["--frobnicate", "notes.tex"])
        defer { session.close() }
        #expect(try session.waitForExit() == .status(64))
        let lines = try session.waitFor("coedit:").split(separator: "\n")
        #expect(lines == ["coedit: Unknown option '--frobnicate' (see 'coedit --help')"])
        #expect(environment.bytes(of: "notes.tex") == nil)
    }

    @Test func aNegativeSyncIntervalIsRefusedAsANumberOutOfRange() throws {
        let environment = try EndToEndEnvironment()
        let session = try environment.startCoedit(["notes.tex", "--sync-interval", "-5"])
        defer { session.close() }
        #expect(try session.waitForExit() == .status(1))
        let lines = try session.waitFor("coedit:").split(separator: "\n")
        #expect(lines == ["coedit: --sync-interval must be 1–10000 milliseconds, not -5"])
        #expect(environment.bytes(of: "notes.tex") == nil)
    }

    @Test func aGuestTokenWhenJoiningIsRefusedWithTheRightOption() throws {
        let environment = try EndToEndEnvironment()
        let session = try environment.startCoedit(["notes.tex", "--join", "127.0.0.1:7878", "--guest-token", "vüe"])
        defer { session.close() }
        #expect(try session.waitForExit() == .status(1))
        let lines = try session.waitFor("coedit:").split(separator: "\n")
        #expect(lines == [
            "coedit: --guest-token is the host's second secret; to join as a guest, give that secret with --token"
        ])
    }

    @Test func invalidUTF8IsRefusedAndTheFileUntouched() throws {
        let environment = try EndToEndEnvironment()
        let bytes = Array("\\section{Caf".utf8) + [0xE9] + Array("}\n".utf8)
        try environment.write(bytes, to: "latin1.tex")
        let session = try environment.startCoedit(["latin1.tex"])
        defer { session.close() }
        let ending = try session.waitForExit()
        #expect(ending == .status(1))
        let lines = try session.waitFor("coedit:").split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("coedit: latin1.tex is not valid UTF-8 (byte 0xE9 at offset 12, line 1)") == true)
        #expect(environment.bytes(of: "latin1.tex") == bytes)
    }

    @Test func binaryAndDirectoryArgumentsAreRefused() throws {
        let environment = try EndToEndEnvironment()
        try environment.write([0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01], to: "program")
        let binary = try environment.startCoedit(["program"])
        defer { binary.close() }
        #expect(try binary.waitForExit() == .status(1))
        try binary.waitFor("coedit: program looks binary (NUL byte at offset 4, line 1)")
        let directory = try environment.startCoedit(["."])
        defer { directory.close() }
        #expect(try directory.waitForExit() == .status(1))
        try directory.waitFor("coedit: cannot open .: it is a directory")
    }
}
