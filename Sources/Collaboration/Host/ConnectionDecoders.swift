import Synchronization
import Transport

/// The host's message decoders, one per joiner connection (`rev`/`seq` references and the client its hello named:
/// Docs/protocol.md §6.1). A connection's events arrive serially on its own thread, so each decode takes the
/// connection's decoder out, decodes without holding the lock, and puts it back.
final class ConnectionDecoders: Sendable {
    private let decoders = Mutex<[PeerConnection.ID: HostBoundDecoder]>([:])

    /// Starts a fresh decoder for a new connection.
    func open(_ id: PeerConnection.ID) {
        decoders.withLock { $0[id] = HostBoundDecoder() }
    }

    /// The message in `payload`, the next one received on connection `id`.
    func decode(_ payload: [UInt8], on id: PeerConnection.ID) -> Result<HostBoundMessage, MessageDecodingError> {
        var decoder = decoders.withLock { $0[id] } ?? HostBoundDecoder()
        let result = Result { () throws(MessageDecodingError) in try decoder.decode(payload) }
        decoders.withLock { $0[id] = decoder }
        return result
    }

    /// Forgets the decoder of a closed connection.
    func close(_ id: PeerConnection.ID) {
        decoders.withLock { $0[id] = nil }
    }
}
