import Foundation
import SyncEngine

/// Where a document's journal lives: one SQLite file per document, in the user's state directory.
///
/// The directory is `$XDG_STATE_HOME/coedit/history/` when `XDG_STATE_HOME` is an absolute path, else
/// `$HOME/.local/state/coedit/history/` (the XDG base directory rule); `--history DIR` replaces it. The file name
/// is a readable slug of the document's name plus 16 hex digits of the FNV-1a hash (`TextHash`) of its absolute
/// path, so two `notes.tex` in different folders get different journals:
/// `/home/ana/paper/notes.tex` → `notes.tex-1c8f…e2.journal.sqlite`.
public enum JournalLocation {
    /// The file name suffix of journals.
    public static let fileExtension = ".journal.sqlite"
    /// The longest slug kept from the document's name, in characters.
    static let maxSlugLength = 40

    /// The default history directory for `environment` (pass `ProcessInfo.processInfo.environment`), or `nil`
    /// when neither `XDG_STATE_HOME` (absolute) nor `HOME` is set.
    public static func defaultDirectory(environment: [String: String]) -> URL? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return URL(fileURLWithPath: state).appendingPathComponent("coedit/history", isDirectory: true)
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return URL(fileURLWithPath: home).appendingPathComponent(".local/state/coedit/history", isDirectory: true)
    }

    /// The journal file of the document at `documentPath` (made absolute and standardized first) inside
    /// `directory`.
    public static func fileURL(forDocument documentPath: String, in directory: URL) -> URL {
        directory.appendingPathComponent(fileName(forDocument: documentPath))
    }

    /// The journal file name of the document at `documentPath`: slug, dash, 16 hex digits, `.journal.sqlite`.
    public static func fileName(forDocument documentPath: String) -> String {
        let path = absolutePath(documentPath)
        return slug(of: (path as NSString).lastPathComponent) + "-" + TextHash(of: path).description + fileExtension
    }

    /// `path` made absolute against the current directory, with `.` and `..` resolved (symbolic links are not).
    public static func absolutePath(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// The document name with every character other than ASCII letters, digits, `.`, `-` and `_` replaced by
    /// `_`, cut to `maxSlugLength`; `document` when nothing is left.
    static func slug(of name: String) -> String {
        var slug = ""
        for scalar in name.unicodeScalars.prefix(maxSlugLength) {
            let keep =
                scalar.isASCII
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                    || "._-".unicodeScalars.contains(scalar))
            slug.unicodeScalars.append(keep ? scalar : "_")
        }
        let trimmed = slug.drop { $0 == "." }
        return trimmed.isEmpty ? "document" : String(trimmed)
    }

    /// Creates `directory` (and its parents) readable by the user only (0700): history holds document text.
    public static func createDirectory(_ directory: URL) throws(JournalError) {
        do {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw JournalError(file: directory.path, reason: .storage(JournalError.text(of: error)))
        }
    }
}
