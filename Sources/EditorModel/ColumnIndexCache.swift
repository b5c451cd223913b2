import EditorCore

/// The `LineColumnIndex`es of a document's long lines, kept beside its text and carried through every change.
///
/// Only lines of at least `minimumLineLength` scalars are indexed (shorter ones are measured from their start,
/// which is as cheap as a screen). Lines are keyed by the offset where they start. `map(through:buffer:)` moves
/// the keys and updates an index whose line was edited inside (O(segment + edit)); an edit that adds or removes a
/// line break in or around an indexed line drops that line's index, to be built again when it is needed. A lookup
/// checks the line's current length and tab width, so a stale index is never used.
///
/// The editor builds indexes (`indexLines`) for the cursor's line and, when the view is scrolled far right, the
/// visible lines after every command (`Editor.indexLongLines()`); drawing and measuring only read them.
struct ColumnIndexCache: Sendable {
    /// Lines shorter than this (in scalars) are not indexed.
    static let minimumLineLength = 4096
    /// The most lines kept; beyond it, lines not asked for by the latest `indexLines` are dropped.
    static let capacity = 64

    /// The index of each indexed line, by the offset where the line starts.
    private var indexes: [Int: LineColumnIndex] = [:]

    /// The number of indexed lines.
    var count: Int { indexes.count }

    /// The index of the line whose content is `content` (offsets of `buffer`), when it is indexed with `tabWidth`.
    func index(forContent content: Range<Int>, tabWidth: Int) -> LineColumnIndex? {
        guard content.count >= Self.minimumLineLength, let index = indexes[content.lowerBound],
            index.length == content.count, index.tabWidth == max(1, tabWidth)
        else { return nil }
        return index
    }

    /// Builds the indexes of those of `lines` (line numbers of `buffer`) that are long and not indexed yet.
    mutating func indexLines(_ lines: some Sequence<Int>, in buffer: TextBuffer, tabWidth: Int) {
        var wanted: Set<Int> = []
        for line in lines where line >= 0 && line < buffer.lineCount {
            let content = buffer.contentRange(ofLine: line)
            guard content.count >= Self.minimumLineLength else { continue }
            wanted.insert(content.lowerBound)
            if index(forContent: content, tabWidth: tabWidth) == nil {
                indexes[content.lowerBound] = LineColumnIndex(buffer: buffer, lineStart: content.lowerBound,
                    length: content.count, tabWidth: tabWidth)
            }
        }
        if indexes.count > Self.capacity { indexes = indexes.filter { wanted.contains($0.key) } }
    }

    /// Carries the indexes through `change`, whose result is `buffer`.
    mutating func map(through change: ChangeSet, buffer: TextBuffer) {
        guard !indexes.isEmpty else { return }
        let edits = Edit.list(of: change)
        var mapped: [Int: LineColumnIndex] = [:]
        for (start, var index) in indexes {
            let end = start + index.length
            var shift = 0
            var local: (range: Range<Int>, inserted: Int, deleted: Int)?
            var keeps = true
            for edit in edits {
                if edit.range.upperBound < start || (edit.range.upperBound == start && edit.range.isEmpty == false) {
                    if edit.range.upperBound == start { keeps = false }  // the line break before the line went
                    shift += edit.insertedCount - edit.range.count
                } else if edit.range.lowerBound > end {
                    break
                } else if edit.range.lowerBound >= start, edit.range.upperBound <= end, !edit.insertsLineBreak {
                    let lower = min(local?.range.lowerBound ?? Int.max, edit.range.lowerBound - start)
                    let upper = max(local?.range.upperBound ?? 0, edit.range.upperBound - start)
                    local = (lower..<upper, (local?.inserted ?? 0) + edit.insertedCount,
                        (local?.deleted ?? 0) + edit.range.count)
                } else {
                    keeps = false
                }
            }
            guard keeps else { continue }
            let newStart = start + shift
            if let local {
                let newLength = index.length - local.deleted + local.inserted
                let insertedInRange = local.range.count - local.deleted + local.inserted
                guard newStart + newLength <= buffer.scalarCount,
                    index.replace(local.range, insertedCount: insertedInRange, buffer: buffer, lineStart: newStart,
                        newLength: newLength)
                else { continue }
            }
            mapped[newStart] = index
        }
        indexes = mapped
    }
}

/// One contiguous edit of a `ChangeSet`, in the old text's offsets.
private struct Edit {
    /// The old scalars removed (empty for a pure insertion).
    var range: Range<Int>
    /// The scalars inserted at `range.lowerBound`.
    var insertedCount: Int
    /// Whether the inserted text holds a line break ("\n" or "\r").
    var insertsLineBreak: Bool

    /// The edits of `change` in order, an insertion and the deletion right after it merged into one.
    static func list(of change: ChangeSet) -> [Edit] {
        var edits: [Edit] = []
        var position = 0
        var open: Edit?
        for operation in change.operations {
            switch operation {
            case .retain(let count):
                if let edit = open { edits.append(edit) }
                open = nil
                position += count
            case .insert(let text):
                var edit = open ?? Edit(range: position..<position, insertedCount: 0, insertsLineBreak: false)
                edit.insertedCount += text.unicodeScalars.count
                edit.insertsLineBreak = edit.insertsLineBreak || text.unicodeScalars.contains { $0 == "\n" || $0 == "\r" }
                open = edit
            case .delete(let count):
                var edit = open ?? Edit(range: position..<position, insertedCount: 0, insertsLineBreak: false)
                edit.range = edit.range.lowerBound..<edit.range.upperBound + count
                position += count
                open = edit
            }
        }
        if let edit = open { edits.append(edit) }
        return edits
    }
}

extension Editor {
    /// Indexes the cursor's line when it is long (without soft wrap), and the other visible long lines when the
    /// view is scrolled right by more than a segment (drawing a line from column 0 needs no index), so that
    /// measuring and drawing them reads one segment plus the screen. Cheap when they are indexed already: one line
    /// lookup per text row. Building an index walks its line once (0.1–0.15 s for a million characters, release build).
    mutating func indexLongLines() {
        guard !configuration.softWrap else { return }
        let buffer = document.buffer
        var lines = [buffer.lineIndex(containing: selection.head)]
        if viewport.leftColumn >= LineColumnIndex.segmentLength {
            let top = buffer.lineIndex(containing: min(viewport.topOffset, buffer.scalarCount))
            lines += top..<min(buffer.lineCount, top + max(1, geometry.textRows))
        }
        document.columnIndexes.indexLines(lines, in: buffer, tabWidth: configuration.tabWidth)
    }
}
