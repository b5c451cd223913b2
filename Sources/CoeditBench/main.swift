import ArgumentParser
import Foundation

/// `coedit-bench`: coedit's speed beside reference implementations, measured in the same run.
/// Run through `Benchmarks/run`, which builds in release mode and installs the Python references.
struct CoeditBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coedit-bench",
        abstract: "Measure coedit against reference implementations in the same run.",
        discussion: "Prints Markdown tables; Docs/benchmarks.md keeps the latest figures.",
        subcommands: [TextBufferCommand.self],
        defaultSubcommand: nil
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

CoeditBench.main()
