import EditorCore
import SyncEngine

/// The compound fields shared by several messages (Docs/protocol.md §6.2): change identities, selections,
/// participants, hashes and failed hunks. (Changes: ChangeCoding.swift.)
extension ByteWriter {
    /// `changeID` = `seq` sequence: the client is the one the connection's hello named, so it is not sent.
    mutating func changeID(_ id: ChangeID) {
        seq(id.sequence)
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

    /// A `changeID`: a `seq`, of `client` (the client the connection's hello named; nil before any hello, which
    /// makes the field malformed).
    mutating func changeID(_ field: @autoclosure () -> String, client: ClientID?) throws(MessageDecodingError)
        -> ChangeID
    {
        let start = offset
        let sequence = try seq(field() + ".sequence")
        guard let client else {
            throw failure(field, at: start, "a change identity before any hello named the connection's client")
        }
        return ChangeID(client: client, sequence: sequence)
    }

    /// A `selections` list.
    mutating func selections(_ field: @autoclosure () -> String) throws(MessageDecodingError) -> [Selection] {
        let count = try count(field() + ".count", minimumItemSize: 2)
        var selections: [Selection] = []
        selections.reserveCapacity(count)
        for index in 0..<count {
            let anchor = try varint("\(field())[\(index)].anchor")
            let head = try varint("\(field())[\(index)].head")
            selections.append(Selection(anchor: anchor, head: head))
        }
        return selections
    }

    /// A participant number (at most 2^32 − 1).
    mutating func participantID(_ field: @autoclosure () -> String) throws(MessageDecodingError) -> ParticipantID {
        ParticipantID(UInt32(try varint(field(), limit: Int(UInt32.max))))
    }

    /// A `participant`.
    mutating func participant(_ field: @autoclosure () -> String) throws(MessageDecodingError) -> Participant {
        let id = try participantID(field() + ".id")
        let name = try string(field() + ".name", maxBytes: Self.maximumNameBytes)
        let color = try varint(field() + ".colorIndex", limit: Int(UInt32.max))
        return Participant(id: id, name: name, colorIndex: color)
    }

    /// A `failedHunk`.
    mutating func failedHunk(_ field: @autoclosure () -> String) throws(MessageDecodingError) -> FailedHunk {
        FailedHunk(
            patchText: try string(field() + ".patchText"), removedText: try string(field() + ".removedText"),
            insertedText: try string(field() + ".insertedText"))
    }
}
