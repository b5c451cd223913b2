/// The internal text representation: one `UInt32` per unit.
///
/// A unit is a Unicode scalar value, except inside line mode, where a unit is a line token (an index into the line
/// table, which may be any value up to 1,114,111 — including values that are not valid scalars). All algorithms run
/// on contiguous buffers of units, so offsets are scalar offsets.
typealias UnitBuffer = UnsafeBufferPointer<UInt32>

/// One run of a diff over units (the internal twin of `Diff`).
struct UnitDiff: Equatable {
    /// What happened to `units`.
    var operation: DiffOperation
    /// The scalars (or line tokens) of this run.
    var units: [UInt32]

    init(_ operation: DiffOperation, _ units: [UInt32]) {
        self.operation = operation
        self.units = units
    }

    init(_ operation: DiffOperation, _ units: UnitBuffer) {
        self.operation = operation
        self.units = Array(units)
    }
}

extension UnsafeBufferPointer where Element == UInt32 {
    /// The sub-buffer `range` (no copy).
    @inline(__always)
    func slice(_ range: Range<Int>) -> UnitBuffer {
        UnitBuffer(rebasing: self[range])
    }

    /// The sub-buffer from `start` to the end (no copy).
    @inline(__always)
    func dropFirst(count start: Int) -> UnitBuffer {
        UnitBuffer(rebasing: self[start...])
    }
}

