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
