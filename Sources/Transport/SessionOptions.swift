import Logging
import NIOCore

/// Limits and timeouts that apply to every connection, on the host and on a joiner.
public struct SessionOptions: Sendable {
    /// How long a peer has to complete the handshake before it is dropped.
    public var handshakeTimeout: TimeAmount = .seconds(10)
    /// The largest frame payload accepted after the handshake (bytes; sealed payload, tag included).
    public var maximumFrameLength = FrameFormat.defaultMaximumLength
    /// Bytes that may wait to be sent to a peer; a peer that lets more pile up (it does not read) is dropped.
    /// Kept above `maximumFrameLength` so that one large frame alone never trips it.
    public var sendQueueLimit = 2 * FrameFormat.defaultMaximumLength
    /// The inbound rate limit per connection; nil: none.
    public var inboundRateLimit: InboundRateLimit? = .standard
    /// The protocol versions offered or accepted (tests narrow this to provoke mismatches).
    public var supportedVersions: ClosedRange<UInt16> = ProtocolVersion.supported
    /// Where connections, refusals and errors are logged. Secrets are never logged.
    public var logger = Logger(label: "coedit.transport")

    /// The defaults: 10 s handshake timeout, 16 MiB frames, 32 MiB send queue, `InboundRateLimit.standard`.
    public init() {}

    /// The largest plaintext payload `PeerConnection.send` accepts: the frame limit less the AEAD tag and the most a
    /// bundle adds (`FrameBundle.maximumOverhead`), so that any payload fits a frame alone.
    public var maximumPayloadLength: Int {
        maximumFrameLength - SealedFrameFormat.tagLength - FrameBundle.maximumOverhead
    }

    /// The write-buffer water marks that make a channel unwritable once `sendQueueLimit` is exceeded.
    var waterMark: ChannelOptions.Types.WriteBufferWaterMark {
        .init(low: sendQueueLimit / 2, high: max(sendQueueLimit, 1))
    }
}
