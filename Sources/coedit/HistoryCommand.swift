import ArgumentParser
import Foundation
import Journal

/// Options shared by the history subcommands.
struct HistoryOptions: ParsableArguments {
    @Argument(help: "The document whose history to read.")
    var file: String

    @Option(help: "The history directory (default: $XDG_STATE_HOME/coedit/history or ~/.local/state/coedit/history).")
    var history: String?

    /// The document's journal, opened read-only; a missing or unusable journal is a one-line `CoeditFailure`.
    func openJournal() throws -> Journal {
        do {
            return try HistoryCommands.openJournal(
                forDocument: file, historyDirectory: history.map { URL(fileURLWithPath: $0, isDirectory: true) },
                environment: ProcessEnvironment.current())
        } catch {
            throw CoeditFailure("\(error)")
        }
    }
}

/// `coedit log FILE [--since TIME] [--author NAME]`: the document's revisions, one per line.
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "List the revisions of FILE: number, time, author, size of change.",
        discussion: """
            Examples:
              coedit log notes.tex
              coedit log notes.tex --author zoe --since "2026-11-21 09:00"
            """
    )

    @OptionGroup var options: HistoryOptions

    @Option(help: "Only revisions at or after this time (YYYY-MM-DD[ HH:MM[:SS]], local time).")
    var since: String?

    @Option(help: "Only revisions by this author.")
    var author: String?

    func run() throws {
        let journal = try options.openJournal()
        defer { journal.close() }
        do {
            Console.output(try HistoryCommands.log(journal, since: since, author: author, timeZone: .current))
        } catch {
            throw CoeditFailure("\(error)")
        }
    }
}

/// `coedit show FILE --at REV|TIME`: the document as it was.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print FILE as it was at a revision or a time (the text on stdout, a caption on stderr).",
        discussion: """
            Examples:
              coedit show notes.tex --at 42
              coedit show notes.tex --at "2026-11-21 10:30" > notes-morning.tex
            """
    )

    @OptionGroup var options: HistoryOptions

    @Option(help: "A revision number, or a time (YYYY-MM-DD[ HH:MM[:SS]], local time).")
    var at: String

    func run() throws {
        let journal = try options.openJournal()
        defer { journal.close() }
        do {
            let shown = try HistoryCommands.show(journal, at: at, timeZone: .current)
            Console.error(shown.caption.hasSuffix("\n") ? shown.caption : shown.caption + "\n")
            Console.output(shown.text)
        } catch {
            throw CoeditFailure("\(error)")
        }
    }
}
