import EditorCore
import Testing

@testable import EditorModel

/// A history kept in memory, answering the editor's requests as the shell's sources do.
struct FakeHistory {
    /// The texts of revisions 0...latest.
    var texts: [String]
    /// The change that made each revision (index 0 unused).
    var changes: [ChangeSet?]
    var authors: [String?]
    var restoreRefusal: String?

    init(_ first: String) {
        texts = [first]
        changes = [nil]
        authors = [nil]
    }

    var latest: Int { texts.count - 1 }

    /// Appends a revision replacing `range` of the latest text with `text`.
    mutating func edit(_ range: Range<Int>, _ text: String, by author: String = "zoë") {
        let change = ChangeSet.replacing(range, with: text, baseLength: texts[latest].unicodeScalars.count)
        texts.append(try! change.apply(to: texts[latest]))
        changes.append(change)
        authors.append(author)
    }

    /// The answer for revision `revision` (clamped).
    func answer(_ revision: Int) -> HistoryRevision {
        let revision = min(max(revision, 0), latest)
        return HistoryRevision(
            revision: revision, firstRevision: 0, latestRevision: latest, authorName: authors[revision],
            timeText: "2026-11-21 09:\(10 + revision)", change: changes[revision], text: TextBuffer(texts[revision]),
            restoreRefusal: restoreRefusal)
    }

    /// Appends a revision replacing the first `needle` of the latest text with `text`.
    mutating func edit(replacing needle: String, with text: String, by author: String = "zoë") {
        let scalars = Array(texts[latest].unicodeScalars)
        let wanted = Array(needle.unicodeScalars)
        let start = (0...scalars.count - wanted.count).first { Array(scalars[$0..<$0 + wanted.count]) == wanted }!
        edit(start..<start + wanted.count, text, by: author)
    }

    /// Answers the editor's pending request, if any; returns whether it did.
    @discardableResult
    func serve(_ editor: inout Editor) -> Bool {
        switch editor.historyRequest {
        case nil: return false
        case .latest?: editor.showHistoryRevision(answer(latest))
        case .revision(let revision)?: editor.showHistoryRevision(answer(revision))
        }
        return true
    }
}

/// Presses `events` one at a time, answering the history view after each, as the run loop does.
func pressServing(_ editor: inout Editor, _ history: FakeHistory, _ events: [InputEvent]) {
    for event in events {
        _ = editor.handle(event)
        history.serve(&editor)
    }
}

let f7 = key(.function(7))
