#if canImport(Glibc)
import Glibc
#endif
import Testing
import TestSupport

@testable import FileStore

/// Atomic saving: exact bytes, permissions kept, nothing truncated on failure, clear one-line reasons.
@Suite struct DocumentFileSaveTests {
    @Test(arguments: [
        "CRLF stays\r\nCRLF — é\r\n",
        "no final newline 漢字😀",
        "combining e\u{301}\n\ttab\n",
    ])
    func savingWritesTheTextByteForByte(text: String) throws {
        let directory = TemporaryDirectory()
        directory.write(Array("old\r\n".utf8), to: "doc.tex")
        var (file, _) = try DocumentFile.open(directory.file("doc.tex"))
        try file.save(text)
        #expect(directory.bytes(of: "doc.tex") == Array(text.utf8))
        #expect(directory.names() == ["doc.tex"], "no temporary file is left behind")
        let (_, reloaded) = try DocumentFile.open(directory.file("doc.tex"))
        #expect(Array(reloaded.utf8) == Array(text.utf8))
    }

    @Test func randomTextRoundTripsExactly() throws {
        let directory = TemporaryDirectory()
        var (file, _) = try DocumentFile.open(directory.file("random.txt"))
        for seed in TestBudget.caseSeeds(40) {
            var generator = SeededGenerator(seed: seed)
            var text = RandomText.string(maxFragments: 200, using: &generator)
            if Bool.random(using: &generator) { text = text.replacingOccurrences(of: "\n", with: "\r\n") }
            try file.save(text)
            #expect(directory.bytes(of: "random.txt") == Array(text.utf8), "seed \(seed)")
            #expect(try DocumentFile.open(directory.file("random.txt")).text == text, "seed \(seed)")
        }
    }

    @Test(arguments: [0o600, 0o640, 0o755, 0o444 | 0o200] as [mode_t])
    func savingKeepsThePermissions(mode: mode_t) throws {
        let directory = TemporaryDirectory()
        directory.write(Array("x".utf8), to: "script.sh", mode: mode)
        var (file, _) = try DocumentFile.open(directory.file("script.sh"))
        try file.save("#!/bin/sh\necho é\n")
        #expect(directory.mode(of: "script.sh") == mode)
    }

    @Test func aNewFileIsCreatedOnFirstSaveWithTheUmaskPermissions() throws {
        let directory = TemporaryDirectory()
        var (file, _) = try DocumentFile.open(directory.file("new.md"))
        try file.save("# Titre\n")
        #expect(directory.bytes(of: "new.md") == Array("# Titre\n".utf8))
        #expect(directory.mode(of: "new.md") == AtomicWriter.defaultPermissions())
        #expect(file.fingerprint != nil)
    }

    @Test func aFailedWriteLeavesTheOriginalIntactAndNoTemporaryFile() throws {
        let directory = TemporaryDirectory()
        let original = Array("précieux\r\n".utf8)
        directory.write(original, to: "doc.tex")
        var (file, _) = try DocumentFile.open(directory.file("doc.tex"))
        // A disk that fills up after 3 bytes of the new content.
        let budget = ByteBudget(3)
        file.useWriter(AtomicWriter(writeCall: { descriptor, bytes, count in
            let allowed = budget.take(count)
            guard allowed > 0 else { errno = ENOSPC; return -1 }
            return Glibc.write(descriptor, bytes, allowed)
        }))
        #expect(throws: DocumentFile.SaveError.failed(
            FileStoreError("cannot save \(directory.file("doc.tex")): no space left on the disk"))
        ) {
            try file.save(String(repeating: "nouveau texte ", count: 100))
        }
        #expect(directory.bytes(of: "doc.tex") == original)
        #expect(directory.names() == ["doc.tex"])
    }

    @Test func aFailedFsyncAlsoLeavesTheOriginalIntact() throws {
        let directory = TemporaryDirectory()
        directory.write(Array("keep".utf8), to: "doc.tex")
        var (file, _) = try DocumentFile.open(directory.file("doc.tex"))
        file.useWriter(AtomicWriter(fsyncCall: { _ in errno = EIO; return -1 }))
        #expect(throws: DocumentFile.SaveError.failed(
            FileStoreError("cannot save \(directory.file("doc.tex")): input/output error"))
        ) {
            try file.save("new")
        }
        #expect(directory.bytes(of: "doc.tex") == Array("keep".utf8))
        #expect(directory.names() == ["doc.tex"])
    }

    @Test func aMissingDirectoryIsReportedInOneLine() throws {
        let directory = TemporaryDirectory()
        mkdir(directory.file("sub"), 0o700)
        var (file, _) = try DocumentFile.open(directory.file("sub/notes.tex"))
        rmdir(directory.file("sub"))
        #expect(throws: DocumentFile.SaveError.failed(FileStoreError(
            "cannot save \(directory.file("sub/notes.tex")): the directory \(directory.file("sub")) does not exist"))
        ) {
            try file.save("text")
        }
    }

    @Test func aReadOnlyDirectoryIsReportedAndTheFileKept() throws {
        let directory = TemporaryDirectory(mode: 0o755)
        mkdir(directory.file("locked"), 0o755)
        directory.write(Array("v1".utf8), to: "locked/doc.tex", mode: 0o666)
        var (file, _) = try DocumentFile.open(directory.file("locked/doc.tex"))
        chmod(directory.file("locked"), 0o555)
        withPermissionChecks {
            #expect(throws: DocumentFile.SaveError.failed(
                FileStoreError("cannot save \(directory.file("locked/doc.tex")): permission denied"))
            ) {
                try file.save("v2")
            }
        }
        #expect(directory.bytes(of: "locked/doc.tex") == Array("v1".utf8))
    }

    @Test func aReadOnlyFileIsNotReplaced() throws {
        let directory = TemporaryDirectory(mode: 0o777)
        directory.write(Array("v1".utf8), to: "ro.tex", mode: 0o444)
        var (file, _) = try DocumentFile.open(directory.file("ro.tex"))
        withPermissionChecks {
            #expect(throws: DocumentFile.SaveError.failed(FileStoreError(
                "cannot save \(directory.file("ro.tex")): permission denied (the file is read-only)"))
            ) {
                try file.save("v2")
            }
        }
        #expect(directory.bytes(of: "ro.tex") == Array("v1".utf8))
    }

    @Test func savingThroughASymbolicLinkKeepsTheLink() throws {
        let directory = TemporaryDirectory()
        directory.write(Array("target".utf8), to: "real.tex")
        symlink(directory.file("real.tex"), directory.file("link.tex"))
        var (file, _) = try DocumentFile.open(directory.file("link.tex"))
        try file.save("via link ü")
        var info = stat()
        lstat(directory.file("link.tex"), &info)
        #expect(info.st_mode & S_IFMT == S_IFLNK)
        #expect(directory.bytes(of: "real.tex") == Array("via link ü".utf8))
    }
}

