#if canImport(Glibc)
import Glibc
#endif
import FileStore
import Testing
import TestSupport

/// Opening files: exact text, new files, and the refusals (binary, invalid UTF-8, directories, unreadable).
@Suite struct DocumentFileLoadTests {
    @Test(arguments: [
        "\\section{Résumé}\r\nLigne 2 — 漢字 😀\r\n",
        "no final newline: e\u{301} a\u{308}",
        "\u{FEFF}bom and LF\n\n",
        "",
        "mixed\r\nendings\nand\rcarriage returns",
    ])
    func openReturnsTheExactText(text: String) throws {
        let directory = TemporaryDirectory()
        directory.write(Array(text.utf8), to: "doc.tex")
        let (file, loaded) = try DocumentFile.open(directory.file("doc.tex"))
        #expect(Array(loaded.utf8) == Array(text.utf8))
        #expect(file.fingerprint?.size == text.utf8.count)
        #expect(file.absolutePath == directory.file("doc.tex"))
    }

    @Test func aMissingFileIsAnEmptyNewDocument() throws {
        let directory = TemporaryDirectory()
        let (file, text) = try DocumentFile.open(directory.file("nouveau.md"))
        #expect(text == "")
        #expect(file.fingerprint == nil)
        #expect(directory.names().isEmpty, "opening must not create the file")
    }

    @Test func binaryFilesAreRefusedWithTheOffsetAndLine() {
        let directory = TemporaryDirectory()
        directory.write(Array("line one\nline two\nab".utf8) + [0x00, 0x01], to: "image.bin")
        #expect(throws: FileStoreError(
            "\(directory.file("image.bin")) looks binary (NUL byte at offset 20, line 3); coedit edits text files only")
        ) {
            try DocumentFile.open(directory.file("image.bin"))
        }
    }

    @Test func invalidUTF8IsRefusedWithTheOffsetAndLine() {
        let directory = TemporaryDirectory()
        // "café" in Latin-1 on line 2: the 0xE9 byte is at offset 17 (6 bytes of line 1, 11 of line 2).
        let bytes = Array("ok é\nbonjour caf".utf8) + [0xE9, 0x0A]
        directory.write(bytes, to: "latin1.tex")
        do {
            _ = try DocumentFile.open(directory.file("latin1.tex"))
            Issue.record("expected a refusal")
        } catch {
            #expect(error.description.contains("is not valid UTF-8 (byte 0xE9 at offset 17, line 2)"), "\(error)")
            #expect(!error.description.contains("\n"))
        }
        #expect(directory.bytes(of: "latin1.tex") == bytes, "a refused file is never rewritten")
    }

    @Test(arguments: [
        ([0xC0, 0xAF] as [UInt8], 2), ([0xED, 0xA0, 0x80], 2), ([0xF4, 0x90, 0x80, 0x80], 2), ([0xE6, 0xBC], 2),
        ([0x80], 2), ([0xFF], 2),
    ])
    func everyKindOfMalformedSequenceIsFound(sequence: [UInt8], offset: Int) {
        let directory = TemporaryDirectory()
        directory.write(Array("ab".utf8) + sequence + Array("漢".utf8), to: "bad.txt")
        #expect(throws: FileStoreError.self) { try DocumentFile.open(directory.file("bad.txt")) }
        do {
            _ = try DocumentFile.open(directory.file("bad.txt"))
        } catch {
            #expect(error.description.contains("at offset \(offset), line 1"), "\(sequence): \(error)")
        }
    }

    @Test func directoriesAreRefused() {
        let directory = TemporaryDirectory()
        #expect(throws: FileStoreError("cannot open \(directory.path): it is a directory")) {
            try DocumentFile.open(directory.path)
        }
    }

    @Test func aFileInAMissingDirectoryIsRefused() {
        let directory = TemporaryDirectory()
        let path = directory.file("missing/notes.tex")
        #expect(throws: FileStoreError(
            "cannot open \(path): the directory \(directory.file("missing")) does not exist")
        ) {
            try DocumentFile.open(path)
        }
    }

    @Test func unreadableFilesAreRefused() {
        let directory = TemporaryDirectory(mode: 0o755)
        directory.write(Array("secret".utf8), to: "secret.txt", mode: 0o000)
        withPermissionChecks {
            #expect(throws: FileStoreError("cannot open \(directory.file("secret.txt")): permission denied")) {
                try DocumentFile.open(directory.file("secret.txt"))
            }
        }
    }

    @Test func specialFilesAreRefused() {
        #expect(throws: FileStoreError("cannot open /dev/null: not a regular file")) {
            try DocumentFile.open("/dev/null")
        }
    }
}
