/// The first check of an existing journal file: its 100-byte SQLite header, read as plain bytes.
///
/// Done before SQLite opens the file, so a file that is garbage, cut short, another program's database or a newer
/// coedit's journal is rejected without a byte of it (or a `-wal`/`-shm` beside it) being written.
///
/// Header fields used (SQLite file format, big-endian): magic `SQLite format 3\0` at 0, page size at 16 (1 means
/// 65,536), change counter at 24, database size in pages at 28 (valid when the version-valid-for number at 92
/// equals the change counter), `user_version` at 60 (our schema version), `application_id` at 68.
enum JournalFileCheck {
    /// The SQLite magic string, with its terminating zero.
    static let magic = Array("SQLite format 3".utf8) + [0]

    /// Checks `header` (the file's first bytes, up to 100) of a file of `fileSize` bytes.
    ///
    /// - Returns: the schema version found (`1...supportedVersion`).
    /// - Throws: the reason the file cannot be a journal this coedit reads.
    static func check(
        header: [UInt8], fileSize: Int, applicationID: UInt32, supportedVersion: Int
    ) throws(JournalError.Reason) -> Int {
        if fileSize == 0 { throw .notADatabase("empty file") }
        guard header.count >= 100, fileSize >= 100 else {
            throw .notADatabase("\(fileSize) bytes, too short for an SQLite header")
        }
        guard Array(header[0..<16]) == magic else { throw .notADatabase("no SQLite header") }
        let rawPageSize = Int(bigEndian16(header, 16))
        let pageSize = rawPageSize == 1 ? 65_536 : rawPageSize
        guard pageSize >= 512, pageSize <= 65_536, pageSize & (pageSize - 1) == 0 else {
            throw .notADatabase("invalid page size \(rawPageSize) in the SQLite header")
        }
        let foundID = bigEndian32(header, 68)
        guard foundID == applicationID else {
            throw .foreign(
                foundID == 0
                    ? "an SQLite database without coedit's application id"
                    : "an SQLite database with application id 0x\(String(foundID, radix: 16)), not coedit's")
        }
        let version = Int(Int32(bitPattern: bigEndian32(header, 60)))
        if version > supportedVersion { throw .newerVersion(found: version, supported: supportedVersion) }
        guard version >= 1 else { throw .corrupt("schema version \(version) in the SQLite header") }
        let pages = Int(bigEndian32(header, 28))
        let sizeIsValid = pages > 0 && bigEndian32(header, 24) == bigEndian32(header, 92)
        if sizeIsValid && fileSize < pages * pageSize {
            throw .truncated(expectedBytes: pages * pageSize, actualBytes: fileSize)
        }
        guard fileSize % pageSize == 0 else {
            throw .truncated(expectedBytes: (fileSize / pageSize + 1) * pageSize, actualBytes: fileSize)
        }
        return version
    }

    private static func bigEndian16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
        UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    private static func bigEndian32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        (0..<4).reduce(0) { $0 << 8 | UInt32(bytes[offset + $1]) }
    }
}
