import Synchronization
import Transport

/// The message coding state of one joiner connection (Docs/protocol.md §6.1: `rev`/`seq` references, and the
/// client the joiner's hello named, which every change identity from the host belongs to).
///
/// Thread-safe. Encoding and sending happen under one lock, so the host receives the payloads in the order they
/// were encoded whichever threads send; decoding has a lock of its own (the connection's thread only).
final class JoinerConnectionCodec: Sendable {
    private let encoder = Mutex(HostBoundEncoder())
    private let decoder = Mutex(JoinerBoundDecoder())

    /// Encodes `message` and sends it on `connection`. A hello names the client of the host's change identities.
    func send(_ message: HostBoundMessage, on connection: PeerConnection) throws(TransportError) {
        if case .sync(.hello(let hello)) = message { decoder.withLock { $0.client = hello.clientID } }
        try encoder.withLock { encoder throws(TransportError) in try connection.send(encoder.encode(message)) }
    }

    /// The message in `payload`, the next one received from the host.
    func decode(_ payload: [UInt8]) throws(MessageDecodingError) -> JoinerBoundMessage {
        try decoder.withLock { decoder throws(MessageDecodingError) in try decoder.decode(payload) }
    }
}
