import ArgumentParser
import Foundation

/// `coedit-bench`: coedit's speed beside reference implementations, measured in the same run.
/// Run through `Benchmarks/run`, which builds in release mode and installs the Python references.
struct CoeditBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coedit-bench",
        abstract: "Measure coedit against reference implementations in the same run.",
        discussion: "Prints Markdown tables; Docs/benchmarks.md keeps the latest figures.",
        subcommands: [
            AllCommand.self, DiffMatchPatchCommand.self, TextBufferCommand.self, EditorWorkloadCommand.self,
            JournalCommand.self, CollaborationCommand.self, LatencyCommand.self, CrowdCommand.self,
            TraceSyncCommand.self, SealingCommand.self,
        ],
        defaultSubcommand: AllCommand.self
    )
}

struct TextBufferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text", abstract: "TextBuffer on a large file: load, edit, line lookups.")

    @Option(help: "Size of the generated file in MB.")
    var megabytes = 100

    func run() throws {
        let rows = try TextBufferBenchmark(megabytes: megabytes).run()
        printTable(title: "TextBuffer, \(megabytes) MB generated text", rows: rows)
    }
}

struct DiffMatchPatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dmp", abstract: "diff-match-patch against the Python and C++ references.")

    func run() throws {
        let (rows, notes) = try DiffMatchPatchBenchmark().run()
        printTable(title: "diff-match-patch (ratio = coedit ÷ the faster reference)", rows: rows)
        for note in notes { print("\n- \(note)") }
    }
}

struct EditorWorkloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "editor", abstract: "The editor on a large file: open, keystroke + redraw.")

    @Option(help: "Size of the generated file in MB.")
    var megabytes = 100

    func run() throws {
        let rows = try EditorBenchmark(megabytes: megabytes).run()
        printTable(title: "Editor, \(megabytes) MB generated LaTeX, 160×50 screen", rows: rows)
    }
}

struct JournalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal", abstract: "The history journal on the automerge-paper trace: size, appends, text(at:).")

    @Option(help: "Revisions appended one transaction (one fsync) each; the rest go in batches of 100.")
    var fsyncRevisions = 20_000

    func run() throws {
        print("\n### Journal, automerge-paper trace, one keystroke per revision\n")
        for line in try JournalBenchmark(fsyncRevisions: fsyncRevisions).run() { print(line) }
    }
}

struct AllCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "all", abstract: "Every benchmark.")

    func run() throws {
        try DiffMatchPatchCommand.parse([]).run()
        try TextBufferCommand.parse([]).run()
        try EditorWorkloadCommand.parse([]).run()
        try JournalCommand.parse([]).run()
        try CollaborationCommand.parse([]).run()
    }
}

CoeditBench.main()
