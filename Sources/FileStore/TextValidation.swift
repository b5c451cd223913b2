#if canImport(Glibc)
import Glibc
#endif

/// Checks that file content is text coedit may edit: valid UTF-8 without NUL bytes.
enum TextValidation {
    /// The text of `bytes`, or an error naming `displayName`, the offending byte's offset and its line.
    static func text(of bytes: UnsafeRawBufferPointer, displayName: String) throws(FileStoreError) -> String {
        if let base = bytes.baseAddress, let nul = memchr(base, 0, bytes.count) {
            let offset = base.distance(to: UnsafeRawPointer(nul))
            throw FileStoreError(
                "\(displayName) looks binary (NUL byte at offset \(offset), line \(line(of: offset, in: bytes))); "
                    + "coedit edits text files only")
        }
        let buffer = bytes.bindMemory(to: UInt8.self)
        if let text = String(validating: buffer, as: UTF8.self) { return text }
        let offset = firstInvalidOffset(in: buffer)
        let byte = String(buffer[offset], radix: 16, uppercase: true)
        throw FileStoreError(
            "\(displayName) is not valid UTF-8 (byte 0x\(byte.count == 1 ? "0" + byte : byte) at offset \(offset), "
                + "line \(line(of: offset, in: bytes))); convert it first, e.g. iconv -f latin1 -t utf-8")
    }

    /// The offset of the first byte that does not belong to a well-formed UTF-8 sequence.
    static func firstInvalidOffset(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .error: return offset
            case .emptyInput: return bytes.count
            }
        }
    }

    /// The 1-based line number of byte `offset` (newlines before it, plus one).
    static func line(of offset: Int, in bytes: UnsafeRawBufferPointer) -> Int {
        bytes[..<min(offset, bytes.count)].reduce(into: 1) { count, byte in if byte == 0x0A { count += 1 } }
    }
}
