import Logging
import NIOCore
import NIOPosix
import SyncEngine
import Transport

/// How `Sharing.start` shares a document.
///
/// Without `listen`, the host listens on all interfaces, port 7878 or the next free one of 7878–7897, and any free
/// port when all of those are taken.
public struct SharingOptions: Sendable {
    /// Where to listen (nil: all interfaces, port 7878 or the next free one).
    public var listen: ListenAddress?
    /// The editor secret (nil: a strong random one is generated).
    public var secret: SessionSecret?
    /// The read-only guest secret (nil: no guests).
    public var guestSecret: SessionSecret?
    /// Whether to publish the session in the runtime directory for local joiners.
    public var publish = true
    /// Where the session and its transport log.
    public var logger = Logger(label: "coedit.host")
    /// Log window, hash budget and palette of the document.
    public var document = HostDocument.Configuration()

    /// The defaults: all interfaces, a generated secret, published, no guests.
    public init() {}
}

/// A shared document: the `HostSession`, its secrets, the published runtime file, and the join commands to show.
///
/// The shell (`coedit FILE`, `coedit-peer FILE`) starts one before taking over the screen (so failures are a
/// one-line error), makes the host's own editor with `makeLocalClient(name:)`, and calls `stop()` on exit.
public final class Sharing: Sendable {
    /// The host session.
    public let session: HostSession
    /// The editor secret.
    public let secret: SessionSecret
    /// The read-only guest secret, if any.
    public let guestSecret: SessionSecret?
    /// The runtime file for local joiners, if published.
    public let published: PublishedSession?
    /// The address partners connect to, as shown in the join command (a LAN address when listening on all).
    public let advertisedAddress: String

    private init(
        session: HostSession, secret: SessionSecret, guestSecret: SessionSecret?, published: PublishedSession?,
        advertisedAddress: String
    ) {
        self.session = session
        self.secret = secret
        self.guestSecret = guestSecret
        self.published = published
        self.advertisedAddress = advertisedAddress
    }

    /// Shares `text` as the document at `documentPath` (absolute).
    ///
    /// - Throws: `TransportError` (port taken, no free port, cannot listen) or `SessionDirectoryError`.
    public static func start(
        documentPath: String, text: String, options: SharingOptions, store: any RevisionStore = NoRevisionStore(),
        saveHandler: SaveHandler?
    ) async throws -> Sharing {
        let document = HostDocument(
            text: text, epoch: UInt64.random(in: 1...UInt64.max), configuration: options.document)
        return try await start(
            documentPath: documentPath, document: document, options: options, store: store, saveHandler: saveHandler)
    }

    /// Shares a prepared `document` (e.g. one restored from a journal, whose revisions `store` continues) as the
    /// document at `documentPath` (absolute).
    ///
    /// - Throws: `TransportError` (port taken, no free port, cannot listen) or `SessionDirectoryError`.
    public static func start(
        documentPath: String, document: HostDocument, options: SharingOptions,
        store: any RevisionStore = NoRevisionStore(), saveHandler: SaveHandler?
    ) async throws -> Sharing {
        let secret = options.secret ?? SessionSecret.generate()
        var server = try ServerConfiguration(editorSecret: secret, readOnlySecret: options.guestSecret)
        options.listen?.apply(to: &server)
        server.session.logger = options.logger
        var configuration = HostSessionConfiguration(server: server)
        configuration.logger = options.logger
        configuration.document = options.document
        let session = try await startSession(
            document: document, configuration: configuration, store: store, saveHandler: saveHandler,
            anyPortAsLastResort: options.listen == nil)
        let advertised = LocalAddresses.advertised(listeningOn: server.host, port: session.port)
        var published: PublishedSession?
        if options.publish, let directory = SessionDirectory.standard() {
            // A convenience for local joiners: sharing works without it.
            do {
                let local = server.host == "0.0.0.0" || server.host == "::" ? "127.0.0.1" : server.host
                published = try directory.publish(
                    SessionRecord(
                        path: documentPath, host: local, port: session.port, editorSecret: secret.text,
                        readOnlySecret: options.guestSecret?.text))
            } catch {
                options.logger.warning("session not published for local joiners: \(error)")
            }
        }
        return Sharing(
            session: session, secret: secret, guestSecret: options.guestSecret, published: published,
            advertisedAddress: advertised)
    }

