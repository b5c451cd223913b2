import Collaboration
import EditorCore
import SyncEngine

/// The same lock-step typing as `TraceSyncBenchmark`, with no network: a `HostDocument` and two `ClientDocument`s
/// on one thread, every message encoded and decoded as on the wire (each link with its own encoders and decoders;
/// no framing nor seal). It shows what the sync engine and the message encoding cost on their own, set beside pycrdt on equal
/// terms (an in-memory loop), and breaks the payload bytes down by message.
struct InMemorySyncReplay {
    /// The host's `HostDocument.Configuration.hashBudget` (nil: the default): the scalars hashed per revision on
    /// average, so a smaller budget means fewer revisions carry a hash of the whole text.
    var hashBudget: Int?

    /// What the replay measured.
    struct Outcome {
        var cpuSeconds: Double
        /// Encoded bytes per message kind, over the replay.
        var submitBytes = 0
        var ackBytes = 0
        var broadcastBytes = 0
        var textsMatch = false
    }

    /// A client document, its buffer and the codecs of its link to the host.
    private struct Editor {
        var document: ClientDocument
        var buffer = TextBuffer("")
        var participant = ParticipantID(0)
        /// Its messages to the host, and the host's decoder of them.
        var upstream = (HostBoundEncoder(), HostBoundDecoder())
        /// The host's messages to it, and its decoder of them.
        var downstream: (JoinerBoundEncoder, JoinerBoundDecoder)

        init(document: ClientDocument, client: ClientID) {
            self.document = document
            downstream = (JoinerBoundEncoder(), JoinerBoundDecoder(client: client))
        }
    }

    /// Types `changes` (one synced change per keystroke) and checks both buffers against `expected`.
    func run(_ changes: [ChangeSet], expected: TextBuffer) throws -> Outcome {
        var configuration = HostDocument.Configuration()
        if let hashBudget { configuration.hashBudget = hashBudget }
        var host = HostDocument(text: "", epoch: 0x5eed, configuration: configuration)
        var editors = [
            Editor(document: ClientDocument(clientID: ClientID(1), name: "typist"), client: ClientID(1)),
            Editor(document: ClientDocument(clientID: ClientID(2), name: "receiver"), client: ClientID(2)),
        ]
        var outcome = Outcome(cpuSeconds: 0)
        for index in editors.indices {
            for case .send(.hello(let hello)) in editors[index].document.connected() {
                // Through the codec too, so that the host's decoder learns the client.
                let payload = editors[index].upstream.0.encode(.sync(.hello(hello)))
                guard case .sync(.hello(let decoded)) = try editors[index].upstream.1.decode(payload) else { continue }
                let (participant, effects) = try host.join(decoded)
                editors[index].participant = participant
                try deliver(effects, to: &editors, outcome: &outcome)
            }
        }
        let started = ProcessMetrics.ownCPUSeconds()
        for change in changes where !change.isIdentity {
            try change.apply(to: &editors[0].buffer)
            for case .send(let message) in editors[0].document.tick(buffer: editors[0].buffer) {
                let payload = editors[0].upstream.0.encode(.sync(message))
                outcome.submitBytes += payload.count
                guard case .sync(let decoded) = try editors[0].upstream.1.decode(payload) else { continue }
                try deliver(try host.receive(decoded, from: editors[0].participant), to: &editors, outcome: &outcome)
            }
        }
        outcome.cpuSeconds = ProcessMetrics.ownCPUSeconds() - started
        outcome.textsMatch = editors.allSatisfy { $0.buffer == expected } && host.text == expected
        return outcome
    }

    /// Encodes, decodes and hands the host's messages to their editors (whose answers, if any, are not needed
    /// here: lock-step typing leaves nothing to send back).
    private func deliver(_ effects: [HostEffect], to editors: inout [Editor], outcome: inout Outcome) throws {
        for case .send(let message, let participant) in effects {
            guard let index = editors.firstIndex(where: { $0.participant == participant }) else { continue }
            let payload = editors[index].downstream.0.encode(.sync(message))
            switch message {
            case .ack: outcome.ackBytes += payload.count
            case .broadcast: outcome.broadcastBytes += payload.count
            default: break
            }
            guard case .sync(let decoded) = try editors[index].downstream.1.decode(payload) else { continue }
            let effects = editors[index].document.receive(decoded, buffer: editors[index].buffer)
            for case .applyToBuffer(_, let result) in effects {
                editors[index].buffer = result  // as the real editor does: the client applied it, once
            }
        }
    }
}
