import Collaboration
import SyncEngine

/// A per-connection message decoder, as the fuzz targets drive it.
protocol FuzzDecoder {
    associatedtype Message: Equatable
    /// A fresh decoder of a connection whose client is `client`.
    init(client: ClientID?)
    mutating func decode(_ payload: [UInt8]) throws(MessageDecodingError) -> Message
}

/// The per-connection encoder matching a `FuzzDecoder`.
protocol FuzzEncoder {
    associatedtype Message
    init()
    mutating func encode(_ message: Message) -> [UInt8]
}

extension HostBoundDecoder: FuzzDecoder {}
extension JoinerBoundDecoder: FuzzDecoder {}
extension HostBoundEncoder: FuzzEncoder {}
extension JoinerBoundEncoder: FuzzEncoder {}

/// One direction of one simulated connection, fed payloads in order: every payload is decoded by `decoder`, and a
/// message that decodes must come back unchanged through a mirror encoder and decoder that have seen the same
/// messages (`decode(encode(m)) == m`, state included).
struct MessageRoundTrip<Decoder: FuzzDecoder, Encoder: FuzzEncoder> where Encoder.Message == Decoder.Message {
    private let direction: String
    private var decoder = Decoder(client: FuzzTarget.connectionClient)
    private var mirrorEncoder = Encoder()
    private var mirrorDecoder = Decoder(client: FuzzTarget.connectionClient)

    /// A fresh connection; `direction` names it in a broken law's text.
    init(direction: String) {
        self.direction = direction
    }

    /// Decodes the next payload: `.decoded(1)`, `.refused` (the connection would close), or `.lawBroken`.
    mutating func feed(_ payload: [UInt8]) -> FuzzOutcome {
        let message: Decoder.Message
        do {
            message = try decoder.decode(payload)
        } catch {
            return .refused("\(error)")
        }
        guard (try? mirrorDecoder.decode(mirrorEncoder.encode(message))) == message else {
            return .lawBroken("\(direction): decode(encode(m)) != m for \(message)")
        }
        return .decoded(1)
    }

    /// Feeds `payloads` in order until one is refused: `.decoded(n)` when n ≥ 1 decoded, else the refusal.
    mutating func feed(all payloads: [[UInt8]]) -> FuzzOutcome {
        var decoded = 0
        for payload in payloads {
            switch feed(payload) {
            case .decoded: decoded += 1
            case .refused(let error): return decoded > 0 ? .decoded(decoded) : .refused(error)
            case .lawBroken(let law): return .lawBroken(law)
            }
        }
        return decoded > 0 ? .decoded(decoded) : .refused("no payload")
    }
}

/// The input format of the `host-bound` and `joiner-bound` targets: the payloads one connection carries in one
/// direction, each as `[length: u16 big-endian] [payload: length bytes]`; a cut last record is taken as it is.
public enum PayloadRecords {
    /// The payloads of `bytes`.
    public static func split(_ bytes: [UInt8]) -> [[UInt8]] {
        var payloads: [[UInt8]] = []
        var rest = bytes[...]
        while rest.count >= 2 {
            let length = Int(rest[rest.startIndex]) << 8 | Int(rest[rest.startIndex + 1])
            rest = rest.dropFirst(2)
            payloads.append(Array(rest.prefix(length)))
            rest = rest.dropFirst(length)
        }
        return payloads
    }

    /// The input that carries `payloads` (each at most 65,535 bytes).
    public static func join(_ payloads: [[UInt8]]) -> [UInt8] {
        payloads.flatMap { [UInt8($0.count >> 8 & 0xFF), UInt8($0.count & 0xFF)] + $0 }
    }
}