    /// `start` for a caller that is not async (the editor's main thread): waits for the result.
    ///
    /// - Warning: never call it on an event-loop thread.
    public static func startWaiting(
        documentPath: String, text: String, options: SharingOptions, store: any RevisionStore = NoRevisionStore(),
        saveHandler: SaveHandler?
    ) throws -> Sharing {
        let document = HostDocument(
            text: text, epoch: UInt64.random(in: 1...UInt64.max), configuration: options.document)
        return try startWaiting(
            documentPath: documentPath, document: document, options: options, store: store, saveHandler: saveHandler)
    }

    /// `start(documentPath:document:options:store:saveHandler:)` for a caller that is not async.
    ///
    /// - Warning: never call it on an event-loop thread.
    public static func startWaiting(
        documentPath: String, document: HostDocument, options: SharingOptions,
        store: any RevisionStore = NoRevisionStore(), saveHandler: SaveHandler?
    ) throws -> Sharing {
        try MultiThreadedEventLoopGroup.singleton.next().makeFutureWithTask {
            try await start(
                documentPath: documentPath, document: document, options: options, store: store,
                saveHandler: saveHandler)
        }.wait()
    }

    /// `stop` for a caller that is not async: waits until the session is stopped.
    public func stopWaiting() {
        let session = self
        try? MultiThreadedEventLoopGroup.singleton.next().makeFutureWithTask { await session.stop() }.wait()
    }

    /// Starts the host session; with `anyPortAsLastResort`, a search that finds every default port taken (many
    /// sessions on this machine) falls back to any free port.
    private static func startSession(
        document: HostDocument, configuration: HostSessionConfiguration, store: any RevisionStore,
        saveHandler: SaveHandler?, anyPortAsLastResort: Bool
    ) async throws(TransportError) -> HostSession {
        var configuration = configuration
        var fellBack = false
        while true {
            do {
                return try await HostSession.start(
                    document: document, configuration: configuration, store: store, saveHandler: saveHandler)
            } catch {
                guard anyPortAsLastResort, !fellBack, case .noFreePort = error else { throw error }
                fellBack = true
                configuration.server.port = 0
            }
        }
    }

    /// The command a partner types to join as an editor, e.g. `coedit notes.tex --join 192.168.1.5:7878 --token …`.
    public func joinCommand(fileName: String) -> String {
        SessionRecord.joinCommand(fileName: fileName, address: advertisedAddress, secret: secret.text)
    }

    /// The command a read-only guest types, if the session has guests.
    public func guestCommand(fileName: String) -> String? {
        guestSecret.map { SessionRecord.joinCommand(fileName: fileName, address: advertisedAddress, secret: $0.text) }
    }

    /// Removes the runtime file and stops the session (peers are told the host is leaving).
    public func stop() async {
        published?.remove()
        await session.stop()
    }
}

/// The address to show partners for a host listening on `host:port`.
enum LocalAddresses {
    /// `host:port` for a specific address; for all interfaces, the first non-loopback IPv4 address of this
    /// machine (else 127.0.0.1).
    static func advertised(listeningOn host: String, port: Int) -> String {
        guard host == "0.0.0.0" || host == "::" else {
            return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        }
        let candidates = addresses().filter { !$0.contains(":") && !$0.hasPrefix("127.") }
        return "\(candidates.first ?? "127.0.0.1"):\(port)"
    }

    /// The IP addresses of this machine's interfaces (IPv4 and IPv6, loopback included).
    static func addresses() -> [String] {
        let devices = (try? System.enumerateDevices()) ?? []
        return devices.compactMap { $0.address?.ipAddress }
    }

    /// Whether `host` names this machine (loopback, `localhost`, or one of its interface addresses).
    static func isLocal(_ host: String) -> Bool {
        ["localhost", "127.0.0.1", "::1"].contains(host) || addresses().contains(host)
    }
}
