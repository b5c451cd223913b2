import Foundation
import Testing

/// Starting a sharing host in tmux and reading the join command it shows (shared by the collaboration tests).
extension EndToEndEnvironment {
    /// Starts `coedit FILE --listen 127.0.0.1:0 --name hōst` (plus `arguments`) and returns it with the port and
    /// the editor secret from the join command on its screen.
    func startSharingHost(
        file: String, arguments: [String] = [], columns: Int = 100, rows: Int = 16
    ) throws -> (TmuxSession, port: String, token: String) {
        let host = try startCoedit(
            [file, "--listen", "127.0.0.1:0", "--name", "hōst"] + arguments, columns: columns, rows: rows)
        let screen = try host.waitUntil("the join command") { $0.contains("--token ") }
        guard let line = screen.split(separator: "\n").first(where: { $0.contains("--join 127.0.0.1:") }) else {
            host.close()
            throw EndToEndFailure("no join command in:\n\(screen)")
        }
        let words = line.split(separator: " ")
        guard let join = words.firstIndex(of: "--join"), let token = words.firstIndex(of: "--token"),
            token + 1 < words.count, let port = words[join + 1].split(separator: ":").last
        else {
            host.close()
            throw EndToEndFailure("unreadable join command: \(line)")
        }
        return (host, String(port), String(words[token + 1]))
    }

    /// Starts `coedit FILE --join 127.0.0.1:PORT --token TOKEN --name NAME`.
    func startJoiner(
        file: String, port: String, token: String, name: String = "ann", columns: Int = 100, rows: Int = 16
    ) throws -> TmuxSession {
        try startCoedit(
            [file, "--join", "127.0.0.1:\(port)", "--token", token, "--name", name], columns: columns, rows: rows)
    }
}
