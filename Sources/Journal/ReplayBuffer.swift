import EditorCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A gap buffer of Unicode scalars: where `text(at:)` replays thousands of small changes.
///
/// The text is `storage[0..<gapStart] + storage[gapEnd...]`. Applying a change moves the gap to each place it
/// edits (a `memmove` of the scalars in between) and edits there in place, so a run of nearby keystrokes costs a
/// few bytes moved each, not the O(log n) node rebuilds of a rope edit (about 5 µs a keystroke on a 100 KB text,
/// measured; the replay's main cost before this). Worst case, a change far from the previous one moves the
/// whole text once (0.4 MB for 100 K scalars, about 30 µs).
///
/// Positions and counts are Unicode scalars, as in `ChangeSet`.
struct ReplayBuffer {
    /// The scalars, with the gap in the middle (its contents are garbage).
    private var storage: [Unicode.Scalar]
    /// The gap: `gapStart..<gapEnd`.
    private var gapStart: Int
    private var gapEnd: Int

    /// A buffer holding `text`.
    init(_ text: String) {
        storage = Array(text.unicodeScalars)
        gapStart = storage.count
        gapEnd = storage.count
    }

    /// The length in scalars.
    var count: Int { storage.count - (gapEnd - gapStart) }

    /// The text.
    var string: String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: storage[..<gapStart])
        scalars.append(contentsOf: storage[gapEnd...])
        return String(scalars)
    }

    /// Applies `change`.
    ///
    /// - Throws: `ChangeSetError.lengthMismatch` (and changes nothing) when the text does not have
    ///   `change.baseLength` scalars.
    mutating func apply(_ change: ChangeSet) throws(ChangeSetError) {
        guard change.baseLength == count else { throw .lengthMismatch(expected: change.baseLength, actual: count) }
        var position = 0
        for operation in change.operations {
            switch operation {
            case .retain(let length):
                position += length
            case .delete(let length):
                moveGap(to: position)
                gapEnd += length
            case .insert(let text):
                moveGap(to: position)
                let scalars = text.unicodeScalars
                reserveGap(scalars.count)
                for scalar in scalars {
                    storage[gapStart] = scalar
                    gapStart += 1
                }
                position = gapStart
            }
        }
    }

    /// Moves the gap so that it starts at text offset `position`.
    private mutating func moveGap(to position: Int) {
        guard position != gapStart else { return }
        let gap = gapEnd - gapStart
        storage.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            let stride = MemoryLayout<Unicode.Scalar>.stride
            if position < gapStart {
                let moved = gapStart - position
                memmove(base + position + gap, base + position, moved * stride)
            } else {
                let moved = position - gapStart
                memmove(base + gapStart, base + gapEnd, moved * stride)
            }
        }
        gapStart = position
        gapEnd = position + gap
    }

    /// Makes the gap at least `needed` scalars wide (growing the storage by half its size or more).
    private mutating func reserveGap(_ needed: Int) {
        let gap = gapEnd - gapStart
        guard gap < needed else { return }
        let growth = max(needed - gap, storage.count / 2 + 64)
        storage.insert(contentsOf: repeatElement(Unicode.Scalar(0), count: growth), at: gapEnd)
        gapEnd += growth
    }
}
