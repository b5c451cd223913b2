#if canImport(Glibc)
import Glibc
#endif
import Collaboration
import EditorCore
import Foundation
import Logging
import NIOCore
import Transport

/// A real collaboration session inside the bench process: a `Sharing` host listening on 127.0.0.1, a
/// `CountingRelay` in front of it, and editors that join through the relay over loopback TCP, each a
/// `CollaborationClient` with its own buffer. Until they are handed to their own loops (`LockStepTyping`), `pump`
/// drives them from the calling thread, polling their wake pipes.
final class LoopbackSession {
    /// One joined editor: its client and its buffer.
    final class Editor {
        let client: CollaborationClient
        var buffer: TextBuffer

        init(client: CollaborationClient, buffer: TextBuffer) {
            self.client = client
            self.buffer = buffer
        }

        /// The revision the editor has synced to (-1 before its welcome).
        var revision: Int { client.document.revision ?? -1 }

        /// Handles what the network posted: the buffer becomes each remote change's result, as in the editor.
        func process() {
            for case .applyRemote(_, let result) in client.process(buffer: buffer) { buffer = result }
        }
    }

    let sharing: Sharing
    let relay: CountingRelay
    private(set) var editors: [Editor] = []

    /// Shares `text` (the host journals nothing: `NoRevisionStore`) and starts the relay.
    init(text: String) throws {
        var options = SharingOptions()
        options.secret = SessionSecret.generate()
        options.listen = try ListenAddress(parsing: "127.0.0.1:0")
        options.publish = false
        options.logger = Self.silent
        sharing = try Sharing.startWaiting(
            documentPath: "/nonexistent/coedit-bench.txt", text: text, options: options, saveHandler: nil)
        relay = try CountingRelay(targetPort: sharing.session.port)
    }

    /// Joins an editor named `name` through the relay (or, when not `throughRelay`, straight to the host: nothing
    /// is counted, and no relay thread competes for the CPU) and waits for its welcome.
    @discardableResult
    func join(name: String, throughRelay: Bool = true, eventLoop: (any EventLoop)? = nil) throws -> Editor {
        let endpoint = try TransportEndpoint(host: "127.0.0.1", port: throughRelay ? relay.port : sharing.session.port)
        var configuration = JoinerConfiguration()
        configuration.logger = Self.silent
        configuration.eventLoop = eventLoop
        configuration.transport.session.logger = Self.silent
        let client = try Joining.connectWaiting(
            to: endpoint, secret: sharing.secret, name: name, configuration: configuration)
        var buffer = TextBuffer("")
        _ = try Joining.waitForWelcome(client, text: &buffer)
        let editor = Editor(client: client, buffer: buffer)
        editors.append(editor)
        return editor
    }

    /// Handles every editor's events until `done()` holds, sleeping in `poll` on their wake pipes meanwhile.
    ///
    /// - Throws: when `timeout` passes first.
    func pump(timeout: Duration = .seconds(30), until done: () -> Bool) throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            for editor in editors { editor.process() }
            if done() { return }
            guard clock.now < deadline else { throw BenchmarkError("no progress within \(timeout)") }
            var descriptors = editors.map { pollfd(fd: $0.client.wakeFileDescriptor, events: Int16(POLLIN), revents: 0) }
            _ = poll(&descriptors, nfds_t(descriptors.count), 100)
        }
    }

    /// A logger that drops everything (the session's join and leave lines would interleave with the tables).
    private static let silent = Logger(label: "coedit-bench") { _ in SwiftLogNoOpLogHandler() }

    /// Closes the editors, the relay and the host.
    func stop() {
        for editor in editors { editor.client.close() }
        relay.stop()
        sharing.stopWaiting()
    }
}
