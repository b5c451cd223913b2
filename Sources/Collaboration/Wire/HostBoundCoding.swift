import SyncEngine

/// Messages to the host: tags `0x01`–`0x12` (Docs/protocol.md §6.3).
extension ByteWriter {
    /// Appends `message` with its tag. Change identities carry only their sequence: the client is the one the
    /// connection's hello named.
    mutating func hostBound(_ message: HostBoundMessage) {
        typealias Tag = MessageCodec.HostBoundTag
        switch message {
        case .sync(.hello(let hello)):
            u8(Tag.hello.rawValue)
            u64(hello.clientID.rawValue)
            string(hello.name)
            optional(hello.resumePoint) { writer, point in
                writer.u64(point.epoch)
                writer.rev(point.revision)
            }
            varint(hello.pending.count)
            for pending in hello.pending {
                u8(pending.followsPrevious ? 1 : 0)
                submission(pending)
            }
            seq(hello.nextSequence)
        case .sync(.submit(let submission)):
            u8(submission.followsPrevious ? Tag.submitFollowing.rawValue : Tag.submit.rawValue)
            self.submission(submission)
        case .sync(.cursor(let update)):
            u8(Tag.cursor.rawValue)
            rev(update.revision)
            optional(update.afterChange) { $0.changeID($1) }
            selections(update.selections)
        case .sync(.requestSnapshot):
            u8(Tag.requestSnapshot.rawValue)
        case .sync(.submitMerge(let merge)):
            u8(Tag.submitMerge.rawValue)
            changeID(merge.id)
            string(merge.baseText)
            string(merge.text)
        case .save:
            u8(Tag.save.rawValue)
        case .ping:
            u8(Tag.ping.rawValue)
        case .historyRequest(let revision):
            u8(Tag.historyRequest.rawValue)
            optional(revision) { $0.rev($1) }
        }
    }

    /// `submission` = `changeID` ‖ `rev` base revision ‖ `change` (whether it follows its predecessor is told by the
    /// message's tag, or by a flag before it in a hello).
    mutating func submission(_ submission: Submission) {
        changeID(submission.id)
        rev(submission.baseRevision)
        change(submission.change)
    }
}

extension ByteReader {
    /// Reads a message to the host, tag first; `client` is the client the connection's hello named (nil before it),
    /// the client of every change identity except a hello's own.
    mutating func hostBound(client: ClientID?) throws(MessageDecodingError) -> HostBoundMessage {
        switch try tag(MessageCodec.HostBoundTag.self, direction: "joiner-to-host") {
        case .hello:
            let clientID = ClientID(try u64("hello.clientID"))
            let name = try string("hello.name", maxBytes: Self.maximumNameBytes)
            var resumePoint: ResumePoint?
            if try flag("hello.resumePoint") {
                let epoch = try u64("hello.resumePoint.epoch")
                resumePoint = ResumePoint(epoch: epoch, revision: try rev("hello.resumePoint.revision"))
            }
            let pendingCount = try count("hello.pending.count", minimumItemSize: 4)
            var pending: [Submission] = []
            for index in 0..<pendingCount {
                let follows = try flag("hello.pending[\(index)].followsPrevious")
                pending.append(try submission("hello.pending[\(index)]", client: clientID, followsPrevious: follows))
            }
            let next = try seq("hello.nextSequence")
            return .sync(
                .hello(
                    Hello(
                        clientID: clientID, name: name, resumePoint: resumePoint, pending: pending,
                        nextSequence: next)))
        case .submit:
            return .sync(.submit(try submission("submit", client: client, followsPrevious: false)))
        case .submitFollowing:
            return .sync(.submit(try submission("submitFollowing", client: client, followsPrevious: true)))
        case .cursor:
            let revision = try rev("cursor.revision")
            let after = try flag("cursor.afterChange") ? try changeID("cursor.afterChange", client: client) : nil
            let selections = try selections("cursor.selections")
            return .sync(.cursor(CursorUpdate(revision: revision, afterChange: after, selections: selections)))
        case .requestSnapshot:
            return .sync(.requestSnapshot)
        case .submitMerge:
            let id = try changeID("submitMerge.id", client: client)
            let base = try string("submitMerge.baseText")
            let text = try string("submitMerge.text")
            return .sync(.submitMerge(MergeSubmission(id: id, baseText: base, text: text)))
        case .save:
            return .save
        case .ping:
            return .ping
        case .historyRequest:
            return .historyRequest(
                revision: try flag("historyRequest.revision") ? try rev("historyRequest.revision.value") : nil)
        }
    }

    /// A `submission` of `client`.
    mutating func submission(
        _ field: @autoclosure () -> String, client: ClientID?, followsPrevious: Bool
    ) throws(MessageDecodingError) -> Submission {
        let id = try changeID(field() + ".id", client: client)
        let base = try rev(field() + ".baseRevision")
        return Submission(
            id: id, baseRevision: base, followsPrevious: followsPrevious, change: try change(field() + ".change"))
    }
}
