import EditorCore

/// The state of the history view (F7): which revision is wanted, which one is shown, and how it is scrolled.
///
/// The view is read-only and lives beside the document: the editor's own selection, scroll position and undo
/// history are left as they were (and keep following remote edits), so closing the view returns to them exactly.
/// Revisions arrive from the shell (`Editor.showHistoryRevision(_:)`), possibly late (a joiner asks its host):
/// `target` is what the keys asked for, `shown` the last answer, which may be an older target while scrubbing.
///
/// Invariants: once a revision was shown, `target` is `.revision(r)` with `r` in `firstRevision...latestRevision`;
/// `viewport` is an offset into `shown.text`.
struct HistoryView: Equatable, Sendable {
    /// The revision the keys asked for.
    var target: HistoryRequest = .latest
    /// The revision on screen, nil until the source answered.
    var shown: HistoryRevision?
    /// The lines `shown.change` touched.
    var marks = ChangedLines()
    /// The scroll position in `shown.text`.
    var viewport = Viewport()
    /// The first visible line when the view opened, used for the first revision shown.
    var initialLine: Int
    /// The oldest revision known (from the answers).
    var firstRevision = 0
    /// The newest revision known (from the answers and `Editor.updateHistoryLatestRevision(_:)`), nil before any.
    var latestRevision: Int?
    /// True while "Restore rN as a new revision? (y/n)" is asked.
    var confirmingRestore = false

    /// The revision the keys asked for, once the bounds are known.
    var targetRevision: Int? {
        if case .revision(let revision) = target { return revision }
        return nil
    }

    /// What the source should answer next, or nil when the target is on screen.
    var request: HistoryRequest? {
        if let shown, shown.revision == targetRevision { return nil }
        return target
    }

    /// Moves the target by `count` revisions (negative: older), clamped to the known history. Ignored before the
    /// first answer (the bounds are unknown).
    mutating func step(by count: Int) {
        guard let current = targetRevision, let latest = latestRevision else { return }
        target = .revision(min(max(current + count, firstRevision), latest))
    }

    /// Moves the target to the oldest (`toLatest` false) or newest revision known.
    mutating func jump(toLatest: Bool) {
        guard let latest = latestRevision else { return }
        target = .revision(toLatest ? latest : firstRevision)
    }

    /// Takes an answer of the source: shows it, learns the bounds, clamps the target into them. The top line
    /// stays the same line number across revisions (so scrubbing keeps its place); when none of the revision's
    /// changed lines would be visible in `rows` rows, the first one is scrolled to a third of the screen.
    mutating func show(_ revision: HistoryRevision, layout: TextLayout, rows: Int) {
        let topLine = shown.map { $0.text.lineIndex(containing: min(viewport.topOffset, $0.text.scalarCount)) }
            ?? initialLine
        // A question about another revision than the one now shown would restore the wrong text.
        if revision.revision != shown?.revision { confirmingRestore = false }
        firstRevision = revision.firstRevision
        latestRevision = max(latestRevision ?? revision.latestRevision, revision.latestRevision)
        shown = revision
        marks = revision.change.map { ChangedLines(change: $0, text: revision.text) } ?? ChangedLines()
        let wanted = targetRevision ?? revision.revision
        target = .revision(min(max(wanted, firstRevision), latestRevision ?? wanted))
        viewport.leftColumn = 0
        viewport.topOffset = revision.text.lineStart(min(topLine, revision.text.lineCount - 1))
        viewport.snap(layout: layout)
        revealFirstMark(layout: layout, rows: rows)
    }

    /// Scrolls to the first marked line when no marked line is visible in `rows` rows.
    mutating func revealFirstMark(layout: TextLayout, rows: Int) {
        let marked = marks.markedLines
        guard let first = marked.first, rows > 0 else { return }
        let top = layout.visualRow(containing: viewport.topOffset)
        let bottom = layout.row(top, movedBy: rows - 1).row
        guard !marked.contains(where: { $0 >= top.line && $0 <= bottom.line }) else { return }
        let row = VisualRow(line: first, row: 0)
        viewport.topOffset = layout.startOffset(of: layout.row(row, movedBy: -(rows / 3)).row)
    }

    /// Scrolls so that the next (`forward`) or previous marked line is at a third of the screen; false when there
    /// is none.
    mutating func scrollToMark(forward: Bool, layout: TextLayout, rows: Int) -> Bool {
        let top = layout.visualRow(containing: viewport.topOffset)
        let anchor = layout.row(top, movedBy: rows / 3).row.line
        guard let line = marks.markedLine(from: anchor, forward: forward) else { return false }
        let row = VisualRow(line: line, row: 0)
        viewport.topOffset = layout.startOffset(of: layout.row(row, movedBy: -(rows / 3)).row)
        return true
    }
}
