import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Hands the bytes that arrive on one file descriptor (the terminal, the signal pipe, inotify) to a closure on the
/// editor's event loop, through a NIO pipe channel that owns the descriptor.
///
/// `onBytes` gets each read as it comes (any size from 1 byte up to `readSize`); `onEnd` is called once when the
/// channel stops: the descriptor reached its end or failed, or the channel was closed. Both on the channel's event
/// loop.
final class DescriptorReader: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    /// The largest read: inotify needs room for a whole event (16 bytes + a name of up to 256), and a paste should
    /// arrive in few reads.
    static let readSize = 16_384

    private let onBytes: @Sendable ([UInt8]) -> Void
    private let onEnd: @Sendable () -> Void
    private var ended = false

    private init(onBytes: @escaping @Sendable ([UInt8]) -> Void, onEnd: @escaping @Sendable () -> Void) {
        self.onBytes = onBytes
        self.onEnd = onEnd
    }

    /// Starts reading `descriptor` on `loop`; the channel owns it from then on (closing the channel closes it).
    /// `descriptor` is made non-blocking: pass one whose file description no one else uses (a pipe's read end,
    /// a `dup` of one, or a terminal opened anew).
    ///
    /// - Throws: NIO's error when the descriptor cannot be watched (then the caller still owns it).
    static func start(
        reading descriptor: Int32, on loop: any EventLoop, onBytes: @escaping @Sendable ([UInt8]) -> Void,
        onEnd: @escaping @Sendable () -> Void = {}
    ) throws -> Channel {
        try NIOPipeBootstrap(group: loop)
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: readSize))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(DescriptorReader(onBytes: onBytes, onEnd: onEnd))
                }
            }
            .takingOwnershipOfDescriptor(input: descriptor)
            .wait()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        onBytes(Array(buffer.readableBytesView))
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event { end(context) }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        end(context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        end(context)
    }

    /// The channel stops: tell once, and close it.
    private func end(_ context: ChannelHandlerContext) {
        guard !ended else { return }
        ended = true
        onEnd()
        context.close(promise: nil)
    }
}
