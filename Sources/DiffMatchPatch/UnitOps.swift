/// Word-at-a-time comparisons of unit buffers and UTF-8 byte buffers.
///
/// These are the hot primitives behind `diff_commonPrefix` / `diff_commonSuffix`: they compare 8 bytes per step and
/// locate the first difference with a bit scan.
enum UnitOps {
    /// The number of equal units at the start of `a` and `b` (`diff_commonPrefix`).
    @inline(__always)
    static func commonPrefix(_ a: UnitBuffer, _ b: UnitBuffer) -> Int {
        let n = min(a.count, b.count)
        guard n > 0, let pa = a.baseAddress, let pb = b.baseAddress else { return 0 }
        var i = 0
        #if _endian(little)
        let ra = UnsafeRawPointer(pa)
        let rb = UnsafeRawPointer(pb)
        while i &+ 2 <= n {
            let x = ra.loadUnaligned(fromByteOffset: i &* 4, as: UInt64.self)
                ^ rb.loadUnaligned(fromByteOffset: i &* 4, as: UInt64.self)
            if x != 0 { return i &+ (x.trailingZeroBitCount >> 5) }
            i &+= 2
        }
        #endif
        while i < n && pa[i] == pb[i] { i &+= 1 }
        return i
    }

    /// The number of equal units at the end of `a` and `b` (`diff_commonSuffix`).
    @inline(__always)
    static func commonSuffix(_ a: UnitBuffer, _ b: UnitBuffer) -> Int {
        let n = min(a.count, b.count)
        guard n > 0, let pa = a.baseAddress, let pb = b.baseAddress else { return 0 }
        let ea = pa + a.count
        let eb = pb + b.count
        var i = 0
        #if _endian(little)
        while i &+ 2 <= n {
            let x = UnsafeRawPointer(ea - i - 2).loadUnaligned(as: UInt64.self)
                ^ UnsafeRawPointer(eb - i - 2).loadUnaligned(as: UInt64.self)
            if x != 0 { return i &+ (x.leadingZeroBitCount >> 5) }
            i &+= 2
        }
        #endif
        while i < n && ea[-i - 1] == eb[-i - 1] { i &+= 1 }
        return i
    }

    /// Whether `a` and `b` hold the same units.
    @inline(__always)
    static func equal(_ a: UnitBuffer, _ b: UnitBuffer) -> Bool {
        a.count == b.count && commonPrefix(a, b) == a.count
    }

    /// Whether `a` ends with `suffix`.
    @inline(__always)
    static func hasSuffix(_ a: UnitBuffer, _ suffix: UnitBuffer) -> Bool {
        suffix.count <= a.count && commonSuffix(a, suffix) == suffix.count
    }

    /// Whether `a` starts with `prefix`.
    @inline(__always)
    static func hasPrefix(_ a: UnitBuffer, _ prefix: UnitBuffer) -> Bool {
        prefix.count <= a.count && commonPrefix(a, prefix) == prefix.count
    }

    /// The number of equal bytes at the start of `a` and `b`.
    static func commonBytePrefix(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let n = min(a.count, b.count)
        guard n > 0, let pa = a.baseAddress, let pb = b.baseAddress else { return 0 }
        var i = 0
        #if _endian(little)
        let ra = UnsafeRawPointer(pa)
        let rb = UnsafeRawPointer(pb)
        while i &+ 32 <= n {
            let x0 = ra.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                ^ rb.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let x1 = ra.loadUnaligned(fromByteOffset: i &+ 8, as: UInt64.self)
                ^ rb.loadUnaligned(fromByteOffset: i &+ 8, as: UInt64.self)
            let x2 = ra.loadUnaligned(fromByteOffset: i &+ 16, as: UInt64.self)
                ^ rb.loadUnaligned(fromByteOffset: i &+ 16, as: UInt64.self)
            let x3 = ra.loadUnaligned(fromByteOffset: i &+ 24, as: UInt64.self)
                ^ rb.loadUnaligned(fromByteOffset: i &+ 24, as: UInt64.self)
            if (x0 | x1 | x2 | x3) != 0 { break }
            i &+= 32
        }
        while i &+ 8 <= n {
            let x = ra.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                ^ rb.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if x != 0 { return i &+ (x.trailingZeroBitCount >> 3) }
            i &+= 8
        }
        #endif
        while i < n && pa[i] == pb[i] { i &+= 1 }
        return i
    }

    /// The number of equal bytes at the end of `a` and `b`.
    static func commonByteSuffix(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let n = min(a.count, b.count)
        guard n > 0, let pa = a.baseAddress, let pb = b.baseAddress else { return 0 }
        let ea = pa + a.count
        let eb = pb + b.count
        var i = 0
        #if _endian(little)
        while i &+ 32 <= n {
            let x0 = UnsafeRawPointer(ea - i - 8).loadUnaligned(as: UInt64.self)
                ^ UnsafeRawPointer(eb - i - 8).loadUnaligned(as: UInt64.self)
            let x1 = UnsafeRawPointer(ea - i - 16).loadUnaligned(as: UInt64.self)
                ^ UnsafeRawPointer(eb - i - 16).loadUnaligned(as: UInt64.self)
            let x2 = UnsafeRawPointer(ea - i - 24).loadUnaligned(as: UInt64.self)
                ^ UnsafeRawPointer(eb - i - 24).loadUnaligned(as: UInt64.self)
            let x3 = UnsafeRawPointer(ea - i - 32).loadUnaligned(as: UInt64.self)
                ^ UnsafeRawPointer(eb - i - 32).loadUnaligned(as: UInt64.self)
            if (x0 | x1 | x2 | x3) != 0 { break }
            i &+= 32
        }
        while i &+ 8 <= n {
            let x = UnsafeRawPointer(ea - i - 8).loadUnaligned(as: UInt64.self)
                ^ UnsafeRawPointer(eb - i - 8).loadUnaligned(as: UInt64.self)
            if x != 0 { return i &+ (x.leadingZeroBitCount >> 3) }
            i &+= 8
        }
        #endif
        while i < n && ea[-i - 1] == eb[-i - 1] { i &+= 1 }
        return i
    }

    /// Whether two byte buffers are equal.
    static func bytesEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        a.count == b.count && commonBytePrefix(a, b) == a.count
    }

    /// Whether `byte` continues a UTF-8 sequence (is not the first byte of a scalar).
    @inline(__always)
    static func isContinuation(_ byte: UInt8) -> Bool {
        byte & 0xC0 == 0x80
    }
}
