import EditorCore

/// The history messages' fields (Docs/protocol.md §6.3 `history request`, §6.4 `history reply`).
extension ByteWriter {
    /// `history reply` = `u8` outcome: `00` ‖ entry, or `01` ‖ `string` reason.
    mutating func historyReply(_ reply: HistoryReply) {
        switch reply {
        case .revision(let entry):
            u8(0)
            historyEntry(entry)
        case .unavailable(let reason):
            u8(1)
            string(reason)
        }
    }

    /// entry = `rev` revision ‖ `rev` first revision ‖ `rev` latest revision ‖ `varint` time (ms since
    /// 1970) ‖ `string?` author ‖ `change?` ‖ `string` text.
    mutating func historyEntry(_ entry: HistoryEntry) {
        rev(entry.revision)
        rev(entry.firstRevision)
        rev(entry.latestRevision)
        varint(Int(clamping: max(0, entry.time)))
        optional(entry.authorName) { $0.string($1) }
        optional(entry.change) { $0.change($1) }
        string(entry.text)
    }
}

extension ByteReader {
    /// A `history reply`'s fields.
    mutating func historyReply(_ field: String) throws(MessageDecodingError) -> HistoryReply {
        let outcomeOffset = offset
        switch try u8(field + ".outcome") {
        case 0: return .revision(try historyEntry(field))
        case 1: return .unavailable(try string(field + ".reason"))
        case let other:
            throw failure(field + ".outcome", at: outcomeOffset, "expected 0 (revision) or 1 (unavailable), found \(other)")
        }
    }

    /// A history entry, its invariants checked.
    mutating func historyEntry(_ field: String) throws(MessageDecodingError) -> HistoryEntry {
        let revisionOffset = offset
        let revision = try rev(field + ".revision")
        let first = try rev(field + ".firstRevision")
        let latest = try rev(field + ".latestRevision")
        guard first <= revision, revision <= latest else {
            throw failure(field + ".revision", at: revisionOffset,
                "revision \(revision) outside the history \(first)...\(latest)")
        }
        let time = Int64(try varint(field + ".time"))
        let author = try flag(field + ".author") ? try string(field + ".author.value", maxBytes: Self.maximumNameBytes) : nil
        let changeOffset = offset
        let change = try flag(field + ".change") ? try self.change(field + ".change.value") : nil
        let text = try string(field + ".text")
        guard (change == nil) == (revision == first), (author == nil) == (revision == first) else {
            throw failure(field + ".change", at: changeOffset,
                "the first revision has no change nor author, every later one has both")
        }
        if let change, change.targetLength != text.unicodeScalars.count {
            throw failure(field + ".change", at: changeOffset,
                "the change gives \(change.targetLength) scalars but the text has \(text.unicodeScalars.count)")
        }
        return HistoryEntry(
            revision: revision, firstRevision: first, latestRevision: latest, time: time, authorName: author,
            change: change, text: text)
    }
}
