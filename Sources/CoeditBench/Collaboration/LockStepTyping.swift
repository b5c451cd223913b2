import Collaboration
import EditorCore
import NIOCore

/// The lock-step typing of `TraceSyncBenchmark`, with each editor on an event loop of its own that also runs its
/// connection to the host, as `coedit`'s run loop does (`EditorRunLoop`).
///
/// The typist applies a change to its buffer and ticks (its send is written at once, on its loop). The receiver's
/// loop reads the broadcast and applies it; then it hands the next keystroke to the typist's loop, a thread
/// wake-up that stands for the terminal waking the typist's editor, as pycrdt's receiver wakes its typist thread.
/// At the end the typist asks for the acks the host holds back and waits for them.
final class LockStepTyping: @unchecked Sendable {
    private let changes: [ChangeSet]
    private let typist: LoopbackSession.Editor
    private let receiver: LoopbackSession.Editor
    private let typistLoop: any EventLoop
    private let receiverLoop: any EventLoop
    private let finished: EventLoopPromise<Void>
    /// The typist's state (on `typistLoop`): the next change, and whether all were typed.
    private var next = 0
    private var typedAll = false
    /// The receiver's state (on `receiverLoop`): the revision it last handed a keystroke for.
    private var receivedRevision: Int

    init(
        changes: [ChangeSet], typist: LoopbackSession.Editor, on typistLoop: any EventLoop,
        receiver: LoopbackSession.Editor, on receiverLoop: any EventLoop
    ) {
        self.changes = changes
        self.typist = typist
        self.receiver = receiver
        self.typistLoop = typistLoop
        self.receiverLoop = receiverLoop
        receivedRevision = receiver.revision
        finished = typistLoop.makePromise()
    }

    /// Types every change; completes when the receiver applied the last one and the typist holds every ack.
    func run() -> EventLoopFuture<Void> {
        receiverLoop.execute { [self] in
            receiver.client.wakeTurns(on: receiverLoop) { [self] in receiverTurn() }
        }
        typistLoop.execute { [self] in
            typist.client.wakeTurns(on: typistLoop) { [self] in typistTurn() }
            typeNext()
        }
        return finished.futureResult.always { [self] _ in
            typist.client.wakeTurns(on: nil)
            receiver.client.wakeTurns(on: nil)
        }
    }

    /// On the typist's loop: types the next change, or when none is left asks for the held-back acks.
    private func typeNext() {
        while next < changes.count, changes[next].isIdentity { next += 1 }
        guard next < changes.count else {
            typedAll = true
            typist.client.requestAcknowledgements()
            return checkFinished()
        }
        do {
            try changes[next].apply(to: &typist.buffer)
        } catch {
            return finished.fail(error)
        }
        next += 1
        typist.client.tick(buffer: typist.buffer)
    }

    /// On the typist's loop: takes what the host sent it (acks).
    private func typistTurn() {
        typist.process()
        checkFinished()
    }

    /// On the receiver's loop: applies what arrived; a new revision is the cue for the next keystroke.
    private func receiverTurn() {
        receiver.process()
        guard receiver.revision > receivedRevision else { return }
        receivedRevision = receiver.revision
        typistLoop.execute { [self] in typeNext() }
    }

    private func checkFinished() {
        guard typedAll, typist.client.document.inFlightChanges.isEmpty else { return }
        finished.succeed(())
    }
}
