#if canImport(Glibc)
import Glibc
#endif
import EditorModel
import Testing

@testable import TerminalUI

/// The run loop's view of the terminal: bytes pushed in as they are read, pending input decided at its deadline,
/// signals turned into inputs.
@Suite struct TerminalInputSourceTests {
    @Test func bytesAreDecodedAsTheyArriveEvenSplitAcrossReads() {
        let source = TerminalInputSource()
        let emoji = Array("é漢👍🏽\u{1B}[".utf8)
        #expect(source.bytesArrived(emoji.prefix(3)) == [.event(char("é"))])
        let rest = source.bytesArrived(emoji.dropFirst(3))
        #expect(rest == [.event(char("漢")), .event(char("👍🏽"))])
        #expect(source.pendingDeadline != nil, "an unfinished sequence waits for its rest")
        #expect(source.bytesArrived(Array("A".utf8)) == [.event(key(.up))])
        #expect(source.pendingDeadline == nil)
    }

    @Test func aLoneEscapeIsTheEscapeKeyOnlyAfterItsWait() throws {
        let source = TerminalInputSource()
        source.timing.sequenceWait = .milliseconds(50)
        let before = ContinuousClock.now
        #expect(source.bytesArrived([0x1B]).isEmpty)
        let deadline = try #require(source.pendingDeadline)
        #expect(deadline >= before + .milliseconds(50))
        #expect(deadline <= ContinuousClock.now + .milliseconds(50))
        #expect(source.expirePending(now: deadline - .milliseconds(1)).isEmpty, "too early: still pending")
        #expect(source.expirePending(now: deadline) == [.event(key(.escape))])
        #expect(source.pendingDeadline == nil)
        #expect(source.expirePending(now: deadline + .seconds(1)).isEmpty, "decided once")
    }

    @Test func theEndOfInputDecidesWhatWasPendingThenAsksToEnd() {
        let source = TerminalInputSource()
        _ = source.bytesArrived([0x1B])
        #expect(source.inputEnded() == [.event(key(.escape)), .terminationRequested(signal: SIGHUP)])
    }

    @Test func signalsBecomeOneResizeFirstThenTerminations() throws {
        // A pseudo-terminal whose size we set, as the output the source asks on SIGWINCH (its controlling side
        // reports the same size as the terminal side).
        let terminal = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        try #require(terminal >= 0)
        defer { close(terminal) }
        var size = winsize(ws_row: 33, ws_col: 101, ws_xpixel: 0, ws_ypixel: 0)
        try #require(ioctl(terminal, UInt(TIOCSWINSZ), &size) == 0)

        let source = TerminalInputSource(outputDescriptor: terminal)
        let bytes: [UInt8] = [UInt8(SIGWINCH), UInt8(SIGTERM), UInt8(SIGWINCH), UInt8(SIGHUP)]
        let inputs = source.signalsArrived(SignalPipe.signals(inPipeBytes: bytes))
        let expected: [TerminalInput] = [
            .event(.resize(rows: 33, columns: 101)), .terminationRequested(signal: SIGTERM),
            .terminationRequested(signal: SIGHUP),
        ]
        #expect(inputs == expected)
        #expect(!source.resumedFromStop)
        #expect(source.signalsArrived([SIGCONT]) == [.event(.resize(rows: 33, columns: 101))])
        #expect(source.resumedFromStop, "after a stop the screen restores its modes")
    }
}
