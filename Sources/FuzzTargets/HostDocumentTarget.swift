import Collaboration
import EditorCore
import SyncEngine

/// The `host-document` fuzz target: hostile message sequences from two joined participants fed to a `HostDocument`,
/// as the host's session would feed them.
///
/// Input: records of `[sender] [length: u16 big-endian] [payload: length bytes]`; the sender's lowest bit picks
/// ann or bøb (joined with plain hellos first; each has its own `HostBoundDecoder`, which knows its client). A
/// payload that does not decode, or that the document refuses, closes that participant (`leave`), as the host
/// closes the connection; its later records are skipped.
///
/// Laws checked: a refused message leaves the text and revision unchanged; the text length matches the head of the
/// log; the document never traps.
public enum HostDocumentTarget {
    /// The document every run starts from (non-ASCII; 15 scalars).
    public static let initialText = "naïve café 東京!\n"
    /// A small log window, so that bases fall out of it quickly (the snapshot path).
    static let configuration = HostDocument.Configuration(logWindow: 4, hashBudget: 4_096, maxSelections: 16)
    /// The two participants' client identities.
    public static let clients = [ClientID(0xA11), ClientID(0xB0B)]

    static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        var document = HostDocument(text: initialText, epoch: 0xF022, configuration: configuration)
        var participants: [ParticipantID?] = []
        var decoders = clients.map { HostBoundDecoder(client: $0) }
        for (client, name) in zip(clients, ["ann", "bøb"]) {
            guard let joined = try? document.join(Hello(clientID: client, name: name)) else {
                return .lawBroken("host-document: a plain hello was refused")
            }
            participants.append(joined.participant)
        }
        var accepted = 0
        var rest = bytes[...]
        while rest.count >= 3 {
            let sender = Int(rest[rest.startIndex] & 1)
            let length = Int(rest[rest.startIndex + 1]) << 8 | Int(rest[rest.startIndex + 2])
            rest = rest.dropFirst(3)
            let payload = Array(rest.prefix(length))
            rest = rest.dropFirst(length)
            guard let participant = participants[sender] else { continue }
            guard case .sync(let message)? = try? decoders[sender].decode(payload) else {
                _ = document.leave(participant)
                participants[sender] = nil
                continue
            }
            let (text, revision) = (document.text.string, document.revision)
            do {
                _ = try document.receive(message, from: participant)
                accepted += 1
            } catch {
                guard document.text.string == text, document.revision == revision else {
                    return .lawBroken("host-document: refused \(message) but the document changed (\(error))")
                }
                _ = document.leave(participant)
                participants[sender] = nil
            }
        }
        return accepted > 0 ? .decoded(accepted) : .refused("no message accepted")
    }

    /// One input record: `payload` from participant `sender` (0: ann, 1: bøb).
    public static func record(sender: UInt8, payload: [UInt8]) -> [UInt8] {
        [sender, UInt8(payload.count >> 8 & 0xFF), UInt8(payload.count & 0xFF)] + payload
    }
}
