import Collaboration
import EditorCore
import NIOCore
import Synchronization

/// The lock-step typing of `TraceSyncBenchmark` run on an event loop that is also the editors' network loop, as
/// the editor's run loop runs (its joiner connection lives on the loop that handles its keys).
///
/// Each change is applied to the typist's buffer and ticked; when the receiver has applied its broadcast the next
/// one goes; at the end it waits until the typist has every ack. Only touched on `loop`.
final class LockStepTyping: @unchecked Sendable {
    private let loop: any EventLoop
    private let changes: [ChangeSet]
    private let typist: LoopbackSession.Editor
    private let receiver: LoopbackSession.Editor
    private let finished: EventLoopPromise<Void>
    private var next = 0
    private var awaitedRevision: Int?
    private let isScheduled = Atomic(false)

    init(changes: [ChangeSet], typist: LoopbackSession.Editor, receiver: LoopbackSession.Editor, loop: any EventLoop) {
        self.loop = loop
        self.changes = changes
        self.typist = typist
        self.receiver = receiver
        finished = loop.makePromise()
    }

    /// Types every change; the future completes when the typist is acknowledged and the receiver is up to date.
    func run() -> EventLoopFuture<Void> {
        let wake: @Sendable () -> Void = { [self] in
            guard !isScheduled.exchange(true, ordering: .acquiringAndReleasing) else { return }
            loop.execute { [self] in
                isScheduled.store(false, ordering: .releasing)
                networkReady()
            }
        }
        loop.execute { [self] in
            typist.client.setWakeHandler(wake)
            receiver.client.setWakeHandler(wake)
            typeNext()
        }
        return finished.futureResult
    }

    private func typeNext() {
        while next < changes.count, changes[next].isIdentity { next += 1 }
        guard next < changes.count else {
            awaitedRevision = nil
            typist.client.requestAcknowledgements()
            return checkFinished()
        }
        do {
            try changes[next].apply(to: &typist.buffer)
        } catch {
            return finished.fail(error)
        }
        next += 1
        awaitedRevision = receiver.revision + 1
        typist.client.tick(buffer: typist.buffer)
    }

    private func networkReady() {
        typist.process()
        receiver.process()
        if let awaitedRevision {
            if receiver.revision >= awaitedRevision { typeNext() }
        } else {
            checkFinished()
        }
    }

    private func checkFinished() {
        guard typist.revision == receiver.revision, typist.client.document.inFlightChanges.isEmpty else { return }
        typist.client.setWakeHandler(nil)
        receiver.client.setWakeHandler(nil)
        finished.succeed(())
    }
}
