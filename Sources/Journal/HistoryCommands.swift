import Foundation

/// The library side of `coedit log` and `coedit show`: open the document's journal read-only, query it, and
/// return the exact text to print (`JournalFormatting`). Errors are one line each (`JournalError`,
/// `HistoryPointError`, `HistoryCommandError`); the executable prints `coedit: <error>` and exits with status 1.
public enum HistoryCommands {
    /// The journal of the document at `documentPath`, opened for reading, from `historyDirectory` (the
    /// `--history DIR` option) or else the default directory of `environment`.
    public static func openJournal(
        forDocument documentPath: String, historyDirectory: URL?, environment: [String: String]
    ) throws -> Journal {
        guard let directory = historyDirectory ?? JournalLocation.defaultDirectory(environment: environment) else {
            throw HistoryCommandError(
                description: "no history directory: set HOME or XDG_STATE_HOME, or give --history DIR")
        }
        let absolute = JournalLocation.absolutePath(documentPath)
        return try Journal.open(
            at: JournalLocation.fileURL(forDocument: absolute, in: directory), documentPath: absolute, readOnly: true)
    }

    /// What `coedit log FILE [--since TIME] [--author NAME]` prints on standard output.
    public static func log(
        _ journal: Journal, since: String?, author: String?, timeZone: TimeZone
    ) throws -> String {
        let start = try since.map { text throws(HistoryPointError) in
            try HistoryPoint.parseTime(text, timeZone: timeZone)
        }
        let summaries = try journal.revisions(since: start, author: author)
        return JournalFormatting.logText(summaries, timeZone: timeZone, since: start, author: author)
    }

    /// What `coedit show FILE --at REV|TIME` prints: `text` on standard output (as is), `caption` on standard
    /// error.
    public static func show(
        _ journal: Journal, at point: String, timeZone: TimeZone
    ) throws -> (text: String, caption: String) {
        let version: HistoricText
        switch try HistoryPoint.parse(point, timeZone: timeZone) {
        case .revision(let revision):
            version = try journal.version(at: revision)
        case .time(let date):
            guard let found = try journal.version(at: date) else {
                throw HistoryCommandError(
                    description: JournalFormatting.beforeHistory(date, journal: journal, timeZone: timeZone))
            }
            version = found
        }
        return (
            version.text, JournalFormatting.showCaption(version, documentPath: journal.documentPath, timeZone: timeZone)
        )
    }
}

/// A history command that cannot answer, with the one-line reason.
public struct HistoryCommandError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The reason.
    public var description: String
}
