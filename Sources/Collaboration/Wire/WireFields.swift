import EditorCore
import SyncEngine

/// The compound fields shared by several messages (Docs/protocol.md §6.2): change identities, changes, selections,
/// participants, hashes and failed hunks.
extension ByteWriter {
    /// `changeID` = `u64` client ‖ `varint` sequence.
    mutating func changeID(_ id: ChangeID) {
        u64(id.client.rawValue)
        varint(Int(clamping: id.sequence))
    }

    /// `change` = `varint` base length (scalars) ‖ `string` DMP delta text.
    mutating func change(_ change: ChangeSet) {
        varint(change.baseLength)
        string(change.deltaText())
    }

    /// `selections` = `varint` count ‖ count × (`varint` anchor ‖ `varint` head), in scalars.
    mutating func selections(_ selections: [Selection]) {
        varint(selections.count)
        for selection in selections {
            varint(selection.anchor)
            varint(selection.head)
        }
    }

    /// `participant` = `varint` id ‖ `string` name ‖ `varint` colour index.
    mutating func participant(_ participant: Participant) {
        varint(Int(participant.id.rawValue))
        string(participant.name)
        varint(participant.colorIndex)
    }

    /// `hash?` = `0x00`, or `0x01` ‖ `u64` FNV-1a value.
    mutating func hash(_ hash: TextHash?) {
        optional(hash) { $0.u64($1.rawValue) }
    }

    /// `failedHunk` = `string` patch text ‖ `string` removed text ‖ `string` inserted text.
    mutating func failedHunk(_ hunk: FailedHunk) {
        string(hunk.patchText)
        string(hunk.removedText)
        string(hunk.insertedText)
    }
}

extension ByteReader {
    /// The longest display name accepted (bytes of UTF-8).
    static let maximumNameBytes = 256

    /// A `changeID`.
    mutating func changeID(_ field: String) throws(MessageDecodingError) -> ChangeID {
        let client = try u64(field + ".client")
        let sequence = try varint(field + ".sequence")
        return ChangeID(client: ClientID(client), sequence: UInt64(sequence))
    }

    /// A `change`: the delta is parsed against the declared base length.
    mutating func change(_ field: String) throws(MessageDecodingError) -> ChangeSet {
        let baseLength = try varint(field + ".baseLength")
        let deltaOffset = offset
        let delta = try string(field + ".delta")
        if let problem = DeltaPrecheck.problem(in: delta, baseLength: baseLength) {
            throw failure(field + ".delta", at: deltaOffset, problem)
        }
        do {
            return try ChangeSet(deltaText: delta, baseLength: baseLength)
        } catch {
            throw failure(field + ".delta", at: deltaOffset, error.description)
        }
    }

    /// A `selections` list.
    mutating func selections(_ field: String) throws(MessageDecodingError) -> [Selection] {
        let count = try count(field + ".count", minimumItemSize: 2)
        var selections: [Selection] = []
        selections.reserveCapacity(count)
        for index in 0..<count {
            let anchor = try varint("\(field)[\(index)].anchor")
            let head = try varint("\(field)[\(index)].head")
            selections.append(Selection(anchor: anchor, head: head))
        }
        return selections
    }

    /// A participant number (at most 2^32 − 1).
    mutating func participantID(_ field: String) throws(MessageDecodingError) -> ParticipantID {
        ParticipantID(UInt32(try varint(field, limit: Int(UInt32.max))))
    }

    /// A `participant`.
    mutating func participant(_ field: String) throws(MessageDecodingError) -> Participant {
        let id = try participantID(field + ".id")
        let name = try string(field + ".name", maxBytes: Self.maximumNameBytes)
        let color = try varint(field + ".colorIndex", limit: Int(UInt32.max))
        return Participant(id: id, name: name, colorIndex: color)
    }

    /// A `hash?`.
    mutating func hash(_ field: String) throws(MessageDecodingError) -> TextHash? {
        try flag(field) ? TextHash(rawValue: try u64(field + ".value")) : nil
    }

    /// A `failedHunk`.
    mutating func failedHunk(_ field: String) throws(MessageDecodingError) -> FailedHunk {
        FailedHunk(
            patchText: try string(field + ".patchText"), removedText: try string(field + ".removedText"),
            insertedText: try string(field + ".insertedText"))
    }
}

/// Bounds the retain and delete counts of a delta before `ChangeSet(deltaText:baseLength:)` adds them up, so that
/// hostile counts (e.g. two of 2^63 − 1) are reported instead of overflowing.
enum DeltaPrecheck {
    /// Why the counts of `delta` cannot cover a text of `baseLength` scalars, or nil when they might. Tokens that
    /// are not well-formed counts are left to the parser, which reports them.
    static func problem(in delta: String, baseLength: Int) -> String? {
        let tab = UInt8(ascii: "\t")
        var covered = 0
        tokens: for (index, token) in delta.utf8.split(separator: tab, omittingEmptySubsequences: false).enumerated() {
            guard let kind = token.first, kind == UInt8(ascii: "=") || kind == UInt8(ascii: "-") else { continue }
            let room = baseLength - covered
            var count = 0
            for byte in token.dropFirst() {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { continue tokens }
                let (tens, overflow) = count.multipliedReportingOverflow(by: 10)
                let (sum, carry) = tens.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
                count = sum
                if overflow || carry || count > room {
                    return "token \(index): the counts exceed the base length \(baseLength)"
                }
            }
            covered += count
        }
        return nil
    }
}
