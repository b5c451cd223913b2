import ArgumentParser
import Collaboration
import Foundation
import Journal
import Transport

/// The sharing and joining options of `coedit FILE`.
struct CollaborationOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Share on ADDR:PORT (default: all interfaces, port 7878 or the next free one).", valueName: "ADDR:PORT"))
    var listen: String?

    @Option(help: ArgumentHelp("Join the session at HOST:PORT; FILE is your local name for it.", valueName: "HOST:PORT"))
    var join: String?

    @Option(help: ArgumentHelp(
        "The session secret (or $COEDIT_TOKEN). A host generates one when none is given.", valueName: "SECRET"))
    var token: String?

    @Option(help: ArgumentHelp(
        "Read the session secret from the first line of FILE (yours, mode 600): kept out of the process list.",
        valueName: "FILE"))
    var tokenFile: String?

    @Option(help: ArgumentHelp("A second secret that lets guests watch without editing (host).", valueName: "SECRET"))
    var guestToken: String?

    @Option(help: ArgumentHelp("Read the guest secret from the first line of FILE (yours, mode 600).", valueName: "FILE"))
    var guestTokenFile: String?

    @Option(help: ArgumentHelp("Your name beside your cursor (default: your login name).", valueName: "NAME"))
    var name: String?

    // `.unconditional`: `--sync-interval -5` is a wrong number (refused below, saying so), not a missing value.
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("How often a changed text is sent, in milliseconds (default 30).", valueName: "MS"))
    var syncInterval: Int = 30

    @Option(help: ArgumentHelp(
        "Log to FILE (default: $XDG_STATE_HOME/coedit/coedit.log, or ~/.local/state/coedit/coedit.log).",
        valueName: "FILE"))
    var log: String?

    @Option(help: ArgumentHelp(
        "Keep the host's history journal in DIR (default: $XDG_STATE_HOME/coedit/history, or "
            + "~/.local/state/coedit/history).", valueName: "DIR"))
    var history: String?

    @Flag(help: "Edit alone: do not share FILE.")
    var noShare = false

    /// What to do, checked before anything is opened (each failure is one line).
    enum Mode {
        /// Edit without sharing.
        case alone
        /// Share FILE, listening where given (nil: the defaults).
        case share(ListenAddress?)
        /// Join the session at the endpoint.
        case join(TransportEndpoint)
    }

    /// The mode, or a `CoeditFailure` for contradictory or unparsable options.
    func mode() throws(CoeditFailure) -> Mode {
        guard (1...10_000).contains(syncInterval) else {
            throw CoeditFailure("--sync-interval must be 1–10000 milliseconds, not \(syncInterval)")
        }
        do {
            if let join {
                guard listen == nil, !noShare else { throw CoeditFailure("--join cannot be combined with --listen or --no-share") }
                guard guestToken == nil, guestTokenFile == nil else {
                    throw CoeditFailure(
                        "--guest-token is the host's second secret; to join as a guest, give that secret with --token")
                }
                return .join(try TransportEndpoint(parsing: join))
            }
            if noShare {
                guard listen == nil else { throw CoeditFailure("--no-share cannot be combined with --listen") }
                return .alone
            }
            return .share(try listen.map { (text) throws(TransportError) in try ListenAddress(parsing: text) })
        } catch let error as CoeditFailure {
            throw error
        } catch {
            throw CoeditFailure("\(error)")
        }
    }

    /// The secret from `--token`, `--token-file` or `COEDIT_TOKEN` (an empty one is an error; both options too).
    func givenSecret(environment: [String: String]) throws(CoeditFailure) -> SessionSecret? {
        if let tokenFile {
            guard token == nil else { throw CoeditFailure("--token cannot be combined with --token-file") }
            return try TokenFile.secret(at: tokenFile, option: "--token-file")
        }
        guard let text = token ?? environment["COEDIT_TOKEN"] else { return nil }
        do {
            return try SessionSecret(text)
        } catch {
            throw CoeditFailure(error.description)
        }
    }

    /// The guest secret from `--guest-token` or `--guest-token-file`, if given.
    func guestSecret() throws(CoeditFailure) -> SessionSecret? {
        if let guestTokenFile {
            guard guestToken == nil else { throw CoeditFailure("--guest-token cannot be combined with --guest-token-file") }
            return try TokenFile.secret(at: guestTokenFile, option: "--guest-token-file")
        }
        guard let guestToken else { return nil }
        do {
            return try SessionSecret(guestToken)
        } catch {
            throw CoeditFailure(error.description)
        }
    }

    /// The host's history directory: `--history DIR`, else the default of `environment` (nil when there is none).
    func historyDirectory(environment: [String: String]) -> URL? {
        if let history { return URL(fileURLWithPath: history, isDirectory: true) }
        return JournalLocation.defaultDirectory(environment: environment)
    }

    /// The display name: `--name`, else the login name, else "editor".
    func displayName(environment: [String: String]) -> String {
        name ?? environment["USER"] ?? environment["LOGNAME"] ?? "editor"
    }
}
