import Collaboration
import EditorCore
import FileStore
import Foundation
import Journal
import Logging
import NIOCore
import SyncEngine
import Transport

/// Sharing or joining, done before the screen is taken over so that every failure is a one-line error.
struct SessionStart {
    /// The client, its role, and the events that arrived before the editor existed.
    let client: CollaborationClient
    let role: SharedEditing.Role
    /// The text the editor starts with (the host's, for a joiner).
    let text: String
    /// Events from before the editor existed (participants, cursors), replayed into it.
    let pendingEvents: [CollaborationEvent]
    /// What the message line says first (the join command, a backup made...).
    let greeting: String?
    /// The host's history journal (nil for joiners, or when history is unavailable).
    var journal: Journal? = nil
    /// The same journal with its in-memory fallback for a failure mid-session (what the host appends to).
    var journalStore: JournalFailover? = nil
    /// Whether `text` differs from FILE on disk (the host resumed unsaved edits from its journal).
    var differsFromDisk = false

    /// Shares the opened file, or joins the session already sharing it on this machine (the same user opened it
    /// twice).
    static func share(
        _ opened: (file: DocumentFile, text: String), listen: ListenAddress?, options: CollaborationOptions,
        discardingUnsavedHistory: Bool = false, environment: [String: String], logger: Logger,
        eventLoop: (any EventLoop)? = nil
    ) throws(CoeditFailure) -> SessionStart {
        let path = opened.file.absolutePath
        if listen == nil, let record = SessionDirectory.standard(environment: environment)?.find(documentPath: path),
            let endpoint = try? TransportEndpoint(host: record.host, port: record.port),
            let secret = try? SessionSecret(record.editorSecret)
        {
            logger.info("\(path) is already shared by process \(record.processID): joining it")
            do {
                return try join(
                    opened, endpoint: endpoint, secret: secret, sameFileAsHost: true, options: options,
                    environment: environment, logger: logger, eventLoop: eventLoop)
            } catch {
                logger.warning("could not join the session of process \(record.processID) (\(error)); sharing anew")
            }
        }
        var sharingOptions = SharingOptions()
        sharingOptions.listen = listen
        sharingOptions.secret = try options.givenSecret(environment: environment)
        sharingOptions.guestSecret = try options.guestSecret()
        sharingOptions.logger = logger
        let file = SharedFile(opened.file)
        let history = HostHistory.open(
            documentPath: path, diskText: opened.file.fingerprint == nil ? nil : opened.text,
            directory: options.historyDirectory(environment: environment), configuration: sharingOptions.document,
            discardingUnsaved: discardingUnsavedHistory, logger: logger)
        file.diskBaseline = DiskBaseline(
            diskText: opened.text, revision: history.document.revision, revisionText: history.document.text)
        let journal = history.journal
        let journalStore = journal.map(JournalFailover.init)
        let sharing: Sharing
        do {
            sharing = try Sharing.startWaiting(
                documentPath: path, document: history.document, options: sharingOptions,
                store: journalStore ?? NoRevisionStore()
            ) { text, notice in
                try file.saveForPeer(text)
                file.diskBaseline = DiskBaseline(revision: notice.revision, text: text)
                HostHistory.markSaved(revision: notice.revision, in: journalStore?.current, logger: logger)
            }
        } catch {
            journal?.close()
            throw CoeditFailure("\(error)")
        }
        let client: CollaborationClient
        var buffer = TextBuffer(opened.text)
        let events: [CollaborationEvent]
        do {
            client = try sharing.session.makeLocalClient(name: options.displayName(environment: environment))
            events = try Joining.waitForWelcome(client, text: &buffer)
        } catch {
            sharing.stopWaiting()
            journal?.close()
            throw CoeditFailure("\(error)")
        }
        let name = PathNamesForDisplay.fileName(opened.file.path)
        var greeting = "Join: \(sharing.joinCommand(fileName: name))"
        if let guest = sharing.guestCommand(fileName: name) { greeting += "   Guests: \(guest)" }
        if let notice = history.notice { greeting = notice + "   " + greeting }
        logger.info("sharing \(path) on \(sharing.session.localAddress)")
        return SessionStart(
            client: client, role: .host(sharing, file: file), text: buffer.string, pendingEvents: events,
            greeting: greeting, journal: journal, journalStore: journalStore, differsFromDisk: history.differsFromDisk)
    }

    /// Joins the session at `endpoint`; the local FILE is kept as a backup when it differs from the host's text.
    /// The connection runs on `eventLoop` (the editor's run loop; nil: one of NIO's shared loops).
    static func join(
        _ opened: (file: DocumentFile, text: String), endpoint: TransportEndpoint, secret given: SessionSecret?,
        sameFileAsHost: Bool = false, options: CollaborationOptions, environment: [String: String], logger: Logger,
        eventLoop: (any EventLoop)? = nil
    ) throws(CoeditFailure) -> SessionStart {
        var secret = given
        if secret == nil { secret = try options.givenSecret(environment: environment) }
        if secret == nil { secret = Joining.localSecret(for: endpoint) }
        if secret == nil { secret = try SecretPrompt.ask(for: endpoint) }
        guard let chosen = secret else { throw CoeditFailure("no session secret") }
        var configuration = JoinerConfiguration()
        configuration.logger = logger
        configuration.transport.session.logger = logger
        configuration.eventLoop = eventLoop
        let client: CollaborationClient
        var buffer = TextBuffer()
        let events: [CollaborationEvent]
        do {
            client = try Joining.connectWaiting(
                to: endpoint, secret: chosen, name: options.displayName(environment: environment),
                configuration: configuration)
            events = try Joining.waitForWelcome(client, text: &buffer)
        } catch {
            throw CoeditFailure("\(error)")
        }
        var greeting = "Joined \(endpoint) as \(client.me?.name ?? "?")"
        if client.isReadOnly { greeting += ": read-only guest (you can read, move, find and copy)" }
        if !sameFileAsHost, opened.file.fingerprint != nil, !opened.text.isEmpty, opened.text != buffer.string {
            let backup = backupPath(for: opened.file.path)
            do {
                try SharedFile.writeNew(opened.text, to: backup)
                greeting = "Your \(PathNamesForDisplay.fileName(opened.file.path)) differed from the host's text: kept as \(backup)"
            } catch {
                client.close()
                throw CoeditFailure("\(opened.file.path) differs from the host's text and no backup could be made: \(error)")
            }
        }
        logger.info("joined \(endpoint)")
        return SessionStart(
            client: client, role: .joiner(localFile: sameFileAsHost ? nil : SharedFile(opened.file)),
            text: buffer.string, pendingEvents: events, greeting: greeting)
    }

    /// `FILE.coedit-backup-YYYYMMDD-HHMMSS` (UTC).
    static func backupPath(for path: String) -> String {
        ConflictReport.filePath(for: path, at: Date()).replacingOccurrences(of: ".coedit-conflict-", with: ".coedit-backup-")
    }

    /// The log: `--log FILE`, else the state directory's coedit.log, else nowhere.
    static func logger(options: CollaborationOptions, environment: [String: String]) -> Logger {
        let path = options.log ?? FileLogging.defaultPath(environment: environment)
        return path.flatMap { FileLogging.logger(label: "coedit", path: $0) }
            ?? Logger(label: "coedit") { _ in SwiftLogNoOpLogHandler() }
    }
}
