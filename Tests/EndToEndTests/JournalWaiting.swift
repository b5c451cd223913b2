import Foundation
import Journal

#if canImport(Glibc)
import Glibc
#endif

/// The journal file `coedit notes.tex --history DIR` uses.
func journalURL(_ environment: EndToEndEnvironment, directory: String) -> URL {
    JournalLocation.fileURL(
        forDocument: environment.path("notes.tex"), in: URL(fileURLWithPath: directory, isDirectory: true))
}

/// Waits (up to 10 s) until the journal's latest text satisfies `condition` (read-only, beside the running host);
/// returns the latest revision then.
@discardableResult
func waitForJournal(_ url: URL, _ what: String, until condition: (String) -> Bool) throws -> Int {
    let clock = ContinuousClock()
    let deadline = clock.now + .seconds(10)
    var last = ""
    while clock.now < deadline {
        if let journal = try? Journal.open(at: url, readOnly: true) {
            defer { journal.close() }
            if let latest = try? journal.latestRevision(), let head = try? journal.text(at: latest) {
                last = head
                if condition(head) { return latest }
            }
        }
        usleep(50_000)
    }
    throw EndToEndFailure("the journal never held \(what); its text was \(last)")
}

/// Waits until the journal's latest text contains `text`; returns the latest revision then.
@discardableResult
func waitForJournal(_ url: URL, toContain text: String) throws -> Int {
    try waitForJournal(url, text) { $0.contains(text) }
}
