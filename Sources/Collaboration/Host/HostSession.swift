import Dispatch
import Logging
import NIOCore
import NIOPosix
import Synchronization
import SyncEngine
import Transport

/// How a `HostSession` listens and runs its document.
public struct HostSessionConfiguration: Sendable {
    /// Address, port, secrets, transport limits and logger of the listener.
    public var server: ServerConfiguration
    /// Log window, hash budget, palette size of the document.
    public var document = HostDocument.Configuration()
    /// The minimum time between two relays of one participant's cursor (coalesced, newest wins).
    public var presenceInterval: Duration = .milliseconds(30)
    /// Where the session logs joins, leaves, violations, saves and errors (never secrets, never text).
    public var logger = Logger(label: "coedit.host")
    /// A joiner silent for this long is disconnected (live joiners ping every 10 s when idle; see
    /// `JoinerConfiguration.heartbeatInterval`). Checked every sixth of it.
    public var silenceTimeout: Duration = .seconds(45)

    /// A configuration listening as `server` says, with the other defaults.
    public init(server: ServerConfiguration) {
        self.server = server
    }
}

/// The host of a shared document: a `HostDocument`, the `TransportServer` joiners connect to, and any number of
/// in-process clients (the host's own editor) that talk to the document through the same code path as remote ones.
///
/// It performs the document's effects: each accepted revision goes to the `RevisionStore` before its
/// acknowledgement and broadcasts are sent; messages go to the right connection (each connection has its own
/// `HostBoundDecoder` and `JoinerBoundEncoder`; a message sent to many connections in the same encoder state is
/// encoded once); cursor relays are throttled (`presenceInterval`); saves requested by anyone run the
/// `SaveHandler` and announce "saved by NAME". A peer whose message does not decode or violates the protocol
/// (`SyncError`), or a read-only guest that submits or saves, is logged and disconnected while everyone else keeps
/// editing.
///
/// **Threading.** All access to the `HostDocument` happens on one serial executor: a dedicated event-loop thread
/// owned by the session (`executor`). The listener and every joiner's connection run on that same loop, so a
/// frame is read, opened, decoded, handled and its answers written in one loop tick without a thread hop (each hop
/// would wake another thread: system calls and context switches per frame), and without even a queued task: the
/// `ExecutorGate` runs work handed over on the executor inline, in order (see its documentation for when it
/// queues instead); in-process clients post to the executor from their own threads. Every public method is
/// thread-safe and non-blocking except `stop()` and `state()`, which wait for the executor (do not call them on it).
public final class HostSession: Sendable {
    /// The port joiners connect to.
    public let port: Int
    /// The address listened on, `IP:PORT`.
    public let localAddress: String
    /// The serial executor that owns the document.
    public let executor: EventLoop
    private let core: NIOLoopBound<HostCore>
    private let gate: ExecutorGate
    private let server: TransportServer
    private let group: MultiThreadedEventLoopGroup
    private let nextLocalLink = Mutex<UInt64>(0)
    private let sweep: RepeatedTask

    private init(
        port: Int, localAddress: String, gate: ExecutorGate, core: NIOLoopBound<HostCore>, server: TransportServer,
        group: MultiThreadedEventLoopGroup, silenceTimeout: Duration
    ) {
        self.port = port
        self.localAddress = localAddress
        self.executor = gate.loop
        self.gate = gate
        self.core = core
        self.server = server
        self.group = group
        let timeout = max(silenceTimeout.uptimeNanoseconds, 1)
        let period = TimeAmount.nanoseconds(Int64(max(timeout / 6, 1_000_000)))
        sweep = gate.loop.scheduleRepeatedTask(initialDelay: period, delay: period) { _ in
            gate.runHere { core.value.closeSilentLinks(timeout: timeout) }
        }
    }

