import NIOCore

/// The NIO handler that seals outbound payloads and opens inbound frames after the handshake.
///
/// Sits between the frame decoder (below) and the application handler (above). **Outbound**, it writes whole
/// frames, the varint length header included, each in one buffer (no encoder below it). It keeps the payloads
/// written during one event-loop tick and seals them into as few frames as the frame limit allows (`FrameBundle`:
/// one payload alone, several as a bundle), at the end of the tick (a task queued on the loop when the tick's first
/// payload arrives: never a timer), or at once on an explicit flush or a close. Per-connection order is kept.
/// **Inbound**, it opens each frame and passes on its payloads one by one, in order. A frame that fails to open, or
/// whose bundle is malformed, fires the error and closes the connection; nothing after it is delivered.
public final class SealedFrameCodec: ChannelDuplexHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer
    public typealias OutboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    private var sealer: FrameSealer
    private var opener: FrameOpener
    private let maximumPlaintextLength: Int
    private var failed = false
    /// Payloads written since the last frame was sealed, with their write promises.
    private var pending: [ByteBuffer] = []
    private var pendingPromises: [EventLoopPromise<Void>] = []
    /// The plaintext size of `pending` as a bundle (marker and records); alone, one payload may take less.
    private var pendingBundleSize = 1
    private var flushQueued = false

    /// A codec for the session's keys (send key for outbound, receive key for inbound) sealing frames of at most
    /// `maximumFrameLength` bytes (tag included).
    public init(session: EstablishedSession, maximumFrameLength: Int = FrameFormat.defaultMaximumLength) {
        self.sealer = FrameSealer(key: session.sendKey)
        self.opener = FrameOpener(key: session.receiveKey)
        self.maximumPlaintextLength = maximumFrameLength - SealedFrameFormat.tagLength
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        let sealed = Self.unwrapInboundIn(data)
        var plaintext = context.channel.allocator.buffer(
            capacity: max(sealed.readableBytes - SealedFrameFormat.tagLength, 0))
        do {
            try opener.open(sealed, appendingTo: &plaintext)
        } catch {
            return fail(context: context, error: error)
        }
        // One payload (the common case) goes up as is; a bundle's payloads as slices of the one plaintext buffer.
        if FrameBundle.standsAlone(plaintext.readableBytesView) {
            return context.fireChannelRead(Self.wrapInboundOut(plaintext))
        }
        let payloads: [Range<Int>]
        do {
            payloads = try FrameBundle.payloadRanges(in: plaintext.readableBytesView)
        } catch {
            return fail(context: context, error: .malformedBundle(counter: opener.counter - 1, reason: error.reason))
        }
        for payload in payloads where !failed {
            guard let bytes = plaintext.getSlice(at: payload.lowerBound, length: payload.count) else { continue }
            context.fireChannelRead(Self.wrapInboundOut(bytes))
        }
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard !failed else {
            promise?.fail(TransportError.connectionLost("the connection has failed"))
            return
        }
        let payload = Self.unwrapOutboundIn(data)
        let record = FrameBundle.recordSize(payload.readableBytes)
        if !pending.isEmpty && pendingBundleSize + record > maximumPlaintextLength {
            sealPending(context: context)
        }
        // A payload alone always fits: `PeerConnection.send` admits at most the limit less a bundle's overhead.
        pending.append(payload)
        pendingBundleSize += record
        if let promise { pendingPromises.append(promise) }
        if !flushQueued {
            flushQueued = true
            context.eventLoop.assumeIsolated().execute {
                self.flushQueued = false
                self.flush(context: context)
            }
        }
    }

    public func flush(context: ChannelHandlerContext) {
        sealPending(context: context)
        context.flush()
    }

    public func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        if mode != .input, !pending.isEmpty { flush(context: context) }
        context.close(mode: mode, promise: promise)
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        // Payloads still pending when the pipeline goes away are never sent: fail their promises, never leak them.
        let promises = pendingPromises
        pending = []
        pendingPromises = []
        for promise in promises { promise.fail(TransportError.connectionLost("closed before it was sent")) }
    }

    /// Seals the pending payloads as one frame and writes it (without flushing).
    private func sealPending(context: ChannelHandlerContext) {
        guard !pending.isEmpty, !failed else { return }
        let allocator = context.channel.allocator
        let plaintext: ByteBuffer
        if pending.count == 1, FrameBundle.standsAlone(pending[0].readableBytesView) {
            plaintext = pending[0]
        } else {
            var bundle = allocator.buffer(capacity: pendingBundleSize)
            FrameBundle.writeBundle(pending.lazy.map(\.readableBytesView), to: &bundle)
            plaintext = bundle
        }
        let promises = pendingPromises
        pending.removeAll(keepingCapacity: true)
        pendingPromises.removeAll(keepingCapacity: true)
        pendingBundleSize = 1
        var framePromise: EventLoopPromise<Void>?
        if !promises.isEmpty {
            let combined = context.eventLoop.makePromise(of: Void.self)
            for promise in promises { combined.futureResult.cascade(to: promise) }
            framePromise = combined
        }
        var frame = allocator.buffer(
            capacity: FrameFormat.maximumHeaderLength + plaintext.readableBytes + SealedFrameFormat.tagLength)
        do {
            try sealer.sealFrame(plaintext, appendingTo: &frame)
            context.write(Self.wrapOutboundOut(frame), promise: framePromise)
        } catch {
            framePromise?.fail(error)
            fail(context: context, error: error)
        }
    }

    private func fail(context: ChannelHandlerContext, error: TransportError) {
        failed = true
        for promise in pendingPromises { promise.fail(error) }
        pending = []
        pendingPromises = []
        context.fireErrorCaught(error)
        context.close(promise: nil)
    }
}
