import Collaboration
import EditorCore
import SyncEngine
import TestSupport

/// Random messages of every kind, with non-ASCII text, for codec round trips: the messages of one connection,
/// whose hellos and change identities are all of `client` (the wire sends a change identity's sequence only).
struct RandomMessages {
    var generator: SeededGenerator
    /// The connection's client.
    let client: ClientID

    init(seed: UInt64, client: ClientID = ClientID(0xC11E_27)) {
        generator = SeededGenerator(seed: seed)
        self.client = client
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &generator) }

    mutating func bool() -> Bool { Bool.random(using: &generator) }

    /// A number of a random magnitude (small ones most of the time, up to 2^63 − 1).
    mutating func number() -> Int {
        switch int(0...9) {
        case 0: return 0
        case 1: return Int.max
        case 2: return int(0...Int.max)
        case 3: return 1 << int(0...62)
        default: return int(0...300)
        }
    }

    /// A revision or sequence number: `number()` below 2^62 (the wire's bound).
    mutating func counter() -> Int { number() & ((1 << 62) - 1) }

    mutating func text(_ maxFragments: Int = 8) -> String {
        RandomText.string(maxFragments: maxFragments, using: &generator)
    }

    /// A name of at most 256 UTF-8 bytes.
    mutating func name() -> String {
        var name = text(6)
        while name.utf8.count > 256 { name.removeLast() }
        return name
    }

    mutating func clientID() -> ClientID { ClientID(generator.next()) }

    mutating func changeID() -> ChangeID { ChangeID(client: client, sequence: UInt64(counter())) }

    mutating func change() -> ChangeSet {
        var change = ChangeSet()
        for _ in 0..<int(0...6) {
            switch int(0...2) {
            case 0: change.retain(int(0...40))
            case 1: change.insert(text(5))
            default: change.delete(int(0...20))
            }
        }
        return change
    }

    mutating func selections() -> [Selection] {
        (0..<int(0...4)).map { _ in Selection(anchor: number(), head: number()) }
    }

    mutating func participant(id: UInt32? = nil) -> Participant {
        Participant(id: ParticipantID(id ?? UInt32(int(0...Int(UInt32.max)))), name: name(), colorIndex: int(0...15))
    }

    mutating func hash() -> TextHash? { bool() ? TextHash(rawValue: generator.next()) : nil }

    mutating func submission() -> Submission {
        Submission(id: changeID(), baseRevision: counter(), followsPrevious: bool(), change: change())
    }

    mutating func snapshot() -> Snapshot {
        let reasons: [Snapshot.Reason] = [.joined, .requested, .baseTooOld(changeID())]
        return Snapshot(
            revision: counter(), text: text(30), acceptedSequence: UInt64(counter()), reason: reasons[int(0...2)])
    }

    /// A valid history entry: the revision within its history, a change (and author) exactly when it is not the
    /// first revision, the change ending at the text.
    mutating func historyEntry() -> HistoryEntry {
        let bounds = [counter(), counter(), counter()].sorted()
        let revision = bool() ? bounds[0] : bounds[1]
        let text = text(12)
        let later = revision > bounds[0]
        return HistoryEntry(
            revision: revision, firstRevision: bounds[0], latestRevision: bounds[2], time: Int64(number()),
            authorName: later ? name() : nil, change: later ? TextDiff.change(from: self.text(12), to: text) : nil,
            text: text)
    }

    mutating func hostBound() -> HostBoundMessage {
        switch int(0...7) {
        case 0:
            let resume = bool() ? ResumePoint(epoch: generator.next(), revision: counter()) : nil
            return .sync(
                .hello(
                    Hello(
                        clientID: client, name: name(), resumePoint: resume, pending: (0..<int(0...3)).map { _ in submission() },
                        nextSequence: UInt64(counter()))))
        case 1: return .sync(.submit(submission()))
        case 2:
            return .sync(
                .cursor(
                    CursorUpdate(revision: counter(), afterChange: bool() ? changeID() : nil, selections: selections())))
        case 3: return .sync(.requestSnapshot)
        case 4: return .sync(.submitMerge(MergeSubmission(id: changeID(), baseText: text(20), text: text(20))))
        case 5: return .save
        case 6: return .historyRequest(revision: bool() ? counter() : nil)
        default: return .ping
        }
    }

    mutating func joinerBound() -> JoinerBoundMessage {
        switch int(0...12) {
        case 0:
            var ids = Set<UInt32>()
            for _ in 0..<int(0...5) { ids.insert(UInt32(int(0...1000))) }
            let participants = ids.sorted().map { participant(id: $0) }
            let start: Welcome.Start = bool() ? .resume(revision: counter()) : .snapshot(snapshot())
            return .sync(
                .welcome(Welcome(epoch: generator.next(), you: participant(), participants: participants, start: start)))
        case 1: return .sync(.ack(Acknowledgement(id: changeID(), revision: counter(), hash: hash())))
        case 2:
            return .sync(
                .broadcast(
                    Broadcast(revision: counter(), author: participant().id, change: change(), hash: hash())))
        case 3: return .sync(.snapshot(snapshot()))
        case 4:
            return .sync(.cursor(CursorRelay(participant: participant().id, revision: counter(), selections: selections())))
        case 5: return .sync(.participantJoined(participant()))
        case 6: return .sync(.participantLeft(participant().id))
        case 7:
            let hunks = (0..<int(0...3)).map { _ in
                FailedHunk(patchText: text(), removedText: text(), insertedText: text())
            }
            return .sync(.mergeResult(MergeResult(id: changeID(), revision: bool() ? counter() : nil, failedHunks: hunks)))
        case 8: return .saved(SaveNotice(participant: participant().id, name: name(), revision: counter()))
        case 9: return .saveFailed(text())
        case 10: return .hostLeaving
        case 11: return .historyReply(bool() ? .revision(historyEntry()) : .unavailable(text()))
        default: return .pong
        }
    }
}

extension HostBoundEncoder {
    /// The payload of `message` as the first one of a connection.
    static func firstPayload(_ message: HostBoundMessage) -> [UInt8] {
        var encoder = HostBoundEncoder()
        return encoder.encode(message)
    }
}

extension JoinerBoundEncoder {
    /// The payload of `message` as the first one of a connection.
    static func firstPayload(_ message: JoinerBoundMessage) -> [UInt8] {
        var encoder = JoinerBoundEncoder()
        return encoder.encode(message)
    }
}
