import EditorCore
import Foundation
import Journal
import SyncEngine
import TestSupport

/// A fresh directory under the system's temporary directory, removed when released.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("coedit-journal-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// A path inside the directory.
    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// A random editing history: revision 0's text, the records to journal, and the text after every revision.
struct RandomHistory {
    /// Authors used: (participant, name, client).
    static let authors: [(ParticipantID, String, ClientID?)] = [
        (ParticipantID(0), "Zoë", ClientID(0xA11CE)), (ParticipantID(1), "李雷", ClientID(0xB0B)),
        (ParticipantID(2), "host", nil),
    ]

    var initialText: String
    var records: [JournalRecord] = []
    /// `texts[r]` is the text at revision r.
    var texts: [String]

    /// A history of `revisions` random edits (non-ASCII inserts, deletes, replacements, an occasional large paste),
    /// with times that mostly advance and sometimes go back (the journal raises those).
    init(seed: UInt64, revisions: Int, start: Date = Date(timeIntervalSince1970: 1_790_000_000)) {
        var generator = SeededGenerator(seed: seed)
        initialText = RandomText.string(maxFragments: 6, using: &generator)
        texts = [initialText]
        var buffer = TextBuffer(initialText)
        var time = start
        var sequences: [ClientID: UInt64] = [:]
        for revision in 1...max(revisions, 1) {
            let length = buffer.scalarCount
            let position = Int.random(in: 0...length, using: &generator)
            let deleteCount = length == position ? 0 : Int.random(in: 0...min(4, length - position), using: &generator)
            let pasteIsLarge = Int.random(in: 0..<40, using: &generator) == 0
            let insert =
                Bool.random(using: &generator) || deleteCount == 0
                ? RandomText.string(maxFragments: pasteIsLarge ? 60 : 2, using: &generator) : ""
            let change = ChangeSet.replacing(position..<position + deleteCount, with: insert, baseLength: length)
            try! change.apply(to: &buffer)
            let (author, name, client) = Self.authors[Int.random(in: 0..<Self.authors.count, using: &generator)]
            var id: ChangeID?
            if let client {
                let next = (sequences[client] ?? 0) + UInt64.random(in: 1...3, using: &generator)
                sequences[client] = next
                id = ChangeID(client: client, sequence: next)
            }
            time = time.addingTimeInterval(Double.random(in: -0.5...3, using: &generator))
            let hash = Bool.random(using: &generator) ? TextHash(of: buffer) : nil
            records.append(
                JournalRecord(
                    entry: LogEntry(revision: revision, author: author, id: id, change: change), authorName: name,
                    time: time, hash: hash))
            texts.append(buffer.string)
        }
    }
}

/// The bytes of a file, for "left untouched" checks.
func fileBytes(_ url: URL) throws -> Data { try Data(contentsOf: url) }

/// A small policy that makes runs and snapshots happen often, to exercise their boundaries.
let tinyPolicy = Journal.Policy(
    runLength: 5, runBytes: 300, snapshotRevisions: 7, snapshotBytesPerRevision: 64, snapshotMinimumBytes: 400)
