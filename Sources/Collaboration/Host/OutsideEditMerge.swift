import EditorCore
import SyncEngine

/// What became of an outside edit of the shared file (`HostSession.mergeOutsideEdit`).
public struct OutsideEditOutcome: Sendable {
    /// The name of the participant (and journal author) that outside edits come from.
    public static let authorName = OutsideEditAuthor.name

    /// The revision the file's change became; nil when it changed nothing in the session's text.
    public var revision: Int?
    /// The head revision right after the merge, and its text (the next `DiskBaseline` of the file).
    public var headRevision: Int
    public var headText: TextBuffer
    /// Whether the change was rebased exactly; false when its base revision had left the host's log and it was
    /// merged best effort (`BestEffortMerge`) instead.
    public var isExact: Bool
    /// The hunks of the file's edit that did not apply (best effort only): keep them in a conflict file.
    public var failedHunks: [FailedHunk]
}

/// The author of outside edits: a participant named "disk" that joins for each change of the file, submits it and
/// leaves, so every editor hears "disk joined", gets the change as a broadcast by "disk", and the journal records
/// "disk" as its author.
struct OutsideEditAuthor {
    /// The name every editor and the journal show.
    static let name = "disk"
    /// A fresh identity per host session; its sequence counts the outside edits.
    let clientID = ClientID(UInt64.random(in: 1...UInt64.max))
    var sequence: UInt64 = 0

    /// The name a person joining as "disk" is given instead (so "disk" always means the file).
    static func personName(for name: String) -> String {
        name == Self.name ? name + " (person)" : name
    }
}

extension HostCore {
    /// Merges the file's new `text` into the document as a change by "disk": exactly (a `Submission` based on
    /// `baseline.revision`, rebased over everything accepted since) when the log still holds that revision, best
    /// effort (a `MergeSubmission` of `baseline.diskText` → `text`) otherwise.
    func mergeOutsideEdit(_ text: String, baseline: DiskBaseline) -> OutsideEditOutcome {
        var outcome = OutsideEditOutcome(
            revision: nil, headRevision: document.revision, headText: document.text, isExact: true, failedHunks: [])
        outsideAuthor.sequence += 1
        let id = ChangeID(client: outsideAuthor.clientID, sequence: outsideAuthor.sequence)
        let message: ClientMessage
        if document.log.knows(baseline.revision) {
            guard let change = baseline.change(toDisk: text) else { return outcome }
            message = .submit(Submission(id: id, baseRevision: baseline.revision, change: change))
        } else {
            outcome.isExact = false
            message = .submitMerge(MergeSubmission(id: id, baseText: baseline.diskText, text: text))
        }
        let hello = Hello(clientID: id.client, name: OutsideEditAuthor.name, nextSequence: id.sequence)
        do {
            let (author, joined) = try document.join(hello)
            perform(joined)
            let effects = try document.receive(message, from: author)
            perform(effects)
            perform(document.leave(author))
            for effect in effects {
                switch effect {
                case .commit(let entry) where entry.author == author:
                    outcome.revision = entry.revision
                case .send(.mergeResult(let result), author):
                    outcome.failedHunks = result.failedHunks
                default:
                    break
                }
            }
        } catch {
            // Not expected: the change was built against a revision the log knows, with its length.
            logger.error("the outside edit of the file could not be merged: \(error)")
        }
        outcome.headRevision = document.revision
        outcome.headText = document.text
        return outcome
    }
}
