#if canImport(Glibc)
import Glibc
#endif
import FileStore
import Foundation
import Testing

/// Recovery files: location, naming, permissions, exact round trip and damaged files.
@Suite struct RecoveryStoreTests {
    @Test func theDefaultDirectoryFollowsXDG() {
        #expect(RecoveryStore.defaultDirectory(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"])
            == "/s/coedit/recovery")
        #expect(RecoveryStore.defaultDirectory(environment: ["XDG_STATE_HOME": "relative", "HOME": "/h"])
            == "/h/.local/state/coedit/recovery")
        #expect(RecoveryStore.defaultDirectory(environment: ["HOME": "/h"]) == "/h/.local/state/coedit/recovery")
        #expect(RecoveryStore.defaultDirectory(environment: [:]) == nil)
    }

    @Test func namesAreReadableDistinctAndBounded() {
        let store = RecoveryStore(directory: "/r")
        let first = store.recoveryPath(forDocumentAt: "/home/a/notes.tex")
        #expect(first.hasPrefix("/r/notes.tex-"))
        #expect(first.hasSuffix(".recovery"))
        #expect(first != store.recoveryPath(forDocumentAt: "/home/b/notes.tex"))
        #expect(store.recoveryPath(forDocumentAt: "/x/r\u{E9}sum\u{E9}.md").hasPrefix("/r/r_sum_.md-"))
        let long = store.recoveryPath(forDocumentAt: "/x/" + String(repeating: "n", count: 400))
        #expect(PathComponents.last(of: long).utf8.count < 200)
    }

    @Test func writeThenReadRoundTripsTheTextExactly() throws {
        let directory = TemporaryDirectory()
        let store = RecoveryStore(directory: directory.file("state/coedit/recovery"))
        let text = "unsaved — 漢字 😀 e\u{301}\r\nno final newline"
        let base = FileFingerprint(size: 3, modificationSeconds: 7, modificationNanoseconds: 9, contentHash: 42)
        try store.write(text, forDocumentAt: "/docs/notes.tex", baseFingerprint: base)
        let recovered = try #require(try store.read(forDocumentAt: "/docs/notes.tex"))
        #expect(recovered.text == text)
        #expect(recovered.documentPath == "/docs/notes.tex")
        #expect(recovered.baseFingerprint == base)
        #expect(recovered.processID == getpid())
        #expect(abs(recovered.savedAt - Int(time(nil))) < 60)
        #expect(try store.read(forDocumentAt: "/docs/other.tex") == nil)
    }

    @Test func recoveryFilesAreReadableOnlyByTheUser() throws {
        let directory = TemporaryDirectory()
        let store = RecoveryStore(directory: directory.file("coedit/recovery"))
        try store.write("secret", forDocumentAt: "/d/a.txt", baseFingerprint: nil)
        #expect(directory.mode(of: "coedit/recovery") == 0o700)
        var info = stat()
        stat(store.recoveryPath(forDocumentAt: "/d/a.txt"), &info)
        #expect(info.st_mode & 0o777 == 0o600)
        try store.write("secret v2", forDocumentAt: "/d/a.txt", baseFingerprint: nil)
        #expect(try store.read(forDocumentAt: "/d/a.txt")?.text == "secret v2")
        #expect(directory.names(in: "coedit/recovery").count == 1, "replaced atomically, no temporary left")
    }

    @Test func removeDeletesIt() throws {
        let directory = TemporaryDirectory()
        let store = RecoveryStore(directory: directory.path)
        try store.write("x", forDocumentAt: "/d/a.txt", baseFingerprint: nil)
        store.remove(forDocumentAt: "/d/a.txt")
        #expect(try store.read(forDocumentAt: "/d/a.txt") == nil)
    }

    @Test func aDamagedRecoveryFileIsReportedNotTrusted() throws {
        let directory = TemporaryDirectory()
        let store = RecoveryStore(directory: directory.path)
        let path = store.recoveryPath(forDocumentAt: "/d/a.txt")
        let name = PathComponents.last(of: path)
        directory.write(Array("garbage without header".utf8), to: name)
        #expect(throws: FileStoreError("the recovery file \(path) is damaged or not coedit's; move it away to continue")) {
            try store.read(forDocumentAt: "/d/a.txt")
        }
        // A header for another document (a hash collision or a copied file) is not trusted either.
        try store.write("x", forDocumentAt: "/d/a.txt", baseFingerprint: nil)
        let bytes = directory.bytes(of: name)!
        let edited = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\\/d\\/a.txt", with: "\\/d\\/b.txt")
        directory.write(Array(edited.utf8), to: name)
        #expect(throws: FileStoreError.self) { try store.read(forDocumentAt: "/d/a.txt") }
    }
}

enum PathComponents {
    static func last(of path: String) -> String {
        String(path.split(separator: "/").last ?? "")
    }
}

extension TemporaryDirectory {
    func names(in subdirectory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: file(subdirectory))) ?? []).sorted()
    }
}
