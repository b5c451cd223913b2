import Collaboration
import EditorCore
import EditorModel
import Foundation
import Journal

/// A joiner's history view source: asks the host (`historyRequest`) and shows its `historyReply`.
///
/// One request is in flight at a time; steps taken meanwhile only move the view's target, and the next request
/// asks for wherever the user arrived. A request unanswered after `retryAfter` (the connection dropped and came
/// back, losing it) is asked again at the next event. Read-only guests see the history but cannot restore.
final class RemoteHistorySource: HistoryViewSource {
    /// How long an unanswered request blocks the next one.
    static let retryAfter: Duration = .seconds(5)

    private weak var shared: SharedEditing?
    private let timeZone: TimeZone
    private let clock = ContinuousClock()
    /// When the request in flight was sent (nil: none).
    private var askedAt: ContinuousClock.Instant?

    init(shared: SharedEditing, timeZone: TimeZone = .current) {
        self.shared = shared
        self.timeZone = timeZone
    }

    func serve(_ editor: inout Editor) {
        guard let shared else { return }
        let replies = shared.historyReplies
        shared.historyReplies = []
        for reply in replies {
            askedAt = nil
            switch reply {
            case .revision(let entry):
                let refusal = shared.client.isReadOnly ? "Read-only guests cannot restore a version" : nil
                editor.showHistoryRevision(HistoryRevision(entry, timeZone: timeZone, restoreRefusal: refusal))
            case .unavailable(let reason):
                editor.historyUnavailable("History: \(reason)")
            }
        }
        guard let request = editor.historyRequest else { return }
        if let askedAt, clock.now - askedAt < Self.retryAfter { return }
        if shared.client.requestHistory(revision: request.revision) {
            askedAt = clock.now
        } else {
            editor.historyUnavailable("History: not connected to the host")
        }
    }
}

extension HistoryRevision {
    /// The view's revision from the host's reply, the time in `timeZone`.
    init(_ entry: HistoryEntry, timeZone: TimeZone, restoreRefusal: String?) {
        self.init(
            revision: entry.revision, firstRevision: entry.firstRevision, latestRevision: entry.latestRevision,
            authorName: entry.authorName,
            timeText: JournalFormatting.timeText(
                Date(timeIntervalSince1970: Double(entry.time) / 1000), timeZone: timeZone),
            change: entry.change, text: TextBuffer(entry.text), restoreRefusal: restoreRefusal)
    }
}

/// The journal serves joiners' history requests (`HostCore` finds it as the session's revision store).
extension Journal: HistoryProvider {
    public func historyReply(for revision: Int?) -> HistoryReply {
        do {
            let detail = try detail(nearest: revision)
            return .revision(
                HistoryEntry(
                    revision: detail.revision, firstRevision: detail.firstRevision,
                    latestRevision: detail.latestRevision,
                    time: Int64((detail.time.timeIntervalSince1970 * 1000).rounded(.down)),
                    authorName: detail.authorName, change: detail.change, text: detail.text))
        } catch {
            return .unavailable("the host's history cannot be read: \(error)")
        }
    }
}
