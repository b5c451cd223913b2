import Foundation
import SyncEngine

/// The conflict file the shell writes when local edits could not be merged (`CollaborationEvent.conflict`):
/// `FILE.coedit-conflict-TIME` beside the document, holding every failed hunk so nothing is lost.
///
/// Pure: the time is passed in. The file is plain UTF-8 text meant for people: a header, then for each hunk the
/// text it would have inserted, the text it would have removed, and the diff-match-patch patch (scalar offsets).
public enum ConflictReport {
    /// `documentPath.coedit-conflict-YYYYMMDD-HHMMSS` (UTC), e.g. `notes.tex.coedit-conflict-20261121-143005`.
    public static func filePath(for documentPath: String, at time: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: time)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        let stamp = "\(parts.year ?? 0)\(two(parts.month))\(two(parts.day))-\(two(parts.hour))\(two(parts.minute))"
            + two(parts.second)
        return "\(documentPath).coedit-conflict-\(stamp)"
    }

    /// Where the edits that did not merge come from (the file's header and labels say it).
    public enum Source: Hashable, Sendable {
        /// This editor's own offline edits, merged onto the host's text after a reconnect.
        case reconnect
        /// An outside edit of the host's file during a session, merged best effort into the session's text.
        case disk
        /// A file changed between sessions, merged into the unsaved revisions restored from history.
        case restart

        var header: String {
            switch self {
            case .reconnect:
                "coedit could not merge these edits of yours into DOC after a reconnect: the text around them\n"
                    + "had changed too much on the host."
            case .disk:
                "coedit could not merge these edits of the file on disk (a change made outside coedit) into the\n"
                    + "session editing DOC: the session's text around them had changed too much."
            case .restart:
                "coedit could not merge these edits of the file on disk (made while no session ran) into the\n"
                    + "unsaved revisions of DOC it restored from history."
            }
        }

        var author: String { self == .reconnect ? "you" : "the file" }
    }

    /// The file's text for `hunks` of the document `documentName`, made where `source` says.
    public static func text(for hunks: [FailedHunk], documentName: String, source: Source = .reconnect) -> String {
        var text = source.header.replacingOccurrences(of: "DOC", with: documentName)
            + " They are kept here; copy back what you still want.\n"
        for (index, hunk) in hunks.enumerated() {
            text += "\n=== edit \(index + 1) of \(hunks.count) ===\n"
            text += "--- \(source.author) inserted:\n\(hunk.insertedText)\n"
            text += "--- \(source.author) removed:\n\(hunk.removedText)\n"
            text += "--- as a patch (diff-match-patch, offsets in Unicode scalars):\n\(hunk.patchText)"
            if !hunk.patchText.hasSuffix("\n") { text += "\n" }
        }
        return text
    }
}
