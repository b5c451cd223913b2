import SyncEngine

/// Messages to a joiner: tags `0x41`–`0x54` (Docs/protocol.md §6.4).
extension ByteWriter {
    /// Appends `message` with its tag. Change identities carry only their sequence: they are all the receiving
    /// joiner's own (the client its hello named).
    mutating func joinerBound(_ message: JoinerBoundMessage) {
        typealias Tag = MessageCodec.JoinerBoundTag
        switch message {
        case .sync(.welcome(let welcome)):
            u8(Tag.welcome.rawValue)
            u64(welcome.epoch)
            participant(welcome.you)
            varint(welcome.participants.count)
            welcome.participants.forEach { participant($0) }
            switch welcome.start {
            case .resume(let revision):
                u8(0)
                rev(revision)
            case .snapshot(let snapshot):
                u8(1)
                self.snapshot(snapshot)
            }
        case .sync(.ack(let ack)):
            u8(ack.hash == nil ? Tag.ack.rawValue : Tag.ackWithHash.rawValue)
            changeID(ack.id)
            rev(ack.revision)
            if let hash = ack.hash { u64(hash.rawValue) }
        case .sync(.broadcast(let broadcast)):
            u8(broadcast.hash == nil ? Tag.broadcast.rawValue : Tag.broadcastWithHash.rawValue)
            rev(broadcast.revision)
            varint(Int(broadcast.author.rawValue))
            change(broadcast.change)
            if let hash = broadcast.hash { u64(hash.rawValue) }
        case .sync(.snapshot(let snapshot)):
            u8(Tag.snapshot.rawValue)
            self.snapshot(snapshot)
        case .sync(.cursor(let relay)):
            u8(Tag.cursor.rawValue)
            varint(Int(relay.participant.rawValue))
            rev(relay.revision)
            selections(relay.selections)
        case .sync(.participantJoined(let joined)):
            u8(Tag.participantJoined.rawValue)
            participant(joined)
        case .sync(.participantLeft(let id)):
            u8(Tag.participantLeft.rawValue)
            varint(Int(id.rawValue))
        case .sync(.mergeResult(let result)):
            u8(Tag.mergeResult.rawValue)
            changeID(result.id)
            optional(result.revision) { $0.rev($1) }
            varint(result.failedHunks.count)
            result.failedHunks.forEach { failedHunk($0) }
        case .saved(let notice):
            u8(Tag.saved.rawValue)
            varint(Int(notice.participant.rawValue))
            string(notice.name)
            rev(notice.revision)
        case .saveFailed(let reason):
            u8(Tag.saveFailed.rawValue)
            string(reason)
        case .hostLeaving:
            u8(Tag.hostLeaving.rawValue)
        case .pong:
            u8(Tag.pong.rawValue)
        case .historyReply(let reply):
            u8(Tag.historyReply.rawValue)
            historyReply(reply)
        }
    }

    /// `snapshot` = `rev` revision ‖ `string` text ‖ `seq` accepted sequence ‖ `u8` reason
    /// (`0` joined, `1` requested, `2` base too old followed by its `changeID`).
    mutating func snapshot(_ snapshot: Snapshot) {
        rev(snapshot.revision)
        string(snapshot.text)
        seq(snapshot.acceptedSequence)
        switch snapshot.reason {
        case .joined: u8(0)
        case .requested: u8(1)
        case .baseTooOld(let id):
            u8(2)
            changeID(id)
        }
    }
}

