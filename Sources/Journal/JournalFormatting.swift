import Foundation
import SyncEngine

/// The exact text `coedit log` and `coedit show` print, built from journal values (the executable only prints).
///
/// `coedit log FILE [--since TIME] [--author NAME]` prints `logText`: a header line, then one line per revision,
/// oldest first:
///
///     REV  TIME                 AUTHOR  CHANGE
///       1  2026-11-20 10:03:12  ana     +12 -0
///       2  2026-11-20 10:03:15  bob     +0 -3
///
/// (revision right-aligned; local time to the second; author name padded to the longest shown, at most 24
/// characters, cut with "…"; scalars inserted and deleted). With no matching revision it prints one line,
/// `no revisions` plus the filters.
///
/// `coedit show FILE --at REV|TIME` prints the text exactly as it was on standard output (no added newline) and
/// `showCaption` on standard error, e.g. `notes.tex at revision 2 (2026-11-20 10:03:15)`.
public enum JournalFormatting {
    /// The widest author column.
    static let maxAuthorWidth = 24

    /// The `coedit log` listing of `summaries` (see the type notes); every line ends with a newline.
    public static func logText(
        _ summaries: [RevisionSummary], timeZone: TimeZone, since: Date? = nil, author: String? = nil
    ) -> String {
        guard let last = summaries.last else {
            var filters: [String] = []
            if let since { filters.append("since \(timeText(since, timeZone: timeZone))") }
            if let author { filters.append("by \(author)") }
            return (["no revisions"] + filters).joined(separator: " ") + "\n"
        }
        let revisionWidth = max(3, String(last.revision).count)
        let names = summaries.map { cut($0.authorName, to: maxAuthorWidth) }
        let authorWidth = max(6, names.map(\.count).max() ?? 0)
        var lines = [
            pad("REV", revisionWidth, right: true) + "  " + pad("TIME", 19) + "  " + pad("AUTHOR", authorWidth)
                + "  CHANGE"
        ]
        for (summary, name) in zip(summaries, names) {
            lines.append(
                pad(String(summary.revision), revisionWidth, right: true) + "  "
                    + timeText(summary.time, timeZone: timeZone) + "  " + pad(name, authorWidth) + "  +"
                    + String(summary.inserted) + " -" + String(summary.deleted))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The caption `coedit show` prints on standard error: document name, revision and time.
    public static func showCaption(_ version: HistoricText, documentPath: String, timeZone: TimeZone) -> String {
        "\((documentPath as NSString).lastPathComponent) at revision \(version.revision) "
            + "(\(timeText(version.time, timeZone: timeZone)))"
    }

    /// The message for `--at TIME` earlier than the journal.
    public static func beforeHistory(_ date: Date, journal: Journal, timeZone: TimeZone) -> String {
        "no revision at \(timeText(date, timeZone: timeZone)): the history of "
            + "\((journal.documentPath as NSString).lastPathComponent) starts at "
            + timeText(journal.createdAt, timeZone: timeZone)
    }

    /// `YYYY-MM-DD HH:MM:SS` in `timeZone`.
    public static func timeText(_ date: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String {
            let text = String(value ?? 0)
            return text.count < 2 ? "0" + text : text
        }
        return "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) "
            + "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))"
    }

    private static func cut(_ text: String, to width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }

    private static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return right ? padding + text : text + padding
    }
}
