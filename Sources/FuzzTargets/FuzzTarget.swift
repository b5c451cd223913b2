import Collaboration
import SyncEngine
@preconcurrency import Crypto
import NIOCore
import NIOEmbedded
import Transport

/// The parsers that face the network, wrapped as fuzz targets: one input of arbitrary bytes in, one outcome out.
///
/// The libFuzzer executable in `Fuzz/` (`coedit-fuzz`) calls `run` from `LLVMFuzzerTestOneInput` and traps on
/// `.lawBroken`; the corpus replay test (`swift test`) calls it on every committed corpus file without sanitizers.
/// A target never traps by itself: a trap inside `run` is a bug in the product code, which is what the fuzzer is
/// looking for.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// A byte stream split by the frame decoder (chunked as the first byte says), each frame parsed as a handshake
    /// message and opened as a sealed frame under `FuzzTarget.sealingKey`; each opened plaintext is split into its
    /// payloads (`FrameBundle`), which go to both message decoders. Decoded count: one per frame, plus one per frame
    /// that opened and split.
    case frames
    /// `HostBoundDecoder` (joiner → host messages): the input is the payloads of one connection
    /// (`PayloadRecords`), decoded in order by one fresh decoder. Decoded count: the payloads before the first
    /// refused one.
    case hostBound = "host-bound"
    /// `JoinerBoundDecoder` (host → joiner messages), like `hostBound`.
    case joinerBound = "joiner-bound"
    /// Message sequences from two participants fed to a `HostDocument` (`HostDocumentTarget`).
    case hostDocument = "host-document"

    /// The fixed key the `frames` target opens sealed frames with (seeds are sealed under it too).
    public static let sealingKey = SymmetricKey(data: [UInt8](repeating: 0x42, count: 32))
    /// The client of every fuzzed connection's message decoders from the start (as if its hello had been sent),
    /// so that messages with change identities decode without one.
    public static let connectionClient = ClientID(0xF022_C11E)
    /// The frame limit (payload bytes) of the `frames` target: small, so inputs stay cheap.
    public static let frameLimit = 64 * 1024

    /// Runs the target on `bytes`.
    public func run(_ bytes: [UInt8]) -> FuzzOutcome {
        switch self {
        case .frames: return Self.frames(bytes)
        case .hostBound: return Self.hostBound(bytes)
        case .joinerBound: return Self.joinerBound(bytes)
        case .hostDocument: return HostDocumentTarget.run(bytes)
        }
    }

    /// One connection's host-bound messages.
    typealias HostBoundRoundTrip = MessageRoundTrip<HostBoundDecoder, HostBoundEncoder>
    /// One connection's joiner-bound messages.
    typealias JoinerBoundRoundTrip = MessageRoundTrip<JoinerBoundDecoder, JoinerBoundEncoder>

    static func hostBound(_ bytes: [UInt8]) -> FuzzOutcome {
        var connection = HostBoundRoundTrip(direction: "host-bound")
        return connection.feed(all: PayloadRecords.split(bytes))
    }

    static func joinerBound(_ bytes: [UInt8]) -> FuzzOutcome {
        var connection = JoinerBoundRoundTrip(direction: "joiner-bound")
        return connection.feed(all: PayloadRecords.split(bytes))
    }

    static func frames(_ bytes: [UInt8]) -> FuzzOutcome {
        guard let first = bytes.first else { return .refused("no chunk size byte") }
        let chunkSize = Int(first % 32) + 1
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(FrameDecoder(maximumFrameLength: frameLimit)))
        var opener = FrameOpener(key: sealingKey)
        var decoders = (HostBoundRoundTrip(direction: "host-bound"), JoinerBoundRoundTrip(direction: "joiner-bound"))
        var decoded = 0
        var refusal: String?
        var stream = bytes.dropFirst()
        do {
            while !stream.isEmpty {
                let chunk = stream.prefix(chunkSize)
                stream = stream.dropFirst(chunkSize)
                try channel.writeInbound(channel.allocator.buffer(bytes: chunk))
                if let law = try drain(channel, opener: &opener, decoders: &decoders, decoded: &decoded) {
                    return .lawBroken(law)
                }
            }
            // The end of the stream: a frame cut short is an error here.
            channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
            try channel.throwIfErrorCaught()
            if let law = try drain(channel, opener: &opener, decoders: &decoders, decoded: &decoded) {
                return .lawBroken(law)
            }
        } catch {
            refusal = "\(error)"
        }
        _ = try? channel.finish(acceptAlreadyClosed: true)
        if let refusal { return .refused(refusal) }
        return .decoded(decoded)
    }

    /// Reads the frames the decoder has produced, counting them; a broken law's text, or nil.
    private static func drain(
        _ channel: EmbeddedChannel, opener: inout FrameOpener,
        decoders: inout (HostBoundRoundTrip, JoinerBoundRoundTrip), decoded: inout Int
    ) throws -> String? {
        while let frame = try channel.readInbound(as: ByteBuffer.self) {
            let payload = Array(frame.readableBytesView)
            guard payload.count <= frameLimit else {
                return "frames: a \(payload.count)-byte frame passed the \(frameLimit)-byte limit"
            }
            switch openAndDecode(payload, with: &opener, decoders: &decoders) {
            case .lawBroken(let law): return law
            case .decoded: decoded += 2
            case .refused: decoded += 1
            }
        }
        return nil
    }

    /// Parses `payload` as a handshake message, then opens it as the opener's next sealed frame and decodes the
    /// plaintext in both directions (each direction's decoder sees every opened plaintext, in order).
    private static func openAndDecode(
        _ payload: [UInt8], with opener: inout FrameOpener, decoders: inout (HostBoundRoundTrip, JoinerBoundRoundTrip)
    ) -> FuzzOutcome {
        _ = try? HandshakeMessage.parse(payload)
        guard let plaintext = try? opener.open(payload) else { return .refused("not a sealed frame") }
        let messages: [ArraySlice<UInt8>]
        do {
            messages = try FrameBundle.split(plaintext)
        } catch {
            return .refused(error.reason)
        }
        let payloads = messages.map(Array.init)
        guard (try? FrameBundle.split(FrameBundle.plaintext(payloads)).map(Array.init)) == payloads else {
            return .lawBroken("frames: split(plaintext(ps)) != ps for a frame's payloads")
        }
        for message in messages {
            if case .lawBroken(let law) = decoders.0.feed(Array(message)) { return .lawBroken(law) }
            if case .lawBroken(let law) = decoders.1.feed(Array(message)) { return .lawBroken(law) }
        }
        return .decoded(1)
    }
}

/// What a fuzz target made of one input.
public enum FuzzOutcome: Sendable, Equatable {
    /// The input decoded into this many frames or messages.
    case decoded(Int)
    /// The input was refused with this error (the expected fate of most random bytes).
    case refused(String)
    /// A law the decoders promise was broken (a bug): the fuzzer traps with this text.
    case lawBroken(String)
}
