#if canImport(Glibc)
import Glibc
#endif
import BlockingTestThreads
import Foundation
import Testing

/// Two real editors in two panes of one tmux window (left: the host, right: the joiner), sharing a file over loopback: typing, remote cursors with names, a
/// cursor that stays on its word when lines are inserted above, Ctrl-S by a joiner, quitting and rejoining.
@Suite("Editing together (tmux)", .serialized, .blockingThreads)
struct CollaborationEndToEndTests {
    @Test("what one types appears in the other with the typist's name at its cursor; cursors stay on their words")
    func typingAndCursors() throws {
        let environment = try EndToEndEnvironment()
        let pair = try environment.startPair(text: "alpha beta\ngamma delta épsilon\nzeta\n", name: "ann")
        defer { pair.close() }
        let (host, joiner) = (pair.host, pair.joiner)
        try joiner.waitFor("gamma delta épsilon")

        // The joiner types at the end of the first line: the host sees the text and "ann" right after it.
        try joiner.press("End")
        try joiner.type(" — from ann ✓")
        try host.waitUntil("ann's text and label on the host") { $0.contains("alpha beta — from ann ✓  ann") }

        // The host puts its cursor on "delta"; the joiner inserts two lines above it: the host's cursor stays on
        // "delta" (now line 4). (Its screen row depends on how the view was anchored: typed at the very top of the
        // view, the new lines may scroll into it.)
        try host.press("Down")
        for _ in 0..<6 { try host.press("Right") }
        try host.waitFor("2:7 |")
        let before = try host.settledCursor()
        try joiner.press("C-Home")
        try joiner.type("new one")
        try joiner.press("Enter")
        try joiner.type("new two")
        try joiner.press("Enter")
        try host.waitFor("4:7 |")
        let after = try host.settledCursor()
        #expect(after.column == before.column, "from \(before) to \(after)")
        let rows = try host.capture().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rows[after.row].contains("delta épsilon"), "cursor row: \(rows[after.row])")
        let characters = Array(rows[after.row])  // one column per character on this row
        #expect(characters.count > after.column && characters[after.column] == "d", "cursor row: \(rows[after.row])")
        // The host's cursor is drawn on the joiner's screen with the host's name.
        try joiner.waitFor("hōst")
        try joiner.waitFor("new two")
    }

    @Test("Ctrl-S by the joiner saves on the host's disk; quitting and rejoining resumes with the same text")
    func saveQuitRejoin() throws {
        let environment = try EndToEndEnvironment()
        try environment.write(Array("shared draft\n".utf8), to: "notes.txt")
        let shared = try environment.startHost("notes.txt")
        let host = shared.session
        defer { host.close() }
        var joiner = try environment.join(shared, file: "copy.txt", name: "ann")
        defer { joiner.close() }
        try joiner.waitFor("2 here")
        try joiner.press("End")
        try joiner.type(", revised by ann")
        try host.waitFor("shared draft, revised by ann")
        try joiner.press("C-s")
        try host.waitFor("Saved by ann")
        try joiner.waitUntil("the joiner's save message") {
            $0.contains("Saved on the host (revision ") && $0.contains(") and to copy.txt")
        }
        // The host's text is what was saved: its status line drops the unsaved mark with the message.
        let hostScreen = try host.capture()
        #expect(hostScreen.contains("Saved by ann") && !hostScreen.contains("[+]"), "host: \(hostScreen)")
        #expect(environment.bytes(of: "notes.txt") == Array("shared draft, revised by ann\n".utf8))
        #expect(environment.bytes(of: "copy.txt") == Array("shared draft, revised by ann\n".utf8))

        try joiner.press("C-q")
        try host.waitFor("ann left")
        try host.waitFor("shared, alone")
        joiner.close()
        try host.type("Host was here: ")
        joiner = try environment.join(shared, file: "copy.txt", name: "ann")
        try joiner.waitFor("Host was here: shared draft, revised by ann")
        try host.waitFor("ann joined")
    }

    @Test("F2 lists who is here with their lines, F4 jumps to a peer's cursor, Shift-F4 follows a peer")
    func sessionKeys() throws {
        let environment = try EndToEndEnvironment()
        try environment.write(Array((1...60).map { "line \($0)" }.joined(separator: "\n").utf8), to: "long.txt")
        let shared = try environment.startHost("long.txt")
        let host = shared.session
        defer { host.close() }
        let joiner = try environment.join(shared, file: "copy.txt", name: "ann")
        defer { joiner.close() }
        try joiner.waitFor("2 here")
        try joiner.press("C-l")
        try joiner.type("42")
        try joiner.press("Enter")
        try joiner.waitFor("42:1 |")
        // ann's cursor reaches the host at her next sync tick: press F2 until the list shows it.
        let info = "Here: ann (line 42) · join: coedit long.txt --join 127.0.0.1:"
        for _ in 0..<50 where !(try host.capture().contains(info)) {
            try host.press("F2")
            usleep(100_000)
        }
        try host.waitFor(info)
        try host.press("F4")
        try host.waitFor("At ann's cursor")
        try host.waitFor("42:1 |")
        try host.press("C-Home")
        try host.waitFor("1:1 |")
        try host.press("S-F4")
        try host.waitFor("Following ann")
        try joiner.press("C-l")
        try joiner.type("55")
        try joiner.press("Enter")
        try host.waitFor(" 55 line 55")  // the view follows ann; the host's own cursor stays at 1:1
        try host.waitFor("1:1 |")
    }

    @Test("right after joining, before anyone moves, each sees the other's cursor and F4 jumps to it")
    func cursorsShownBeforeAnyMove() throws {
        let environment = try EndToEndEnvironment()
        let pair = try environment.startPair(text: "première ligne\nzweite Zeile 二\n", name: "ann")
        defer { pair.close() }
        let (host, joiner) = (pair.host, pair.joiner)
        // Both cursors are at 1:1 and nobody pressed a key: the names still show, and F4 finds the peer.
        try joiner.waitFor("première ligne  hōst")
        try host.waitFor("première ligne  ann")
        try joiner.press("F4")
        try joiner.waitFor("At hōst's cursor")
        try host.press("F4")
        try host.waitFor("At ann's cursor")
    }

    @Test("joining with a wrong secret or an unparsable address fails with one line before the screen")
    func joinErrors() throws {
        let environment = try EndToEndEnvironment()
        let shared = try environment.startHost("notes.txt")
        let host = shared.session
        let port = shared.port
        defer { host.close() }
        let wrong = try environment.startCoedit(["copy.txt", "--join", "127.0.0.1:\(port)", "--token", "nope"])
        defer { wrong.close() }
        try wrong.waitFor("coedit: wrong session secret")
        let bad = try environment.startCoedit(["copy.txt", "--join", "127.0.0.1"])
        defer { bad.close() }
        try bad.waitFor("coedit: invalid address \"127.0.0.1\"")
        let taken = try environment.startCoedit(["other.txt", "--listen", "127.0.0.1:\(port)"])
        defer { taken.close() }
        try taken.waitFor("coedit: port \(port) is already in use")
    }
}
