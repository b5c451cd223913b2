import NIOCore

/// How the payloads sent on a connection in one event-loop tick share one sealed frame (Docs/protocol.md §5.1).
///
/// The plaintext of a sealed frame is either **one payload**, when it is empty or does not start with `0x00`, or a
/// **bundle**: the marker byte `0x00`, then one or more records `varint length ‖ payload` (the varint as in a frame
/// header: minimal, at most 5 bytes) that fill the plaintext exactly. So a frame with one coedit message (whose tag
/// is never `0x00`) costs nothing extra, and each further message in the frame costs its 1–2 length bytes instead
/// of a whole frame (header and 16-byte tag). A payload starting with `0x00` always travels in a bundle.
///
/// Laws: `split(plaintext(ps)) == ps` for every non-empty list `ps`; `plaintext(ps).count == size(of: ps)`.
public enum FrameBundle {
    /// The first byte of a bundle.
    public static let marker: UInt8 = 0x00
    /// The most bytes a bundle adds to one payload: the marker and a 5-byte record header.
    public static let maximumOverhead = 1 + FrameFormat.maximumHeaderLength

    /// Whether `payload` can be a frame's whole plaintext by itself.
    public static func standsAlone<Payload: Collection<UInt8>>(_ payload: Payload) -> Bool {
        payload.first != marker
    }

    /// The plaintext bytes for `payloads` (one or more): the payload itself when it stands alone, else a bundle.
    public static func plaintext(_ payloads: [[UInt8]]) -> [UInt8] {
        precondition(!payloads.isEmpty, "a frame carries at least one payload")
        if payloads.count == 1, standsAlone(payloads[0]) { return payloads[0] }
        var bytes = ByteBuffer()
        bytes.reserveCapacity(size(of: payloads))
        writeBundle(payloads, to: &bytes)
        return Array(bytes.readableBytesView)
    }

    /// Writes the bundle of `payloads` (marker, then one record per payload) at the end of `buffer`: a frame's
    /// plaintext when there is more than one payload, or one that does not stand alone.
    public static func writeBundle<Payloads: Sequence>(_ payloads: Payloads, to buffer: inout ByteBuffer)
    where Payloads.Element: Collection<UInt8> {
        buffer.writeInteger(marker)
        for payload in payloads {
            FrameFormat.withLengthPrefix(payload.count) { _ = buffer.writeBytes($0) }
            buffer.writeBytes(payload)
        }
    }

    /// The plaintext length of `payloads` (one or more) in one frame.
    public static func size(of payloads: [[UInt8]]) -> Int {
        if payloads.count == 1, standsAlone(payloads[0]) { return payloads[0].count }
        return payloads.reduce(1) { $0 + recordSize($1.count) }
    }

    /// The bytes a payload of `length` bytes takes as a bundle record (header and payload).
    public static func recordSize(_ length: Int) -> Int {
        FrameFormat.headerLength(of: length) + length
    }

    /// The payloads in a frame's `plaintext`, in order.
    ///
    /// - Throws: a reason (for `TransportError.malformedBundle`) when the plaintext is a bundle with no record, a
    ///   malformed record length, or a record longer than what is left.
    public static func split(_ plaintext: [UInt8]) throws(BundleError) -> [ArraySlice<UInt8>] {
        try payloadRanges(in: plaintext).map { plaintext[$0] }
    }

    /// Where the payloads lie in a frame's `plaintext` (indices of `plaintext`), in order: its whole range when it
    /// is one payload, else the records of the bundle. `split(_:)` without the slices, for any contiguous bytes
    /// (a `ByteBuffer`'s readable view: the ranges are then indices in the buffer).
    ///
    /// - Throws: as `split(_:)`.
    public static func payloadRanges<Bytes: RandomAccessCollection<UInt8>>(
        in plaintext: Bytes
    ) throws(BundleError) -> [Range<Int>] where Bytes.Index == Int {
        guard plaintext.first == marker else { return [plaintext.startIndex..<plaintext.endIndex] }
        var payloads: [Range<Int>] = []
        let first = plaintext.startIndex
        var offset = first + 1
        while offset < plaintext.endIndex {
            let header: FrameFormat.Header
            do {
                header = try FrameFormat.header(plaintext[offset...])
            } catch {
                throw BundleError(reason: "record \(payloads.count + 1) at byte \(offset - first): \(Self.detail(error))")
            }
            guard case .complete(let length, let headerLength) = header else {
                throw BundleError(
                    reason: "record \(payloads.count + 1) at byte \(offset - first): its length is cut short")
            }
            let start = offset + headerLength
            guard length <= plaintext.endIndex - start else {
                throw BundleError(
                    reason: "record \(payloads.count + 1) at byte \(offset - first) announces \(length) bytes, "
                        + "\(plaintext.endIndex - start) are left")
            }
            payloads.append(start..<start + length)
            offset = start + length
        }
        guard !payloads.isEmpty else { throw BundleError(reason: "a bundle without any message") }
        return payloads
    }

    private static func detail(_ error: TransportError) -> String {
        if case .malformedFrameHeader(let detail) = error { return detail }
        return error.description
    }
}

/// Why a frame's plaintext is not a valid bundle.
public struct BundleError: Error, Equatable, Sendable {
    /// What was wrong, and where (record number, byte offset in the plaintext).
    public let reason: String
}
