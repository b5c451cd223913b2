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