/// External changes: detected by size, time and content; a save asks before overwriting them.
@Suite struct DocumentFileChangeTests {
    @Test func anUntouchedFileIsUnchanged() throws {
        let directory = TemporaryDirectory()
        directory.write(Array("a".utf8), to: "doc.tex")
        var (file, _) = try DocumentFile.open(directory.file("doc.tex"))
        #expect(file.diskState() == .unchanged)
        try file.save("b")
        #expect(file.diskState() == .unchanged, "our own save is not an external change")
    }

    @Test func touchingWithoutChangingContentIsUnchanged() throws {
        let directory = TemporaryDirectory()
        directory.write(Array("same".utf8), to: "doc.tex")
        let (file, _) = try DocumentFile.open(directory.file("doc.tex"))
        var times = [timespec(tv_sec: 1_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000, tv_nsec: 0)]
        utimensat(AT_FDCWD, directory.file("doc.tex"), &times, 0)
        #expect(file.diskState() == .unchanged)
    }

    @Test func anotherWriterIsDetectedEvenWithTheSameSizeAndTime() throws {
        let directory = TemporaryDirectory()
        directory.write(Array("version 1".utf8), to: "doc.tex")
        var (file, _) = try DocumentFile.open(directory.file("doc.tex"))
        directory.write(Array("version 2".utf8), to: "doc.tex")
        var times = [timespec(tv_sec: 5, tv_nsec: 0), timespec(tv_sec: 5, tv_nsec: 0)]
        utimensat(AT_FDCWD, directory.file("doc.tex"), &times, 0)
        #expect(file.diskState() == .changed)
        #expect(throws: DocumentFile.SaveError.changedOnDisk) { try file.save("mine") }
        #expect(directory.bytes(of: "doc.tex") == Array("version 2".utf8))
        try file.save("mine", overwritingExternalChanges: true)
        #expect(directory.bytes(of: "doc.tex") == Array("mine".utf8))
        #expect(file.diskState() == .unchanged)
    }

    @Test func aDeletedFileAndAFileCreatedBehindANewDocument() throws {
        let directory = TemporaryDirectory()
        directory.write(Array("x".utf8), to: "doc.tex")
        let (file, _) = try DocumentFile.open(directory.file("doc.tex"))
        unlink(directory.file("doc.tex"))
        #expect(file.diskState() == .deleted)
        var (newFile, _) = try DocumentFile.open(directory.file("new.tex"))
        #expect(newFile.diskState() == .unchanged)
        directory.write(Array("someone else".utf8), to: "new.tex")
        #expect(newFile.diskState() == .changed)
        #expect(throws: DocumentFile.SaveError.changedOnDisk) { try newFile.save("mine") }
    }
}

/// A write budget shared with a @Sendable closure.
final class ByteBudget: @unchecked Sendable {
    private var remaining: Int
    init(_ remaining: Int) { self.remaining = remaining }
    func take(_ count: Int) -> Int {
        let taken = min(count, remaining)
        remaining -= taken
        return taken
    }
}
