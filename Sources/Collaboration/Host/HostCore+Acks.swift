import NIOCore
import SyncEngine

/// Held-back acknowledgements: fewer frames for a joiner that types fast.
///
/// A joiner keeps a pipeline of changes in flight (`ClientDocument.maximumInFlight`) and acknowledgements are
/// cumulative (`Acknowledgement`), so the host need not answer every change with a frame of its own. It holds the
/// latest ack of each remote link and sends it:
/// - before any other message to that link (so the joiner always learns of its own revisions before it sees a
///   later revision: the rule that makes a cumulative ack well defined), which puts it in the same frame as that
///   message when both go out in one event-loop tick (`FrameBundle`);
/// - when it covers `ackBatch` changes (a quarter of this client's pipeline, so a coedit joiner never waits for
///   one);
/// - at the latest `ackDelay` after it was held.
/// The host's own editor (a local link) is answered at once: an ack costs it nothing.
///
/// What an ack means does not change: the change was accepted and journaled; holding it delays only the news.
extension HostCore {
    /// The most changes one held acknowledgement covers before it is sent.
    static let ackBatch = ClientDocument.maximumInFlight / 4
    /// The longest an acknowledgement is held.
    static let ackDelay: TimeAmount = .milliseconds(100)

    /// Holds `ack` for link `id` (replacing the one held, which it covers), or sends it at once to a local link.
    func hold(_ ack: Acknowledgement, for id: HostLink.ID) {
        guard var link = links[id] else { return }
        guard case .remote = link.outlet else { return transmit(.sync(.ack(ack)), to: id) }
        link.heldAck = ack
        link.heldAckCount += 1
        links[id] = link
        if link.heldAckCount >= Self.ackBatch {
            releaseAck(on: id)
        } else {
            scheduleAckRelease()
        }
    }

    /// Sends the acknowledgement held for link `id`, if any.
    func releaseAck(on id: HostLink.ID) {
        guard var link = links[id], let ack = link.heldAck else { return }
        link.heldAck = nil
        link.heldAckCount = 0
        links[id] = link
        transmit(.sync(.ack(ack)), to: id)
    }

    /// Schedules `releaseHeldAcks` `ackDelay` from now, unless it is scheduled already.
    private func scheduleAckRelease() {
        guard !ackReleaseScheduled else { return }
        ackReleaseScheduled = true
        let (core, gate) = (NIOLoopBound(self, eventLoop: gate.loop), gate)
        gate.loop.scheduleTask(in: Self.ackDelay) {
            gate.runHere { core.value.releaseHeldAcks() }
        }
    }

    /// Sends every held acknowledgement.
    private func releaseHeldAcks() {
        ackReleaseScheduled = false
        for id in Array(links.keys) { releaseAck(on: id) }
    }
}
