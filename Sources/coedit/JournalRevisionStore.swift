import Collaboration
import Journal
import SyncEngine

/// The journal is the host's durable `RevisionStore`: `HostSession` appends each accepted revision to it before
/// acknowledging it, and names each participant as they join so the history (`coedit log`) shows who wrote what.
extension Journal: RevisionStore {
    public func participantJoined(_ participant: Participant) {
        nameParticipant(participant.id, participant.name)
    }
}

/// The journal with its in-memory fallback (`JournalFailover`) is what a sharing host really uses: a failed append
/// switches the session to memory instead of being only logged.
extension JournalFailover: RevisionStore {
    public func participantJoined(_ participant: Participant) {
        nameParticipant(participant.id, participant.name)
    }
}

/// Joiners' history requests are served from the journal in use now (the in-memory one after a failure).
extension JournalFailover: HistoryProvider {
    public func historyReply(for revision: Int?) -> HistoryReply {
        guard let journal = current else { return .unavailable("the host keeps no history of this session") }
        return journal.historyReply(for: revision)
    }
}
