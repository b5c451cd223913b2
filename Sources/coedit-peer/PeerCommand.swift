import ArgumentParser
import Collaboration
import Foundation
import Logging
import SyncEngine
import Transport

/// `coedit-peer`: a non-interactive coedit participant driven by commands on stdin (tests, bots).
///
/// Without `--join` it shares FILE (hosting, like `coedit FILE`); with `--join HOST:PORT` it joins a session.
@main
struct PeerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coedit-peer",
        abstract: "A scriptable, non-interactive coedit peer: share or join a document and edit it from stdin.",
        discussion: """
            Commands on stdin, one per line (offsets and lengths in Unicode scalars; TEXT takes \\n, \\t, \\\\ and \
            \\u{HEX}): insert OFFSET|end|cursor TEXT, delete OFFSET LENGTH, cursor ANCHOR [HEAD], wait-quiet MS, \
            wait-text TEXT, wait-revision R, wait-peers N, sleep MS, print, status, save (waits for the outcome), wait-saved, quit. The end of stdin quits.
            """)

    @Argument(help: "The document: shared from this path, or (with --join) the local name for it.")
    var file: String

    @Option(help: "Join the session at HOST:PORT instead of sharing FILE.")
    var join: String?

    @Option(help: "Listen on ADDR:PORT when sharing (default 0.0.0.0, port 7878 or the next free one).")
    var listen: String?

    @Option(help: "The session secret (default: $COEDIT_TOKEN; a host generates one; a local joiner finds it).")
    var token: String?

    @Option(help: "A second secret that admits read-only guests (host only).")
    var guestToken: String?

    @Option(help: "Your name beside your cursor.")
    var name: String = ProcessInfo.processInfo.environment["USER"] ?? "peer"

    @Option(help: "How often a changed buffer is sent, in milliseconds.")
    var syncInterval: Int = 30

    @Option(help: "How long a wait-… command may wait, in milliseconds, before the peer fails.")
    var waitTimeout: Int = 30_000

    @Flag(help: "Publish the session in the runtime directory so local joiners find it (host only).")
    var publish = false

    @Option(help: "Append log lines to this file.")
    var log: String?

    func run() async throws {
        let logger = PeerLogging.logger(file: log)
        let absolute = URL(fileURLWithPath: file).standardizedFileURL.path
        let result: PeerRunLoop.Outcome
        do {
            if let join {
                result = try await PeerJoiner(command: self, address: join, logger: logger).run(documentPath: absolute)
            } else {
                result = try await PeerHost(command: self, logger: logger).run(documentPath: absolute)
            }
        } catch {
            FileHandle.standardError.write(Data("coedit-peer: \(error)\n".utf8))
            throw ExitCode(1)
        }
        if case .failed(let reason) = result {
            FileHandle.standardError.write(Data("coedit-peer: \(reason)\n".utf8))
            throw ExitCode(3)
        }
    }

    /// The secret from `--token` or `COEDIT_TOKEN`, if any.
    var givenSecret: String? {
        token ?? ProcessInfo.processInfo.environment["COEDIT_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// A failure to start, shown as one line.
struct PeerFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Logging for the peer: to a file, or nowhere (stdout belongs to the script's output).
enum PeerLogging {
    static func logger(file: String?) -> Logger {
        guard let file else { return Logger(label: "coedit-peer") { _ in SwiftLogNoOpLogHandler() } }
        return FileLogging.logger(label: "coedit-peer", path: file) ?? Logger(label: "coedit-peer") { _ in
            SwiftLogNoOpLogHandler()
        }
    }
}
