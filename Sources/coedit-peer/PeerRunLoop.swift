#if canImport(Glibc)
import Glibc
#endif
import Collaboration
import EditorCore
import Foundation
import Logging
import SyncEngine

/// The peer's single-threaded run loop: stdin commands, the client's wake pipe, and sync ticks, with `poll()`.
///
/// It drives a `CollaborationClient` exactly as the editor's run loop does: events are handled when the wake pipe
/// is readable, the buffer is ticked at most once per sync interval and only when it changed, and nothing runs
/// periodically while idle. Output lines (stdout, flushed): `ready`, `text …`, `status …`, `saved by NAME
/// revision R`, `save-failed …`, `joined NAME`, `left NAME`, `conflict N FILE`, `status-changed …`, `host-leaving`.
final class PeerRunLoop {
    /// How a run ended.
    enum Outcome: Equatable {
        case quit
        case failed(String)
    }

    private let client: CollaborationClient
    private var buffer: TextBuffer
    private var selection = Selection(cursor: 0)
    private let syncInterval: Duration
    private let waitTimeout: Duration
    private let documentPath: String
    private let logger: Logger
    private let clock = ContinuousClock()
    private var lastTick: ContinuousClock.Instant
    private var lastActivity: ContinuousClock.Instant
    private var dirty = false
    private var instructions: [PeerInstruction] = []
    private var waitStarted: ContinuousClock.Instant?
    private var input = [UInt8]()
    private var stdinOpen = true
    /// Whether a save was requested and its outcome has not arrived yet.
    private var awaitingSave = false

    init(
        client: CollaborationClient, text: String, syncInterval: Duration, waitTimeout: Duration,
        documentPath: String, logger: Logger
    ) {
        self.client = client
        buffer = TextBuffer(text)
        self.syncInterval = syncInterval
        self.waitTimeout = waitTimeout
        self.documentPath = documentPath
        self.logger = logger
        lastTick = clock.now
        lastActivity = clock.now
    }

    /// Waits (handling events) until the client is live or `timeout` passes; returns the failure, if any.
    func waitUntilLive(timeout: Duration) -> String? {
        let deadline = clock.now + timeout
        while client.status != .live {
            let left = deadline - clock.now
            if left <= .zero { return "no welcome from the host within \(timeout)" }
            client.wakePipe.wait(milliseconds: Int32(max(1, left.milliseconds)))
            handleEvents()
            if case .closed = client.status { return "the connection closed" }
        }
        return nil
    }

    /// Runs until `quit`, the end of stdin, or a failure.
    func run() -> Outcome {
        emit("ready")
        while true {
            handleEvents()
            switch runInstructions() {
            case .some(let outcome): return outcome
            case .none: break
            }
            tickIfDue()
            waitForInput()
        }
    }

    // MARK: Events

    private func handleEvents() {
        let events = client.process(buffer: buffer)
        if !events.isEmpty { lastActivity = clock.now }
        for event in events {
            switch event {
            case .applyRemote(let change, let result):
                buffer = result  // applied by the client already: one storage with its synced text
                selection = selection.mapped(through: change)
            case .remoteSelections, .log:
                if case .log(let line) = event { logger.info("\(line)") }
            case .welcomed(let you, _, let readOnly):
                emit("welcomed as \(you.name) (\(you.id))\(readOnly ? " read-only" : "")")
            case .participantJoined(let participant):
                emit("joined \(participant.name)")
            case .participantLeft(let participant):
                emit("left \(participant.name)")
            case .conflict(let hunks):
                do {
                    let path = try ConflictFile.write(hunks, beside: documentPath, source: .reconnect)
                    emit("conflict \(hunks.count) \(path)")
                } catch {
                    emit("conflict \(hunks.count) unsaved: \(error)")
                }
            case .saved(let notice):
                awaitingSave = false
                emit("saved by \(notice.name) revision \(notice.revision)")
            case .saveFailed(let reason):
                awaitingSave = false
                emit("save-failed \(reason)")
            case .statusChanged(let status):
                emit("status-changed \(status)")
            case .hostLeaving:
                emit("host-leaving")
            case .historyReply(let reply):
                if case .revision(let entry) = reply { emit("history r\(entry.revision)") } else { emit("history unavailable") }
            }
        }
    }

    // MARK: Instructions

    /// Runs queued instructions until one must wait; returns an outcome when the run ends.
    private func runInstructions() -> Outcome? {
        while let instruction = instructions.first {
            if !isComplete(instruction) {
                if waitStarted == nil { waitStarted = clock.now }
                if clock.now - waitStarted! > waitTimeout {
                    return .failed("timed out after \(waitTimeout) waiting for: \(instruction)")
                }
                return nil
            }
            waitStarted = nil
            instructions.removeFirst()
            if let outcome = perform(instruction) { return outcome }
        }
        if !stdinOpen { return .quit }
        return nil
    }

