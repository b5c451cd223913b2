import SyncEngine

/// Encodes the messages one joiner sends on one connection (Docs/protocol.md §6). Keep one per connection, fresh
/// for each, and send its payloads in the order they were encoded.
public struct HostBoundEncoder: Hashable, Sendable {
    /// The `rev` and `seq` references of this direction.
    private var references = DeltaReferences()

    /// The encoder of a new connection.
    public init() {}

    /// The payload of `message`; the references move on past its `rev` and `seq` fields.
    ///
    /// Every change identity in `message` must be of the client that the connection's hello names: only its
    /// sequence number is sent.
    public mutating func encode(_ message: HostBoundMessage) -> [UInt8] {
        var writer = ByteWriter(references: references)
        writer.hostBound(message)
        references = writer.references
        return writer.bytes
    }
}

/// Decodes the messages the host receives on one connection. Keep one per connection, fresh for each, and feed
/// it every payload in the order received.
public struct HostBoundDecoder: Sendable {
    /// The client the connection's hello named (nil before the hello): the client of its change identities.
    public private(set) var client: ClientID?
    /// The `rev` and `seq` references of this direction.
    private var references = DeltaReferences()

    /// The decoder of a new connection; `client` when the connection's client is known without a hello (tests,
    /// fuzzing).
    public init(client: ClientID? = nil) {
        self.client = client
    }

    /// The message in `payload`. A hello makes its client the connection's.
    ///
    /// - Throws: `MessageDecodingError` naming the field and offset at fault; the decoder is then unchanged (the
    ///   connection must be closed: what follows cannot be decoded reliably).
    public mutating func decode(_ payload: [UInt8]) throws(MessageDecodingError) -> HostBoundMessage {
        var reader = ByteReader(payload, references: references)
        let message = try reader.hostBound(client: client)
        try reader.expectEnd("message")
        references = reader.references
        if case .sync(.hello(let hello)) = message { client = hello.clientID }
        return message
    }
}

/// Encodes the messages the host sends on one connection. Keep one per connection, fresh for each, and send its
/// payloads in the order they were encoded. Hashable, so that the bytes of one message sent to many connections
/// in the same state can be reused.
public struct JoinerBoundEncoder: Hashable, Sendable {
    /// The `rev` and `seq` references of this direction.
    private var references = DeltaReferences()

    /// The encoder of a new connection.
    public init() {}

    /// The payload of `message`; the references move on past its `rev` and `seq` fields.
    ///
    /// Every change identity in `message` must be of the receiving joiner's client: only its sequence number is
    /// sent.
    public mutating func encode(_ message: JoinerBoundMessage) -> [UInt8] {
        var writer = ByteWriter(references: references)
        writer.joinerBound(message)
        references = writer.references
        return writer.bytes
    }
}

/// Decodes the messages a joiner receives on one connection. Keep one per connection, fresh for each, and feed it
/// every payload in the order received.
public struct JoinerBoundDecoder: Sendable {
    /// The joiner's own client, which its hello on this connection named: the client of every change identity the
    /// host sends. Set it when sending the hello; until then a message with a change identity is malformed.
    public var client: ClientID?
    /// The `rev` and `seq` references of this direction.
    private var references = DeltaReferences()

    /// The decoder of a new connection of `client` (nil: set `client` when the hello is sent).
    public init(client: ClientID? = nil) {
        self.client = client
    }

    /// The message in `payload`.
    ///
    /// - Throws: `MessageDecodingError` naming the field and offset at fault; the decoder is then unchanged (the
    ///   connection must be closed: what follows cannot be decoded reliably).
    public mutating func decode(_ payload: [UInt8]) throws(MessageDecodingError) -> JoinerBoundMessage {
        var reader = ByteReader(payload, references: references)
        let message = try reader.joinerBound(client: client)
        try reader.expectEnd("message")
        references = reader.references
        return message
    }
}
