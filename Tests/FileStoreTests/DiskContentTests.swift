#if canImport(Glibc)
import Glibc
#endif
import Testing

@testable import FileStore

/// The host's look at its file during a session: a `stat` when nothing changed, a read when something did.
@Suite struct DiskContentTests {
    @Test func theFileComparedWithWhatWasLastReadOrSaved() throws {
        let directory = TemporaryDirectory()
        directory.write(Array("café 漢字\n".utf8), to: "doc.txt")
        var (file, _) = try DocumentFile.open(directory.file("doc.txt"))
        let path = directory.file("doc.txt")
        #expect(DocumentFile.content(at: path, comparedWith: file.fingerprint) == .unchanged)

        // Our own save is not a change.
        try file.save("café 漢字\nsaved 😀\n")
        #expect(DocumentFile.content(at: path, comparedWith: file.fingerprint) == .unchanged)

        // Touched: same bytes, another modification time.
        var times = [timespec(tv_sec: 1_700_000_000, tv_nsec: 0), timespec(tv_sec: 1_700_000_000, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        guard case .touched(let touched) = DocumentFile.content(at: path, comparedWith: file.fingerprint) else {
            Issue.record("a touched file is not reported as touched")
            return
        }
        file.adopt(touched)
        #expect(DocumentFile.content(at: path, comparedWith: file.fingerprint) == .unchanged)

        // Rewritten by someone else.
        directory.write(Array("pulled e\u{301}\n".utf8), to: "doc.txt")
        guard case .text(let text, let fingerprint) = DocumentFile.content(at: path, comparedWith: file.fingerprint)
        else {
            Issue.record("an outside edit is not read")
            return
        }
        #expect(text == "pulled e\u{301}\n")
        file.adopt(fingerprint)
        #expect(file.diskState() == .unchanged, "an adopted outside edit is not 'changed on disk' for saving")

        // Not text, then gone.
        directory.write([0x61, 0xC3, 0x28, 0x0A], to: "doc.txt")
        guard case .notText(let reason, _) = DocumentFile.content(at: path, comparedWith: file.fingerprint) else {
            Issue.record("invalid UTF-8 is not reported")
            return
        }
        #expect(reason.contains("UTF-8"), "\(reason)")
        unlink(path)
        #expect(DocumentFile.content(at: path, comparedWith: file.fingerprint) == .missing)
    }
}
