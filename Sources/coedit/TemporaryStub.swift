import FileStore
import TerminalUI
enum EditSession {
    static func run(path: String, environment: [String: String]) throws(CoeditFailure) {
        do { _ = try DocumentFile.open(path) } catch { throw CoeditFailure(error.description) }
        throw CoeditFailure("not wired yet")
    }
}