    /// Whether a waiting instruction's condition holds (others always are).
    private func isComplete(_ instruction: PeerInstruction) -> Bool {
        switch instruction {
        case .waitQuiet(let milliseconds):
            return client.status == .live && !dirty && !client.hasUnacknowledgedEdits(buffer: buffer)
                && clock.now - lastActivity >= .milliseconds(milliseconds)
        case .waitText(let text):
            return buffer.string.contains(text)
        case .waitRevision(let revision):
            return client.status == .live && !dirty && !client.hasUnacknowledgedEdits(buffer: buffer)
                && (client.document.revision ?? -1) >= revision
        case .waitPeers(let count):
            return client.status == .live && client.participants.count == count
        case .sleep(let milliseconds):
            return clock.now - (waitStarted ?? clock.now) >= .milliseconds(milliseconds)
        case .waitSaved:
            return !awaitingSave
        default:
            return true
        }
    }

    /// Performs a ready instruction.
    private func perform(_ instruction: PeerInstruction) -> Outcome? {
        switch instruction {
        case .insert(let offset, let text):
            insert(text, at: offset ?? buffer.scalarCount)
        case .insertAtCursor(let text):
            insert(text, at: selection.head)
        case .delete(let offset, let length):
            let start = min(offset, buffer.scalarCount)
            let end = min(start + length, buffer.scalarCount)
            edit(ChangeSet.replacing(start..<end, with: "", baseLength: buffer.scalarCount))
        case .cursor(let anchor, let head):
            let limit = buffer.scalarCount
            selection = Selection(anchor: min(anchor, limit), head: min(head, limit))
            dirty = true
        case .print:
            emit("text \(PeerInstruction.escape(buffer.string))")
        case .status:
            emit("status \(client.status) revision=\(client.document.revision ?? -1) participants=\(client.participants.count)")
        case .save:
            tick()
            awaitingSave = true
            for event in client.requestSave(buffer: buffer) {
                if case .saveFailed(let reason) = event {
                    awaitingSave = false
                    emit("save-failed \(reason)")
                }
            }
            instructions.insert(.waitSaved, at: 0)
        case .quit:
            return .quit
        case .waitQuiet, .waitText, .waitRevision, .waitPeers, .sleep, .waitSaved:
            break
        }
        return nil
    }

    /// Inserts `text` at `offset` (clamped to the text) and puts the cursor after it.
    private func insert(_ text: String, at offset: Int) {
        let position = min(offset, buffer.scalarCount)
        edit(ChangeSet.replacing(position..<position, with: text, baseLength: buffer.scalarCount))
        selection = Selection(cursor: position + text.unicodeScalars.count)
    }

    /// A local edit: applied to the buffer; the next tick sends it.
    private func edit(_ change: ChangeSet) {
        do {
            try change.apply(to: &buffer)
        } catch {
            logger.error("edit does not fit: \(error)")
            return
        }
        selection = selection.mapped(through: change)
        dirty = true
        lastActivity = clock.now
    }

    // MARK: Ticks and waiting

    private func tickIfDue() {
        if dirty && clock.now - lastTick >= syncInterval { tick() }
    }

    private func tick() {
        client.tick(buffer: buffer)
        client.reportSelections([selection], buffer: buffer)
        lastTick = clock.now
        dirty = false
    }

    /// Sleeps in `poll` until stdin or the wake pipe is readable, the next tick is due, or a wait should be checked.
    private func waitForInput() {
        var timeout: Int32 = -1
        if dirty { timeout = Int32(max(0, (lastTick + syncInterval - clock.now).milliseconds)) }
        if !instructions.isEmpty { timeout = timeout < 0 ? 10 : min(timeout, 10) }
        var descriptors = [pollfd(fd: client.wakeFileDescriptor, events: Int16(POLLIN), revents: 0)]
        if stdinOpen { descriptors.append(pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)) }
        guard poll(&descriptors, nfds_t(descriptors.count), timeout) > 0 else { return }
        if stdinOpen, descriptors[1].revents != 0 { readInput() }
    }

    /// Reads what stdin has and queues its complete lines.
    private func readInput() {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = read(STDIN_FILENO, &chunk, chunk.count)
        if count <= 0 {
            stdinOpen = false
            if !input.isEmpty { queue(line: input) }
            input = []
            return
        }
        input += chunk[..<count]
        while let newline = input.firstIndex(of: UInt8(ascii: "\n")) {
            queue(line: Array(input[..<newline]))
            input.removeSubrange(...newline)
        }
    }

    private func queue(line bytes: [UInt8]) {
        let line = String(decoding: bytes, as: UTF8.self)
        do {
            if let instruction = try PeerInstruction.parse(line) { instructions.append(instruction) }
        } catch {
            emit("error \(error)")
        }
    }

    private func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}

extension Duration {
    /// Whole milliseconds, rounded up.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    }
}
