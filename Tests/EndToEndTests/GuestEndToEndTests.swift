import Foundation
import Testing

/// A read-only guest in tmux: its editing keys are refused with a message, reading keys work, the host's edits
/// reach it, and nothing it types reaches the host.
@Suite("Read-only guests (tmux)", .serialized, .blockingThreads)
struct GuestEndToEndTests {
    @Test("a guest's typing is refused; movement, find and F2 work; the host's edits appear; Ctrl-S writes its copy")
    func guestIsReadOnly() throws {
        let environment = try EndToEndEnvironment()
        try environment.write(Array("première ligne\nsecond 行\n".utf8), to: "notes.txt")
        let shared = try environment.startHost("notes.txt", options: ["--guest-token", "watch-only-🔑"])
        let host = shared.session
        defer { host.close() }
        let guest = try environment.join(shared, file: "copy.txt", name: "gus", token: "watch-only-🔑")
        defer { guest.close() }
        try guest.waitFor("as gus: read-only guest")
        try guest.waitFor("[read-only]")
        try host.waitFor("2 here")
        try guest.waitFor("première ligne  hōst")  // the host's cursor, reported when it started

        try guest.type("x")
        try guest.waitFor("Read-only: you joined as a guest")
        try guest.press("Enter")
        try guest.press("BSpace")
        try guest.press("C-v")
        let lines = try guest.capture().split(separator: "\n").map(String.init)
        #expect(Array(lines.prefix(3)) == ["  1 première ligne  hōst", "  2 second 行", "  3"], "guest screen: \(lines)")
        #expect(lines.contains { $0.contains("1:1 |") }, "the cursor did not move: \(lines)")

        // Reading keys work: Down/End move the cursor, Ctrl-F finds, F2 shows who is here.
        try guest.press("Down")
        try guest.press("End")
        try guest.waitFor("2:9 |")
        try guest.press("C-f")
        try guest.type("ligne")
        try guest.press("Enter")
        try guest.waitFor("1:15 |")
        try guest.press("F2")
        try guest.waitFor("Here: hōst")

        // The host's edit reaches the guest; the guest's refused keys never reached the host.
        try host.press("C-End")
        try host.type("troisième ✓")
        try guest.waitFor("troisième ✓")
        let hostScreen = try host.capture()
        #expect(!hostScreen.contains("xpremière") && !hostScreen.contains("première lignex"), "\(hostScreen)")

        // Ctrl-S by the guest writes its own copy, never the host's file.
        try guest.press("C-s")
        try guest.waitFor("saved your local copy")
        #expect(environment.bytes(of: "copy.txt") == Array("première ligne\nsecond 行\ntroisième ✓".utf8))
        #expect(environment.bytes(of: "notes.txt") == Array("première ligne\nsecond 行\n".utf8))
        try guest.press("C-q")
        try host.waitFor("gus left")
    }
}
