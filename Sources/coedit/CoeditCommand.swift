import ArgumentParser

#if canImport(Glibc)
import Glibc
#endif

/// The `coedit` command line. `coedit FILE` runs the `edit` subcommand (the default), so that later subcommands
/// (`coedit log FILE`, `coedit show FILE --at REV`) can sit beside it.
struct CoeditCommand: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "coedit",
        abstract: "A terminal text editor for UTF-8 files (LaTeX, Markdown, code), built for editing together.",
        usage: "coedit FILE [--listen ADDR:PORT | --join HOST:PORT] [--token SECRET] [--name NAME]\n"
            + "coedit log FILE [--since TIME] [--author NAME]\n"
            + "coedit show FILE --at REV|TIME\n"
            + "coedit --help | --version",
        discussion: """
            Opens FILE full-screen. A FILE that does not exist is created on the first save (Ctrl-S). \
            Ctrl-G or F1 lists every key; Ctrl-Q quits and asks first when there are unsaved changes.

            If a session ends without saving (the terminal closes: SIGHUP; or SIGTERM), the unsaved text is kept \
            in $XDG_STATE_HOME/coedit/recovery/ (default ~/.local/state/coedit/recovery/), and the next \
            'coedit FILE' asks whether to restore it. NO_COLOR=1 turns colours off. See also: man coedit.

            Editing together: 'coedit FILE' also shares FILE; the message line shows the command partners \
            type (coedit notes.tex --join 192.168.1.5:7878 --token SECRET). Options: --listen ADDR:PORT \
            (default: all interfaces, port 7878 or the next free one), --join HOST:PORT, --token SECRET (or \
            COEDIT_TOKEN; generated when sharing), --guest-token SECRET (read-only guests), --name NAME, \
            --sync-interval MS (default 30), --log FILE, --no-share. Your own second 'coedit FILE' joins the first. \
            F2: who is here and the join command; F4: jump to a peer's cursor; Shift-F4: follow a peer.

            Examples:
              coedit notes.tex         edit notes.tex (LaTeX colouring)
              coedit README.md         edit a Markdown file
              coedit chapter2.tex      start a new file, written on the first Ctrl-S
              NO_COLOR=1 coedit a.txt  edit without colours
            """,
        version: "coedit \(version)",
        subcommands: [EditCommand.self, LogCommand.self, ShowCommand.self],
        defaultSubcommand: EditCommand.self
    )

    /// Parses the arguments and runs the command. Errors end the process with ONE line on standard error (and a
    /// non-zero status), always before the screen is taken over.
    static func runFromCommandLine(_ arguments: [String]? = nil) -> Never {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            Glibc.exit(0)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Glibc.exit(0)
            }
            let message = self.message(for: error).split(separator: "\n").first.map(String.init) ?? "failed"
            let hint = error is CoeditFailure ? "" : " (see 'coedit --help')"
            Console.error("coedit: \(message)\(hint)\n")
            Glibc.exit(code.rawValue)
        }
    }
}

/// `coedit [edit] FILE`: edit one file.
struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Edit FILE (the default subcommand: `coedit FILE` is `coedit edit FILE`).",
        shouldDisplay: false
    )

    // Optional so that an unknown option is reported before a missing FILE.
    @Argument(help: "The file to edit (UTF-8 text). Created on the first save if it does not exist.")
    var file: String?

    @OptionGroup(title: "Editing together")
    var collaboration: CollaborationOptions

    func run() throws {
        guard let file else { throw ValidationError("missing FILE: which file should coedit edit?") }
        try EditSession.run(path: file, environment: ProcessEnvironment.current(), collaboration: collaboration)
    }
}

/// A failure that ends coedit with a one-line message on standard error and exit status 1.
struct CoeditFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// The process environment as a dictionary (Foundation-free).
enum ProcessEnvironment {
    static func current() -> [String: String] {
        var result: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let pair = String(cString: pointer)
            if let equals = pair.firstIndex(of: "=") {
                result[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
            entry += 1
        }
        return result
    }
}