    /// Opens `document` for sharing and starts listening.
    ///
    /// - Parameters:
    ///   - document: the document to share (`HostDocument(text:epoch:)` for a freshly opened file, or one restored
    ///     from a journal).
    ///   - store: where each accepted revision is recorded before it is announced.
    ///   - saveHandler: writes the text when someone presses Ctrl-S (nil: saving is refused).
    /// - Throws: `TransportError` (`.portInUse` for a taken explicit port, `.noFreePort`, `.listenFailed`).
    public static func start(
        document: HostDocument, configuration: HostSessionConfiguration, store: any RevisionStore = NoRevisionStore(),
        saveHandler: SaveHandler? = nil
    ) async throws(TransportError) -> HostSession {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let executor = group.next()
        let gate = ExecutorGate(loop: executor)
        let core: NIOLoopBound<HostCore>
        do {
            core = try await executor.submit {
                NIOLoopBound(
                    HostCore(
                        document: document, store: store, saveHandler: saveHandler,
                        presenceInterval: configuration.presenceInterval, logger: configuration.logger,
                        gate: gate),
                    eventLoop: executor)
            }.get()
        } catch {
            try? await group.shutdownGracefully()
            throw .listenFailed("the host executor", reason: "\(error)")
        }
        let server: TransportServer
        do {
            // The connections live on the executor's own loop: a frame is read, decoded, handled and answered in
            // one loop tick on one thread, inline (`ExecutorGate.run`), with no hop to another thread and back
            // (each hop is a wake-up).
            server = try await TransportServer.start(configuration: configuration.server, group: group) {
                connection, event in
                Self.deliver(event, from: connection, to: core, through: gate)
            }
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        return HostSession(
            port: server.port, localAddress: server.localAddress, gate: gate, core: core, server: server, group: group,
            silenceTimeout: configuration.silenceTimeout)
    }

    /// Hands a transport event to the executor (the connection's own loop: it runs inline unless earlier work is
    /// still queued). Payloads are decoded there, by the link's own decoder.
    private static func deliver(
        _ event: PeerEvent, from connection: PeerConnection, to core: NIOLoopBound<HostCore>, through gate: ExecutorGate
    ) {
        let id = HostLink.ID.remote(connection.id)
        switch event {
        case .connected:
            let opened = gate.run { core.value.open(id, outlet: .remote(connection), role: connection.role) }
            if !opened { connection.close() }
        case .received(let payload):
            gate.run { core.value.received(payload, on: id) }
        case .closed(let error):
            gate.run { core.value.closed(id, reason: error?.description) }
        }
    }

    /// An in-process client of this document (the host's own editor), already connected as an editor.
    ///
    /// It talks to the document exactly as a remote joiner does (hello, submissions, acks, broadcasts), only
    /// without sockets and encoding. Drive it from the editor's run loop like any `CollaborationClient`.
    public func makeLocalClient(
        clientID: ClientID = ClientID(UInt64.random(in: 1...UInt64.max)), name: String
    ) throws(WakePipe.Failure) -> CollaborationClient {
        let client = try CollaborationClient(clientID: clientID, name: name)
        let number = nextLocalLink.withLock { value in
            value += 1
            return value
        }
        let link = LocalLink(id: .local(number), core: core, gate: gate)
        client.attach(link)
        let inbox = client.inbox
        let core = core
        gate.run { core.value.open(.local(number), outlet: .local(inbox, generation: 1), role: .editor) }
        return client
    }

    /// Tells every joiner that the host's own editor saved the file (the host's shell wrote it itself, e.g. to keep
    /// its own prompts for a file changed on disk); `notice` names the host's participant and revision.
    public func announceSaved(_ notice: SaveNotice) {
        let core = core
        gate.run { core.value.announceSaved(notice) }
    }

    /// Merges an outside edit of the shared file into the document as a change by "disk" (Docs/sync.md,
    /// "Outside edits"), on the executor, and waits for it (the host's run loop calls this; never the executor).
    ///
    /// `prepare` runs first on the executor and returns the file's new text with the baseline it is a change of,
    /// or nil to merge nothing (e.g. a save of the host made that text meanwhile: saves for peers run on the
    /// executor too, so nothing interleaves). `finish` then runs there with the outcome (to adopt the new baseline
    /// before any later save). Returns the outcome, or nil when `prepare` declined or the session has stopped.
    public func mergeOutsideEdit(
        prepare: @escaping @Sendable () -> (text: String, baseline: DiskBaseline)?,
        finish: @escaping @Sendable (OutsideEditOutcome) -> Void
    ) -> OutsideEditOutcome? {
        let core = core
        // Not a future's `wait()`: the caller may be another event loop (the editor's run loop), where NIO forbids
        // it. The executor never waits for the caller, so this cannot deadlock.
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<OutsideEditOutcome?>(nil)
        let queued = gate.run {
            defer { done.signal() }
            guard let (text, baseline) = prepare() else { return }
            let outcome = core.value.mergeOutsideEdit(text, baseline: baseline)
            finish(outcome)
            result.withLock { $0 = outcome }
        }
        guard queued else { return nil }
        done.wait()
        return result.withLock { $0 }
    }

    /// The head text, revision and connected participants, read on the executor (tests, status screens).
    ///
    /// - Throws: when the session has stopped.
    public func state() async throws -> HostState {
        let core = core
        return try await executor.submit {
            let document = core.value.document
            return HostState(text: document.text.string, revision: document.revision, participants: document.participants)
        }.get()
    }

    /// Tells every peer the host is leaving, closes every connection and the listener, and stops the executor.
    public func stop() async {
        let core = core
        sweep.cancel()
        let gate = gate
        try? await executor.submit { gate.runHere { core.value.shutDown() } }.get()
        try? await Task.sleep(for: .milliseconds(50))  // let `hostLeaving` reach the sockets before closing them
        try? await server.close().get()
        gate.shut()
        try? await group.shutdownGracefully()
    }
}

/// A snapshot of a host's document and who is connected.
public struct HostState: Hashable, Sendable {
    /// The head text.
    public var text: String
    /// The head revision.
    public var revision: Int
    /// The connected participants, by id.
    public var participants: [Participant]
}

/// The way up from an in-process client: messages hop to the host's executor as values.
final class LocalLink: UpstreamLink {
    private let id: HostLink.ID
    private let core: NIOLoopBound<HostCore>
    private let gate: ExecutorGate

    init(id: HostLink.ID, core: NIOLoopBound<HostCore>, gate: ExecutorGate) {
        self.id = id
        self.core = core
        self.gate = gate
    }

    func send(_ message: HostBoundMessage, on generation: UInt64) {
        let (core, id) = (core, id)
        gate.run { core.value.received(.success(message), on: id) }
    }

    func close() {
        let (core, id) = (core, id)
        gate.run { core.value.closed(id, reason: nil) }
    }

    /// Nothing to flush: each message hops to the executor as it is sent.
    func flush() {}
}
