import EditorCore
import TestSupport

/// Random change sets and texts for law tests: non-ASCII text, every operation kind, lengths in scalars.
enum RandomChanges {
    /// A random text of up to `maxFragments` fragments (accents, CJK, emoji, combining marks, newlines).
    static func text(_ generator: inout SeededGenerator, maxFragments: Int = 24) -> String {
        RandomText.string(maxFragments: maxFragments, using: &generator)
    }

    /// A random change set over a text of `baseLength` scalars, built through the public builder.
    static func change(baseLength: Int, _ generator: inout SeededGenerator) -> ChangeSet {
        var change = ChangeSet()
        var remaining = baseLength
        while remaining > 0 || Int.random(in: 0..<4, using: &generator) == 0 {
            let count = Int.random(in: 1...max(1, min(remaining, 6)), using: &generator)
            let kind = Int.random(in: 0..<5, using: &generator)
            if remaining > 0 && kind < 2 {
                change.retain(count)
                remaining -= count
            } else if remaining > 0 && kind == 2 {
                change.delete(count)
                remaining -= count
            } else {
                let fragments = Int.random(in: 1...3, using: &generator)
                change.insert(RandomText.string(fragmentCount: fragments, using: &generator))
            }
            if remaining == 0 && Int.random(in: 0..<2, using: &generator) == 0 { break }
        }
        return change
    }

    /// Why `change` is not in normal form, or nil: no empty operations, no two adjacent operations of the same
    /// kind, no insert right after a delete, and lengths that add up.
    static func normalFormViolation(_ change: ChangeSet) -> String? {
        var base = 0
        var target = 0
        var previous: ChangeSet.Operation?
        for operation in change.operations {
            switch (previous, operation) {
            case (.retain?, .retain), (.insert?, .insert), (.delete?, .delete):
                return "adjacent \(operation) in \(change)"
            case (.delete?, .insert): return "insert after delete in \(change)"
            default: break
            }
            switch operation {
            case .retain(let count):
                if count <= 0 { return "empty retain" }
                base += count
                target += count
            case .delete(let count):
                if count <= 0 { return "empty delete" }
                base += count
            case .insert(let text):
                if text.isEmpty { return "empty insert" }
                target += text.unicodeScalars.count
            }
            previous = operation
        }
        if base != change.baseLength { return "baseLength \(change.baseLength) but operations cover \(base)" }
        if target != change.targetLength { return "targetLength \(change.targetLength) but operations make \(target)" }
        return nil
    }
}

extension String {
    /// Length in Unicode scalars.
    var scalarCount: Int { unicodeScalars.count }

    /// The scalar at scalar offset `offset`.
    func scalar(at offset: Int) -> Unicode.Scalar {
        unicodeScalars[unicodeScalars.index(unicodeScalars.startIndex, offsetBy: offset)]
    }
}
