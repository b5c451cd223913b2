import NIOCore
import Synchronization
import Testing
import Transport

@testable import Collaboration

/// The host's history service: per link, 20 requests a second (bursts of 40) and 8 MiB of text a second (bursts
/// of 32 MiB), no text over 8 MiB (Docs/protocol.md §6.5); beyond that an `unavailable` reply with the reason.
@Suite struct HistoryServiceTests {
    /// Answers every request with a text of `textBytes` bytes (non-ASCII), and counts the requests it read.
    private final class SizedHistory: HistoryProvider {
        let textBytes: Int
        let reads = Mutex(0)
        init(textBytes: Int) { self.textBytes = textBytes }

        func historyReply(for revision: Int?) -> HistoryReply {
            reads.withLock { $0 += 1 }
            let text = String(repeating: "é", count: textBytes / 2) + String(repeating: "x", count: textBytes % 2)
            return .revision(
                HistoryEntry(
                    revision: revision ?? 7, firstRevision: 0, latestRevision: 7, time: 0, authorName: "Zoë",
                    change: nil, text: text))
        }
    }

    private let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
    private func at(_ milliseconds: Int64) -> NIODeadline { start + .milliseconds(milliseconds) }
    private let ann = HostLink.ID.local(1)
    private let bob = HostLink.ID.local(2)

    private func isRevision(_ reply: HistoryReply) -> Bool {
        if case .revision = reply { true } else { false }
    }

    /// Whether `service` answers link `id` with a revision at `now`.
    private func answers(_ service: inout HistoryService, _ id: HostLink.ID, at now: NIODeadline) -> Bool {
        isRevision(service.reply(to: 1, for: id, now: now))
    }

    @Test func requestsBeyondTheBurstAreRefusedUntilTheBucketRefills() {
        let provider = SizedHistory(textBytes: 10)
        var service = HistoryService(provider: provider)
        let burst = (0..<41).map { service.reply(to: $0, for: ann, now: at(0)) }
        #expect(burst.prefix(40).allSatisfy(isRevision))
        #expect(burst[40] == .unavailable("too many history requests: try again in a moment"))
        #expect(provider.reads.withLock { $0 } == 40, "a refused request does not read the journal")
        // Bob has a budget of his own; Ann gets one request per 50 ms; a closed link's budget is forgotten.
        let bobAnswered = answers(&service, bob, at: at(0))
        let annLater = [answers(&service, ann, at: at(40)), answers(&service, ann, at: at(50)),
                        answers(&service, ann, at: at(50))]
        service.forget(ann)
        let annForgotten = answers(&service, ann, at: at(50))
        #expect(bobAnswered)
        #expect(annLater == [false, true, false])
        #expect(annForgotten)
    }

    @Test func textBeyondTheByteBudgetIsRefusedUntilItRefills() {
        var service = HistoryService(provider: SizedHistory(textBytes: 6 * 1_048_576))
        let replies = (0..<6).map { service.reply(to: $0, for: ann, now: at(0)) }
        #expect(replies.prefix(5).allSatisfy(isRevision), "30 MiB of a 32 MiB burst")
        #expect(replies[5] == .unavailable("too much history requested: try again in a moment"))
        // 3.2 MiB refilled after 400 ms is not enough for 6 MiB; 4.8 MiB after 600 ms is, with the 2 MiB left.
        let later = [answers(&service, ann, at: at(400)), answers(&service, ann, at: at(600))]
        #expect(later == [false, true])
    }

    @Test func aTextOverEightMiBIsNeverSentAndAHostWithoutHistorySaysSo() {
        var large = HistoryService(provider: SizedHistory(textBytes: 8 * 1_048_576 + 1))
        let tooLarge = large.reply(to: 3, for: ann, now: at(0))
        #expect(tooLarge == .unavailable("revision 3 is too large to send (8 MiB of text)"))
        var none = HistoryService(provider: nil)
        let noHistory = none.reply(to: nil, for: ann, now: at(0))
        #expect(noHistory == .unavailable("this host keeps no history"))
    }
}
