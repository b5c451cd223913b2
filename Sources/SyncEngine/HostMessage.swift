import EditorCore

/// A message from the host to one client. On each connection the host's messages arrive in the order sent.
public enum HostMessage: Hashable, Sendable {
    /// The answer to a hello: who you are, who is here, and where to start.
    case welcome(Welcome)
    /// Your change was accepted as `revision` (it takes the place of the broadcast you do not get for it).
    case ack(Acknowledgement)
    /// Someone else's change, accepted as `revision`, exact against revision − 1.
    case broadcast(Broadcast)
    /// The whole text at a revision: the answer to `requestSnapshot`, or to a change whose base is too old.
    case snapshot(Snapshot)
    /// Another participant's cursors and selections at the head revision.
    case cursor(CursorRelay)
    /// Someone joined (or came back).
    case participantJoined(Participant)
    /// Someone left; forget their cursor.
    case participantLeft(ParticipantID)
    /// The outcome of a `MergeSubmission`.
    case mergeResult(MergeResult)
}

/// The answer to a `Hello`.
public struct Welcome: Hashable, Sendable {
    /// This document's epoch: a number the host draws when it opens the document (the journal keeps it across
    /// host restarts). A `ResumePoint` of another epoch is unknown to this host.
    public var epoch: UInt64
    /// You, as numbered and coloured by the host.
    public var you: Participant
    /// Everyone connected, you included, ordered by id.
    public var participants: [Participant]
    /// Where your text starts.
    public var start: Start

    /// How a welcomed client starts.
    public enum Start: Hashable, Sendable {
        /// Exactly where you left off, at your `ResumePoint.revision`. The host follows with every revision since
        /// (an `ack` for your resent change, a `broadcast` for the others') and then handles your pending change
        /// if it had not been accepted. Only when the host's log still reaches back to that revision.
        case resume(revision: Int)
        /// From this snapshot: a first join, or a resume point the host no longer knows.
        case snapshot(Snapshot)
    }

    /// A welcome; see the properties.
    public init(epoch: UInt64, you: Participant, participants: [Participant], start: Start) {
        self.epoch = epoch
        self.you = you
        self.participants = participants
        self.start = start
    }
}

/// The acknowledgement of a submission, and of every earlier submission of the same client still unacknowledged.
///
/// Acknowledgements are cumulative: the host may hold a client's acks back and send only the latest (it must send
/// it before any other message to that client). Nothing else was accepted between the changes one ack covers, so
/// if it covers `k` changes in flight they became revisions `revision − k + 1 ... revision`, in order.
public struct Acknowledgement: Hashable, Sendable {
    /// The accepted change (the latest one this acknowledgement covers).
    public var id: ChangeID
    /// The revision it became.
    public var revision: Int
    /// The hash of the host text at `revision`, when the host attached one (see `Broadcast.hash`).
    public var hash: TextHash?

    /// An acknowledgement; see the properties.
    public init(id: ChangeID, revision: Int, hash: TextHash?) {
        self.id = id
        self.revision = revision
        self.hash = hash
    }
}

/// An accepted change, sent to everyone but its author.
public struct Broadcast: Hashable, Sendable {
    /// The revision the change became.
    public var revision: Int
    /// Who made it (its rank decides same-position ties when the receiver rebases its own pending work).
    public var author: ParticipantID
    /// The change exact against the text at `revision − 1` (its `baseLength` is that text's length).
    public var change: ChangeSet
    /// The hash of the text at `revision`, or `nil` when the host skipped it this time (the host hashes at most
    /// about `Configuration.hashBudget` scalars per revision on average; small documents every revision).
    public var hash: TextHash?

    /// A broadcast; see the properties.
    public init(revision: Int, author: ParticipantID, change: ChangeSet, hash: TextHash?) {
        self.revision = revision
        self.author = author
        self.change = change
        self.hash = hash
    }
}

/// The full text at a revision.
public struct Snapshot: Hashable, Sendable {
    /// Why the host sent it.
    public enum Reason: Hashable, Sendable {
        /// A first join, or a resume point the host does not know.
        case joined
        /// The client asked (`requestSnapshot`).
        case requested
        /// The client's change `ChangeID` was based on a revision older than the host's log: it was not applied;
        /// the client merges it onto this snapshot itself.
        case baseTooOld(ChangeID)
    }

    /// The revision of `text`.
    public var revision: Int
    /// The whole text.
    public var text: String
    /// The highest sequence number of the receiving client's changes the host has accepted (0 for none): tells
    /// the client which of its changes in flight are already part of `text`.
    public var acceptedSequence: UInt64
    /// Why the host sent it.
    public var reason: Reason

    /// A snapshot; see the properties.
    public init(revision: Int, text: String, acceptedSequence: UInt64, reason: Reason) {
        self.revision = revision
        self.text = text
        self.acceptedSequence = acceptedSequence
        self.reason = reason
    }
}

/// A participant's selections at the host's head revision.
public struct CursorRelay: Hashable, Sendable {
    /// Whose they are.
    public var participant: ParticipantID
    /// The head revision the positions refer to; the receiver has applied exactly the revisions up to it when
    /// the relay arrives, and maps the positions through its own pending work.
    public var revision: Int
    /// The selections, in scalars of the text at `revision`.
    public var selections: [Selection]

    /// A cursor relay; see the properties.
    public init(participant: ParticipantID, revision: Int, selections: [Selection]) {
        self.participant = participant
        self.revision = revision
        self.selections = selections
    }
}

/// The outcome of a `MergeSubmission`.
public struct MergeResult: Hashable, Sendable {
    /// The merge's identity.
    public var id: ChangeID
    /// The revision the merged change became, or `nil` when nothing changed (every hunk failed, or there was
    /// nothing to merge).
    public var revision: Int?
    /// Every hunk that did not apply, to be kept by the submitter (e.g. in a conflict file): never dropped.
    public var failedHunks: [FailedHunk]

    /// A merge result; see the properties.
    public init(id: ChangeID, revision: Int?, failedHunks: [FailedHunk]) {
        self.id = id
        self.revision = revision
        self.failedHunks = failedHunks
    }
}
