import EditorCore
import Foundation
import Journal
import SyncEngine

// The crash test's child process: opens the journal given as its first argument for writing and appends random
// revisions (non-ASCII text) forever, printing `ack REVISION HASH` after each append returns (HASH: the FNV-1a
// hash of the text after it, 16 hex digits). The test kills it with SIGKILL mid-stream and checks that every
// acknowledged revision is in the journal. Arguments: JOURNAL SEED.
#if canImport(Glibc)
    import Glibc
#endif

/// Writes a line straight to the pipe (no stdio buffering: what is printed was said).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

let arguments = CommandLine.arguments
guard arguments.count == 3, let seed = UInt64(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: JournalCrashChild JOURNAL SEED\n".utf8))
    exit(2)
}
let journal: Journal
do {
    journal = try Journal.open(at: URL(fileURLWithPath: arguments[1]))
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
/// xorshift64: deterministic per seed.
struct Random {
    var state: UInt64
    mutating func callAsFunction(_ bound: Int) -> Int {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Int(state % UInt64(max(bound, 1)))
    }
}
var random = Random(state: seed | 1)
let fragments = ["é", "日本", "👩‍💻", "e\u{301}", "ß", "word ", "\n", "Ω≈"]
var text = journal.headText ?? TextBuffer("")
var revision = (try? journal.latestRevision()) ?? 0
say("ready \(revision)")
while true {
    let length = text.scalarCount
    let position = random(length + 1)
    let deleted = min(random(3), length - position)
    let change = ChangeSet.replacing(
        position..<position + deleted, with: fragments[random(fragments.count)], baseLength: length)
    try change.apply(to: &text)
    revision += 1
    let entry = LogEntry(
        revision: revision, author: ParticipantID(UInt32(random(3))),
        id: ChangeID(client: ClientID(seed), sequence: UInt64(revision)),
        change: change)
    do {
        try journal.append(entry, authorName: "child", hash: revision % 3 == 0 ? TextHash(of: text) : nil)
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        exit(1)
    }
    say("ack \(revision) \(TextHash(of: text))")
}
