import EditorCore

/// A message from a client to the host.
///
/// Positions and lengths are Unicode scalars; revisions count accepted changes since the document was opened
/// (revision 0 is the text the host loaded). Encoding on the wire is the transport's (Docs/protocol.md).
public enum ClientMessage: Hashable, Sendable {
    /// The first message on every connection, first join or reconnect.
    case hello(Hello)
    /// A change to the text, based on a revision.
    case submit(Submission)
    /// Where the client's cursors and selections are.
    case cursor(CursorUpdate)
    /// Asks for the full text at the head revision (sent after a hash mismatch or a revision gap).
    case requestSnapshot
    /// A change given as two texts, for a submitter that does not track revisions (see `MergeSubmission`).
    case submitMerge(MergeSubmission)
}

/// Where a client left off, so the host can resume it exactly.
public struct ResumePoint: Hashable, Sendable {
    /// The host document's epoch from the client's last welcome (`Welcome.epoch`).
    public var epoch: UInt64
    /// The last revision the client has applied: its synced text is the host text at this revision.
    public var revision: Int

    /// The point `revision` of the document with `epoch`.
    public init(epoch: UInt64, revision: Int) {
        self.epoch = epoch
        self.revision = revision
    }
}

/// The opening message of a connection.
public struct Hello: Hashable, Sendable {
    /// The client's identity for this run of its editor (stable across reconnects).
    public var clientID: ClientID
    /// The display name for the client's cursor.
    public var name: String
    /// Where the client left off, or `nil` on a first join (or when its synced text is not trustworthy, e.g. after
    /// a hash mismatch): the host then answers with a snapshot.
    public var resumePoint: ResumePoint?
    /// The changes the client had in flight when the connection dropped, oldest first, resent with their original
    /// identities: the first is based on `resumePoint.revision` and follows nothing, each later one follows the one
    /// before it (`Submission.followsPrevious`). The host applies each at most once.
    public var pending: [Submission]
    /// The sequence number of the client's next submission. Any earlier sequence the host has not accepted by the
    /// end of this hello is void: a copy still arriving from a superseded connection is dropped, because the
    /// client has folded that work into later submissions (see `Snapshot.acceptedSequence`).
    public var nextSequence: UInt64

    /// A hello; see the properties.
    public init(
        clientID: ClientID, name: String, resumePoint: ResumePoint? = nil, pending: [Submission] = [],
        nextSequence: UInt64 = 1
    ) {
        self.clientID = clientID
        self.name = name
        self.resumePoint = resumePoint
        self.pending = pending
        self.nextSequence = nextSequence
    }
}

/// A change a client made, exact against the host text at `baseRevision` — with, when `followsPrevious`, the
/// client's previous submission applied on top.
///
/// A client may have several changes in flight (a pipeline, see `ClientDocument`): each one is made on the text
/// the previous one leads to, so it does not wait a round trip for the previous one's acknowledgement. The host
/// accepts a client's submissions in order, so when a follower arrives its predecessor (sequence − 1) has been
/// accepted, as some revision after `baseRevision`; the host carries the follower through the changes accepted
/// between the base and that revision as they look after the predecessor (`HostDocument.Bridge`).
public struct Submission: Hashable, Sendable {
    /// The change's identity (the client's id and its next sequence number).
    public var id: ChangeID
    /// The client's synced revision when it made the change: the text it applies to is the host text at this
    /// revision, plus the previous submission when `followsPrevious`.
    public var baseRevision: Int
    /// Whether the change is made on top of the client's previous submission (sequence − 1), which the client had
    /// not seen acknowledged: that submission was accepted as a revision after `baseRevision`.
    public var followsPrevious: Bool
    /// The change, in scalars. On the wire: `baseLength` and binary operations (Docs/protocol.md §6.2).
    public var change: ChangeSet

    /// A submission; see the properties.
    public init(id: ChangeID, baseRevision: Int, followsPrevious: Bool = false, change: ChangeSet) {
        self.id = id
        self.baseRevision = baseRevision
        self.followsPrevious = followsPrevious
        self.change = change
    }
}

/// A client's cursors and selections, as positions in a text the host can reconstruct.
///
/// The positions are in the host text at `revision` when `afterChange` is `nil`, else in that text with the
/// client's changes in flight applied, `afterChange` being the latest of them (its `sent` text). Unsent edits are not part of it: the client
/// maps its positions back through them first, so a cursor inside text not yet sent sits where that text will
/// appear. The shell throttles these (e.g. at most one per sync interval, and only when the selection changed).
public struct CursorUpdate: Hashable, Sendable {
    /// The revision the positions refer to (the client's synced revision).
    public var revision: Int
    /// The client's latest change in flight, when the positions include the changes in flight.
    public var afterChange: ChangeID?
    /// The selections, anchor and head in scalars; the first is the primary one.
    public var selections: [Selection]

    /// A cursor update; see the properties.
    public init(revision: Int, afterChange: ChangeID?, selections: [Selection]) {
        self.revision = revision
        self.afterChange = afterChange
        self.selections = selections
    }
}

/// A change given as "my base text" and "my text", merged by the host onto its head with `BestEffortMerge`.
///
/// For a submitter that knows a base text but no revision in the host's log: the "disk" author of an outside
/// edit, a script that pushes a file, a client of another implementation. The host answers with a
/// `MergeResult` listing every hunk that did not apply. (The `ClientDocument` never needs it: after a snapshot it
/// merges its own unsent work locally, which costs no upload of two texts.)
public struct MergeSubmission: Hashable, Sendable {
    /// The merge's identity, deduplicated like a submission's.
    public var id: ChangeID
    /// The text the submitter's edits were made on.
    public var baseText: String
    /// The submitter's text: `baseText` with its edits.
    public var text: String

    /// A merge submission; see the properties.
    public init(id: ChangeID, baseText: String, text: String) {
        self.id = id
        self.baseText = baseText
        self.text = text
    }
}
