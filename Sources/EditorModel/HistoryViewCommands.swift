import EditorCore
import SyncEngine

/// The history view (F7): scrubbing through past revisions and restoring one.
///
/// Flow with the shell: F7 opens the view and `historyRequest` becomes `.latest`; the shell answers with
/// `showHistoryRevision(_:)` (or `historyUnavailable(_:)`), at once or later; each step sets a new request. The
/// shell also reports the live revision count with `updateHistoryLatestRevision(_:)` while the view is open.
/// Restoring (Enter, then y) turns the document's current text into the shown revision's text by **one ordinary
/// local edit** (a diff, recorded for undo): the sync layer sends it like any typing, so the host journals it as a
/// new revision by this user and history is never rewritten.
///
/// Keys: Left/Right or PgUp/PgDn one revision older/newer (Shift or `[`/`]`: 10; Ctrl, Alt or `{`/`}`: 100),
/// Home/End the oldest/newest, Up/Down and the wheel scroll, n/p the next/previous changed line, Enter restores,
/// Esc, F7 or q closes.
extension Editor {
    /// F7: opens the view at the newest revision, scrolled to the line at the top of the editor.
    mutating func openHistory() {
        let top = document.buffer.lineIndex(containing: min(viewport.topOffset, document.buffer.scalarCount))
        mode = .history(HistoryView(initialLine: top))
    }

    /// True while the history view is open.
    public var isShowingHistory: Bool {
        if case .history = mode { return true }
        return false
    }

    /// The revision the history view waits for, nil when it shows what it wants (or is closed). The shell asks
    /// its source and answers with `showHistoryRevision(_:)` or `historyUnavailable(_:)`.
    public var historyRequest: HistoryRequest? {
        guard case .history(let view) = mode else { return nil }
        return view.request
    }

    /// The shell's answer to `historyRequest`: shows `revision` (an answer after the view closed is ignored).
    public mutating func showHistoryRevision(_ revision: HistoryRevision) {
        guard case .history(var view) = mode else { return }
        view.show(revision, layout: historyLayout(for: revision.text), rows: geometry.textRows)
        mode = .history(view)
    }

    /// The source cannot answer (no history in this session, the host is unreachable...): before anything was
    /// shown the view closes with `reason`; otherwise it stays on the revision shown and says `reason`.
    public mutating func historyUnavailable(_ reason: String) {
        guard case .history(var view) = mode else { return }
        guard let shown = view.shown else {
            mode = .editing
            inform(reason, isError: true)
            return
        }
        view.target = .revision(shown.revision)
        mode = .history(view)
        inform(reason, isError: true)
    }

    /// The live document reached revision `latest` (remote edits arrive while the view is open): End and the
    /// steps can go up to it.
    public mutating func updateHistoryLatestRevision(_ latest: Int) {
        guard case .history(var view) = mode, let known = view.latestRevision, latest > known else { return }
        view.latestRevision = latest
        mode = .history(view)
    }

    /// A key while the view is open.
    mutating func handleHistoryKey(_ key: KeyPress, view: HistoryView) {
        var view = view
        if view.confirmingRestore {
            view.confirmingRestore = false
            mode = .history(view)
            if case .character(let answer) = key.key, answer == "y" || answer == "Y", let shown = view.shown {
                restore(shown)
            } else {
                inform("Not restored")
            }
            return
        }
        let bigStep = key.modifiers.contains(.control) || key.modifiers.contains(.alt) ? 100 : 1
        let step = key.modifiers.contains(.shift) && bigStep == 1 ? 10 : bigStep
        let layout = view.shown.map { historyLayout(for: $0.text) }
        let rows = geometry.textRows
        switch key.key {
        case .escape, .function(7):
            mode = .editing
            return
        case .character("q") where key.modifiers.isEmpty:
            mode = .editing
            return
        case .left, .pageUp: view.step(by: -step)
        case .right, .pageDown: view.step(by: step)
        case .character("["): view.step(by: -10)
        case .character("]"): view.step(by: 10)
        case .character("{"): view.step(by: -100)
        case .character("}"): view.step(by: 100)
        case .home: view.jump(toLatest: false)
        case .end: view.jump(toLatest: true)
        case .up, .down:
            if let layout { view.viewport.scroll(by: key.key == .up ? -1 : 1, layout: layout) }
        case .character("n"), .character("p"):
            if let layout, !view.scrollToMark(forward: key.key == .character("n"), layout: layout, rows: rows) {
                inform(key.key == .character("n") ? "No changed line below" : "No changed line above")
            }
        case .enter:
            askToRestore(&view)
        default:
            inform("History: Left/Right step, Home/End first/last, Enter restores, Esc closes")
        }
        mode = .history(view)
    }

    /// The mouse wheel scrolls the shown revision; other mouse events are ignored.
    mutating func handleHistoryMouse(_ event: MouseEvent, view: HistoryView) {
        guard let shown = view.shown, event.action == .scrollUp || event.action == .scrollDown else { return }
        var view = view
        view.viewport.scroll(by: event.action == .scrollUp ? -Self.wheelRows : Self.wheelRows,
            layout: historyLayout(for: shown.text))
        mode = .history(view)
    }

    /// Enter: asks "Restore rN as a new revision? (y/n)", or says why not.
    private mutating func askToRestore(_ view: inout HistoryView) {
        guard let shown = view.shown, shown.revision == view.targetRevision else {
            inform("Wait until the revision is shown")
            return
        }
        if let refusal = shown.restoreRefusal {
            inform(refusal, isError: true)
        } else if isReadOnly {
            inform(Self.readOnlyRefusal, isError: true)
        } else if shown.text == document.buffer {
            inform("r\(shown.revision) is the current text: nothing to restore")
        } else {
            view.confirmingRestore = true
        }
    }

    /// Makes the document read as `shown` again by one local edit (undoable), and closes the view.
    private mutating func restore(_ shown: HistoryRevision) {
        mode = .editing
        let change = TextDiff.change(from: document.buffer, to: shown.text)
        history.closeGroup()
        commit(change, selectionAfter: selection.mapped(through: change), kind: .other)
        history.closeGroup()
        inform("Restored r\(shown.revision) as a new revision (^Z undoes it)")
    }

    /// The question on the message line while a restore is being confirmed.
    func historyQuestion(_ view: HistoryView) -> String? {
        guard view.confirmingRestore, let shown = view.shown else { return nil }
        return "Restore r\(shown.revision) as a new revision? (y/n) "
    }

    /// The screen areas while the view shows `text`: the gutter has a mark column.
    func historyGeometry(for text: TextBuffer) -> ScreenGeometry {
        ScreenGeometry(rows: rows, columns: columns, lineCount: text.lineCount,
            showsLineNumbers: configuration.showsLineNumbers, markWidth: 2)
    }

    /// `text` laid out as the view shows it (the editor's tab width and soft wrap).
    func historyLayout(for text: TextBuffer) -> TextLayout {
        TextLayout(buffer: text, tabWidth: configuration.tabWidth,
            wrapWidth: configuration.softWrap ? max(1, historyGeometry(for: text).textColumns) : nil)
    }
}
