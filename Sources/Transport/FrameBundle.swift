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
    public static func standsAlone(_ payload: [UInt8]) -> Bool {
        payload.first != marker
    }

    /// The plaintext bytes for `payloads` (one or more): the payload itself when it stands alone, else a bundle.
    public static func plaintext(_ payloads: [[UInt8]]) -> [UInt8] {
        precondition(!payloads.isEmpty, "a frame carries at least one payload")
        if payloads.count == 1, standsAlone(payloads[0]) { return payloads[0] }
        var bytes: [UInt8] = [marker]
        bytes.reserveCapacity(size(of: payloads))
        for payload in payloads {
            bytes += FrameFormat.lengthPrefix(payload.count)
            bytes += payload
        }
        return bytes
    }

    /// The plaintext length of `payloads` (one or more) in one frame.
    public static func size(of payloads: [[UInt8]]) -> Int {
        if payloads.count == 1, standsAlone(payloads[0]) { return payloads[0].count }
        return payloads.reduce(1) { $0 + recordSize($1.count) }
    }

    /// The bytes a payload of `length` bytes takes as a bundle record (header and payload).
    public static func recordSize(_ length: Int) -> Int {
        FrameFormat.lengthPrefix(length).count + length
    }

    /// The payloads in a frame's `plaintext`, in order.
    ///
    /// - Throws: a reason (for `TransportError.malformedBundle`) when the plaintext is a bundle with no record, a
    ///   malformed record length, or a record longer than what is left.
    public static func split(_ plaintext: [UInt8]) throws(BundleError) -> [ArraySlice<UInt8>] {
        guard plaintext.first == marker else { return [plaintext[...]] }
        var payloads: [ArraySlice<UInt8>] = []
        var offset = 1
        while offset < plaintext.count {
            let header: FrameFormat.Header
            do {
                header = try FrameFormat.header(plaintext[offset...])
            } catch {
                throw BundleError(reason: "record \(payloads.count + 1) at byte \(offset): \(Self.detail(error))")
            }
            guard case .complete(let length, let headerLength) = header else {
                throw BundleError(reason: "record \(payloads.count + 1) at byte \(offset): its length is cut short")
            }
            let start = offset + headerLength
            guard length <= plaintext.count - start else {
                throw BundleError(
                    reason: "record \(payloads.count + 1) at byte \(offset) announces \(length) bytes, "
                        + "\(plaintext.count - start) are left")
            }
            payloads.append(plaintext[start..<start + length])
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