extension ByteReader {
    /// Reads a message to a joiner, tag first; `client` is the joiner's own (the client its hello named, nil
    /// before it), the client of every change identity.
    mutating func joinerBound(client: ClientID?) throws(MessageDecodingError) -> JoinerBoundMessage {
        let tag = try tag(MessageCodec.JoinerBoundTag.self, direction: "host-to-joiner")
        switch tag {
        case .welcome:
            return .sync(.welcome(try welcome(client: client)))
        case .ack, .ackWithHash:
            let id = try changeID("ack.id", client: client)
            let revision = try rev("ack.revision")
            let hash = tag == .ackWithHash ? TextHash(rawValue: try u64("ack.hash")) : nil
            return .sync(.ack(Acknowledgement(id: id, revision: revision, hash: hash)))
        case .broadcast, .broadcastWithHash:
            let revision = try rev("broadcast.revision")
            let author = try participantID("broadcast.author")
            let change = try change("broadcast.change")
            let hash = tag == .broadcastWithHash ? TextHash(rawValue: try u64("broadcast.hash")) : nil
            return .sync(.broadcast(Broadcast(revision: revision, author: author, change: change, hash: hash)))
        case .snapshot:
            return .sync(.snapshot(try snapshot("snapshot", client: client)))
        case .cursor:
            let participant = try participantID("cursor.participant")
            let revision = try rev("cursor.revision")
            let selections = try selections("cursor.selections")
            return .sync(.cursor(CursorRelay(participant: participant, revision: revision, selections: selections)))
        case .participantJoined:
            return .sync(.participantJoined(try participant("participantJoined")))
        case .participantLeft:
            return .sync(.participantLeft(try participantID("participantLeft.id")))
        case .mergeResult:
            let id = try changeID("mergeResult.id", client: client)
            let revision = try flag("mergeResult.revision") ? try rev("mergeResult.revision.value") : nil
            let count = try count("mergeResult.failedHunks.count", minimumItemSize: 3)
            var hunks: [FailedHunk] = []
            for index in 0..<count { hunks.append(try failedHunk("mergeResult.failedHunks[\(index)]")) }
            return .sync(.mergeResult(MergeResult(id: id, revision: revision, failedHunks: hunks)))
        case .saved:
            let participant = try participantID("saved.participant")
            let name = try string("saved.name", maxBytes: Self.maximumNameBytes)
            let revision = try rev("saved.revision")
            return .saved(SaveNotice(participant: participant, name: name, revision: revision))
        case .saveFailed:
            return .saveFailed(try string("saveFailed.reason"))
        case .hostLeaving:
            return .hostLeaving
        case .pong:
            return .pong
        case .historyReply:
            return .historyReply(try historyReply("historyReply"))
        }
    }

    /// A welcome's fields. The participant list must be in strictly increasing id order (so no one appears twice).
    mutating func welcome(client: ClientID?) throws(MessageDecodingError) -> Welcome {
        let epoch = try u64("welcome.epoch")
        let you = try participant("welcome.you")
        let count = try count("welcome.participants.count", minimumItemSize: 3)
        var participants: [Participant] = []
        for index in 0..<count {
            let start = offset
            let participant = try participant("welcome.participants[\(index)]")
            if let previous = participants.last, previous.id >= participant.id {
                throw failure(
                    "welcome.participants[\(index)].id", at: start,
                    "participant \(participant.id) after \(previous.id): the list must be in increasing id order")
            }
            participants.append(participant)
        }
        let startOffset = offset
        switch try u8("welcome.start") {
        case 0:
            let revision = try rev("welcome.start.revision")
            return Welcome(epoch: epoch, you: you, participants: participants, start: .resume(revision: revision))
        case 1:
            let snapshot = try snapshot("welcome.start.snapshot", client: client)
            return Welcome(epoch: epoch, you: you, participants: participants, start: .snapshot(snapshot))
        case let other:
            throw failure("welcome.start", at: startOffset, "expected 0 (resume) or 1 (snapshot), found \(other)")
        }
    }

    /// A `snapshot` for `client`.
    mutating func snapshot(_ field: @autoclosure () -> String, client: ClientID?) throws(MessageDecodingError)
        -> Snapshot
    {
        let revision = try rev(field() + ".revision")
        let text = try string(field() + ".text")
        let accepted = try seq(field() + ".acceptedSequence")
        let reasonOffset = offset
        let reason: Snapshot.Reason
        switch try u8(field() + ".reason") {
        case 0: reason = .joined
        case 1: reason = .requested
        case 2: reason = .baseTooOld(try changeID(field() + ".reason.change", client: client))
        case let other:
            throw failure(field() + ".reason", at: reasonOffset, "expected 0, 1 or 2, found \(other)")
        }
        return Snapshot(revision: revision, text: text, acceptedSequence: accepted, reason: reason)
    }
}
