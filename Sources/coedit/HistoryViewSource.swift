import EditorCore
import EditorModel
import Foundation
import Journal

/// Answers the history view's requests (`Editor.historyRequest`) for the run loop: the I/O half of the view.
///
/// The run loop calls `serve(_:)` once per batch of input and network events (so holding Left while loading is
/// slow skips revisions instead of queueing them). A source answers at once (the host reads its journal) or later
/// (a joiner asks its host; `serve` then delivers the reply once it arrived).
protocol HistoryViewSource: AnyObject {
    /// Answers the editor's pending request, now or on a later call.
    func serve(_ editor: inout Editor)
}

/// The host's source: its journal (on disk, or in memory when the file was unusable).
final class JournalHistorySource: HistoryViewSource {
    /// The journal now: read at each request, since the session may replace it (a failed append falls back to
    /// an in-memory journal).
    private let journal: () -> Journal?
    private let timeZone: TimeZone

    init(timeZone: TimeZone = .current, journal: @escaping () -> Journal?) {
        self.journal = journal
        self.timeZone = timeZone
    }

    func serve(_ editor: inout Editor) {
        guard let request = editor.historyRequest else { return }
        guard let journal = journal() else {
            return editor.historyUnavailable("No history for this session: the history could not be opened")
        }
        do throws(JournalError) {
            let detail = try journal.detail(nearest: request.revision)
            editor.showHistoryRevision(HistoryRevision(detail, timeZone: timeZone))
        } catch {
            editor.historyUnavailable("History: \(error)")
        }
    }
}

/// A session without history (`--no-share`): the view closes with a one-line explanation.
final class NoHistorySource: HistoryViewSource {
    func serve(_ editor: inout Editor) {
        guard editor.historyRequest != nil else { return }
        editor.historyUnavailable("No history for this session: it is not shared (--no-share keeps no history)")
    }
}

extension HistoryRevision {
    /// The view's revision from the journal's detail, the time in `timeZone`.
    init(_ detail: RevisionDetail, timeZone: TimeZone, restoreRefusal: String? = nil) {
        self.init(
            revision: detail.revision, firstRevision: detail.firstRevision, latestRevision: detail.latestRevision,
            authorName: detail.authorName, timeText: JournalFormatting.timeText(detail.time, timeZone: timeZone),
            change: detail.change, text: TextBuffer(detail.text), restoreRefusal: restoreRefusal)
    }
}

/// Which source answers the history view of a session.
enum HistoryViewSources {
    /// The host's journal for a host, the host for a joiner, nothing for a session that is not shared.
    static func source(for shared: SharedEditing?) -> any HistoryViewSource {
        guard let shared else { return NoHistorySource() }
        switch shared.role {
        case .host: return JournalHistorySource { [weak shared] in shared?.journal }
        case .joiner: return RemoteHistorySource(shared: shared)
        }
    }
}

extension HistoryRequest {
    /// The revision asked for, nil for the newest.
    var revision: Int? {
        if case .revision(let revision) = self { return revision }
        return nil
    }
}
