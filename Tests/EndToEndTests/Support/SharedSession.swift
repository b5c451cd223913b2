import Foundation
import Testing

/// A `coedit` host sharing a file on an ephemeral loopback port, in a tmux window wide enough for a second pane.
struct SharedHost {
    let session: TmuxSession
    /// The port it listens on, read from the join command it shows.
    let port: String
    /// The session secret, read from the join command it shows.
    let token: String

    /// The address a joiner passes to `--join`.
    var address: String { "127.0.0.1:\(port)" }
}

extension EndToEndEnvironment {
    /// Starts `coedit file --listen 127.0.0.1:0 --name name [--token token] [options...]` in a window 201 columns
    /// wide (split by `join`, each editor gets 100 columns) and waits for the join command on its screen.
    func startHost(
        _ file: String, name: String = "hōst", token: String? = nil, options: [String] = [], rows: Int = 16
    ) throws -> SharedHost {
        let secret = token.map { ["--token", $0] } ?? []
        let host = try startCoedit(
            [file, "--listen", "127.0.0.1:0", "--name", name] + secret + options, columns: 201, rows: rows)
        do {
            let screen = try host.waitUntil("the join command") { $0.contains("--join 127.0.0.1:") }
            guard let range = screen.range(of: #"--join 127\.0\.0\.1:[0-9]+ --token [^ \n]+"#, options: .regularExpression)
            else { throw EndToEndFailure("no join command in:\n\(screen)") }
            let words = screen[range].split(separator: " ")
            return SharedHost(
                session: host, port: String(words[1].split(separator: ":").last!), token: String(words[3]))
        } catch {
            host.close()
            throw error
        }
    }

    /// Starts `coedit file --join host --name name` (with `token`, else the host's secret unless `withToken` is
    /// false) in a pane beside the host's.
    func join(
        _ host: SharedHost, file: String, name: String, withToken: Bool = true, token: String? = nil,
        extraVariables: [String: String] = [:]
    ) throws -> TmuxSession {
        let secret = withToken ? ["--token", token ?? host.token] : []
        return try startCoedit([file, "--join", host.address, "--name", name] + secret, beside: host.session,
            extraVariables: extraVariables)
    }
}

/// A host sharing `notes.txt` and one joiner beside it (its file `copy.txt`), both live.
struct EditingPair {
    let host: TmuxSession
    let joiner: TmuxSession

    /// Closes the joiner, then the host.
    func close() {
        joiner.close()
        host.close()
    }
}

extension EndToEndEnvironment {
    /// Writes `text` to notes.txt, shares it (with `token` and `rows` as `startHost` takes them), joins it as `name`,
    /// and waits until both screens say "2 here".
    func startPair(text: String, name: String, token: String? = nil, rows: Int = 16) throws -> EditingPair {
        try write(Array(text.utf8), to: "notes.txt")
        let shared = try startHost("notes.txt", token: token, rows: rows)
        let joiner: TmuxSession
        do {
            joiner = try join(shared, file: "copy.txt", name: name)
        } catch {
            shared.session.close()
            throw error
        }
        let pair = EditingPair(host: shared.session, joiner: joiner)
        do {
            try joiner.waitFor("2 here")
            try pair.host.waitFor("2 here")
        } catch {
            pair.close()
            throw error
        }
        return pair
    }
}