/// Conversions between Swift strings (UTF-8) and scalar-value arrays.
enum UTF8Transcoding {
    /// The scalar values of valid UTF-8 `bytes`.
    ///
    /// The bytes must be valid UTF-8 cut at scalar boundaries (they always come from a Swift `String`).
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt32] {
        let n = bytes.count
        guard n > 0, let src = bytes.baseAddress else { return [] }
        return [UInt32](unsafeUninitializedCapacity: n) { out, initialized in
            let dst = out.baseAddress!
            var i = 0
            var o = 0
            while i < n {
                if i &+ 8 <= n {
                    let word = UnsafeRawPointer(src + i).loadUnaligned(as: UInt64.self)
                    let high = word & 0x8080_8080_8080_8080
                    #if _endian(little)
                    // Copy the ASCII bytes before the first non-ASCII one.
                    let ascii = high == 0 ? 8 : high.trailingZeroBitCount >> 3
                    #else
                    let ascii = high == 0 ? 8 : 0
                    #endif
                    for k in 0..<ascii { dst[o &+ k] = UInt32(src[i &+ k]) }
                    i &+= ascii
                    o &+= ascii
                    if ascii > 0 { continue }
                }
                let b0 = UInt32(src[i])
                if b0 < 0x80 {
                    dst[o] = b0
                    i &+= 1
                } else if b0 < 0xE0, i &+ 1 < n {
                    dst[o] = (b0 & 0x1F) << 6 | UInt32(src[i &+ 1] & 0x3F)
                    i &+= 2
                } else if b0 < 0xF0, i &+ 2 < n {
                    dst[o] = (b0 & 0x0F) << 12 | UInt32(src[i &+ 1] & 0x3F) << 6 | UInt32(src[i &+ 2] & 0x3F)
                    i &+= 3
                } else if i &+ 3 < n {
                    dst[o] = (b0 & 0x07) << 18 | UInt32(src[i &+ 1] & 0x3F) << 12
                        | UInt32(src[i &+ 2] & 0x3F) << 6 | UInt32(src[i &+ 3] & 0x3F)
                    i &+= 4
                } else {
                    // Truncated sequence (cannot happen for text from a String): keep a replacement character.
                    dst[o] = 0xFFFD
                    i = n
                }
                o &+= 1
            }
            initialized = o
        }
    }

    /// The scalar values of `text`.
    static func units(_ text: String) -> [UInt32] {
        var text = text
        return text.withUTF8 { decode($0) }
    }

    /// The number of UTF-8 bytes that encode `units`.
    @inline(__always)
    static func encodedLength(_ units: UnitBuffer) -> Int {
        var length = 0
        for unit in units {
            length &+= unit < 0x80 ? 1 : unit < 0x800 ? 2 : unit < 0x10000 ? 3 : 4
        }
        return length
    }

    /// Writes the UTF-8 encoding of `units` at `dst`, returning the number of bytes written.
    ///
    /// Values that are not scalars (surrogates, values above U+10FFFF) produce invalid bytes, which `String` repairs
    /// to U+FFFD; they never reach here from valid input.
    @inline(__always)
    static func encode(_ units: UnitBuffer, into dst: UnsafeMutablePointer<UInt8>) -> Int {
        var o = 0
        for unit in units {
            if unit < 0x80 {
                dst[o] = UInt8(truncatingIfNeeded: unit)
                o &+= 1
            } else if unit < 0x800 {
                dst[o] = UInt8(truncatingIfNeeded: 0xC0 | unit >> 6)
                dst[o &+ 1] = UInt8(truncatingIfNeeded: 0x80 | unit & 0x3F)
                o &+= 2
            } else if unit < 0x10000 {
                dst[o] = UInt8(truncatingIfNeeded: 0xE0 | unit >> 12)
                dst[o &+ 1] = UInt8(truncatingIfNeeded: 0x80 | unit >> 6 & 0x3F)
                dst[o &+ 2] = UInt8(truncatingIfNeeded: 0x80 | unit & 0x3F)
                o &+= 3
            } else {
                dst[o] = UInt8(truncatingIfNeeded: 0xF0 | unit >> 18 & 0x07)
                dst[o &+ 1] = UInt8(truncatingIfNeeded: 0x80 | unit >> 12 & 0x3F)
                dst[o &+ 2] = UInt8(truncatingIfNeeded: 0x80 | unit >> 6 & 0x3F)
                dst[o &+ 3] = UInt8(truncatingIfNeeded: 0x80 | unit & 0x3F)
                o &+= 4
            }
        }
        return o
    }

    /// The string of the scalars `units`, optionally between raw UTF-8 `head` and `tail` bytes.
    static func string(
        _ units: UnitBuffer,
        head: UnsafeBufferPointer<UInt8> = UnsafeBufferPointer(start: nil, count: 0),
        tail: UnsafeBufferPointer<UInt8> = UnsafeBufferPointer(start: nil, count: 0)
    ) -> String {
        let length = head.count + encodedLength(units) + tail.count
        if length == 0 { return "" }
        return String(unsafeUninitializedCapacity: length) { out in
            let dst = out.baseAddress!
            var o = 0
            if let h = head.baseAddress {
                (dst).update(from: h, count: head.count)
                o = head.count
            }
            o &+= encode(units, into: dst + o)
            if let t = tail.baseAddress {
                (dst + o).update(from: t, count: tail.count)
                o &+= tail.count
            }
            return o
        }
    }

    /// The string of the scalars `first` followed by those of `second`.
    static func string(concatenating first: UnitBuffer, _ second: UnitBuffer) -> String {
        let length = encodedLength(first) + encodedLength(second)
        if length == 0 { return "" }
        return String(unsafeUninitializedCapacity: length) { out in
            let written = encode(first, into: out.baseAddress!)
            return written + encode(second, into: out.baseAddress! + written)
        }
    }

    /// The string of the scalars `units`.
    static func string(_ units: [UInt32]) -> String {
        units.withUnsafeBufferPointer { string($0) }
    }

    /// Whether two strings consist of the same Unicode scalars (byte-wise UTF-8 equality).
    static func sameScalars(_ a: String, _ b: String) -> Bool {
        if a.utf8.count != b.utf8.count { return false }
        var a = a
        var b = b
        return a.withUTF8 { x in b.withUTF8 { y in UnitOps.bytesEqual(x, y) } }
    }
}

extension Array where Element == UnitDiff {
    /// The public form of these diffs.
    func publicDiffs() -> [Diff] {
        map { Diff($0.operation, UTF8Transcoding.string($0.units)) }
    }
}

extension Array where Element == Diff {
    /// The internal form of these diffs.
    func unitDiffs() -> [UnitDiff] {
        map { UnitDiff($0.operation, UTF8Transcoding.units($0.text)) }
    }
}
