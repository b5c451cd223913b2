import Logging
import NIOCore

/// The thin NIO driver of a `HandshakeMachine`: feeds it inbound frames, writes the frames it asks for, runs the
/// handshake timeout, and on success hands the channel over to the session handlers and removes itself.
///
/// On the host it also consults the failed-attempt gate before each joiner proof: the answer may be delayed, or
/// the attempt refused outright. Frames that arrive while an answer is delayed are kept (at most
/// `maximumDeferredFrames`) and passed on, in order, once the session handlers are in place.
final class HandshakeHandler<Machine: HandshakeMachine>: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Installs the session handlers right after this handler; called on success, on the event loop.
    typealias CompletionHandler = (ChannelHandlerContext, EstablishedSession) throws -> Void
    /// Reports a failed handshake; called once, on the event loop, before the channel closes.
    typealias FailureHandler = (TransportError, _ remoteAddress: String) -> Void

    private static var maximumDeferredFrames: Int { 16 }

    private var machine: Machine
    private let options: SessionOptions
    private let frameLimit: FrameSizeLimit
    private let gate: AttemptGate?
    private let onComplete: CompletionHandler
    private let onFailure: FailureHandler
    private var timeoutTask: Scheduled<Void>?
    private var lastWrite: EventLoopFuture<Void>?
    private var deferredFrames: [ByteBuffer] = []
    private var isDelayingAnswer = false
    private var started = false
    private var finished = false
    private var remoteAddress = "unknown address"
    private var remoteIP = "unknown"

    init(
        machine: Machine,
        options: SessionOptions,
        frameLimit: FrameSizeLimit,
        gate: AttemptGate?,
        onComplete: @escaping CompletionHandler,
        onFailure: @escaping FailureHandler
    ) {
        self.machine = machine
        self.options = options
        self.frameLimit = frameLimit
        self.gate = gate
        self.onComplete = onComplete
        self.onFailure = onFailure
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { begin(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timeoutTask?.cancel()
    }

    func channelActive(context: ChannelHandlerContext) {
        begin(context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !finished else { return }
        let frame = Self.unwrapInboundIn(data)
        if isDelayingAnswer {
            deferredFrames.append(frame)
            if deferredFrames.count > Self.maximumDeferredFrames {
                fail(.unexpectedMessage("too many frames before the handshake completed"), context: context)
            }
            return
        }
        let payload = Array(frame.readableBytesView)
        if frameLimit.peerUsesLegacyFraming { return apply(machine.receiveLegacy(payload), context: context) }
        guard let gate, machine.isAwaitingProof else {
            return apply(machine.receive(payload), context: context)
        }
        switch gate.admit(from: remoteIP) {
        case .reject(let retryAfter):
            let seconds = max(1, (retryAfter.nanoseconds + 999_999_999) / 1_000_000_000)
            let message = "too many failed attempts from \(remoteIP); try again in \(seconds) s"
            let refusal = Refusal(code: .tooManyAttempts, hostVersions: options.supportedVersions, message: message)
            apply([.send(HandshakeMessage.refusal(refusal).encoded()), .fail(.refused(message: message))],
                  context: context)
        case .proceed(let wait):
            // The joiner did its part in time: our deliberate wait must not count against its timeout.
            timeoutTask?.cancel()
            let effects = machine.receive(payload)
            if effects.contains(where: \.isCompletion) {
                gate.record(from: remoteIP, succeeded: true)
            } else if effects.contains(where: \.isWrongSecret) {
                gate.record(from: remoteIP, succeeded: false)
            }
            guard wait > .zero else { return apply(effects, context: context) }
            isDelayingAnswer = true
            context.eventLoop.assumeIsolated().scheduleTask(in: wait) {
                self.isDelayingAnswer = false
                self.apply(effects, context: context)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        // A channel that never became active (a failed connection attempt) has no handshake to fail.
        if started && !finished { fail(machine.closedError, context: context) }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        guard !finished else { return context.fireErrorCaught(error) }
        fail(TransportError(channelError: error), context: context)
    }

    private func begin(context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        if let address = context.channel.remoteAddress {
            remoteAddress = address.displayString
            remoteIP = address.ipAddress ?? remoteAddress
        }
        timeoutTask = context.eventLoop.assumeIsolated().scheduleTask(in: options.handshakeTimeout) {
            self.apply(self.machine.expire(), context: context)
        }
        apply(machine.start(), context: context)
    }

    private func apply(_ effects: [HandshakeEffect], context: ChannelHandlerContext) {
        for effect in effects {
            guard !finished else { return }
            switch effect {
            case .send(let payload):
                lastWrite = context.writeAndFlush(Self.wrapOutboundOut(context.channel.allocator.buffer(bytes: payload)))
            case .complete(let session):
                succeed(session, context: context)
            case .fail(let error):
                fail(error, context: context)
            }
        }
    }

    private func succeed(_ session: EstablishedSession, context: ChannelHandlerContext) {
        finished = true
        timeoutTask?.cancel()
        frameLimit.maximumLength = options.maximumFrameLength
        do {
            try onComplete(context, session)
        } catch {
            finished = false
            return fail(TransportError(channelError: error), context: context)
        }
        let frames = deferredFrames
        deferredFrames = []
        for frame in frames {
            context.fireChannelRead(Self.wrapInboundOut(frame))
        }
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    private func fail(_ error: TransportError, context: ChannelHandlerContext) {
        guard !finished else { return }
        finished = true
        timeoutTask?.cancel()
        deferredFrames = []
        onFailure(error, remoteAddress)
        // Close once the last handshake frame (a refusal, usually) has left, so the peer can show the reason.
        if let lastWrite {
            lastWrite.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        } else {
            context.close(promise: nil)
        }
    }
}

extension HandshakeEffect {
    var isCompletion: Bool {
        if case .complete = self { return true }
        return false
    }

    var isWrongSecret: Bool {
        if case .fail(.wrongSecret) = self { return true }
        return false
    }
}
