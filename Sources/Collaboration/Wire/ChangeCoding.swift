import EditorCore

/// The binary `change` field (Docs/protocol.md §6.2, "Changes"):
/// `varint` base length ‖ `varint` operation count ‖ operations, each a `varint` v with kind = v & 3 and n = v >> 2:
///
/// | kind | operation                                                                  |
/// |-----:|----------------------------------------------------------------------------|
/// | 0    | retain n scalars                                                           |
/// | 1    | delete n scalars                                                           |
/// | 2    | insert: n is the UTF-8 byte count of the inserted text, whose bytes follow |
/// | 3    | malformed                                                                  |
///
/// n = 0 is malformed. The trailing retain is not written: it is the base length minus the retains and deletes
/// (which must not exceed it). For example `[retain 6, insert "✓ "]` on an 11-scalar text is
/// `0b 02 18 12 e2 9c 93 20`.
///
/// Law (tested with non-ASCII text): `decode(encode(c)) == c` for every `ChangeSet` `c` (whose counts are below
/// 2^61), because the builder normalizes what the decoder appends exactly as it normalized `c`.
extension ByteWriter {
    /// The kinds of operation, in the low two bits of an operation's varint.
    enum OperationKind: Int {
        case retain = 0, delete = 1, insert = 2
    }

    /// Appends `change`, its trailing retain left out.
    mutating func change(_ change: ChangeSet) {
        varint(change.baseLength)
        var operations = change.operations[...]
        if case .retain? = operations.last { operations = operations.dropLast() }
        varint(operations.count)
        for operation in operations {
            switch operation {
            case .retain(let count): varint(count << 2 | OperationKind.retain.rawValue)
            case .delete(let count): varint(count << 2 | OperationKind.delete.rawValue)
            case .insert(let text):
                utf8(text) { writer, count in writer.varint(count << 2 | OperationKind.insert.rawValue) }
            }
        }
    }
}

extension ByteReader {
    /// A `change`. The retains and deletes are bounded by the base length before they are added, so hostile counts
    /// are reported, never overflowed.
    mutating func change(_ field: @autoclosure () -> String) throws(MessageDecodingError) -> ChangeSet {
        let baseLength = try varint(field() + ".baseLength")
        let count = try count(field() + ".operations.count", minimumItemSize: 1)
        var change = ChangeSet()
        change.reserveCapacity(count + 1)  // `count` is bounded by the bytes left; + 1 for the trailing retain
        var covered = 0  // scalars of the base text retained or deleted so far; ≤ baseLength
        for index in 0..<count {
            let start = offset
            func operation() -> String { "\(field()).operations[\(index)]" }
            let value = try varint(operation())
            let size = value >> 2
            guard size > 0 else { throw failure(operation, at: start, "an empty operation (n = 0)") }
            switch ByteWriter.OperationKind(rawValue: value & 3) {
            case .retain?, .delete?:
                guard size <= baseLength - covered else {
                    throw failure(
                        operation, at: start,
                        "the retains and deletes exceed the base length \(baseLength) (\(covered) + \(size))")
                }
                covered += size
                if value & 3 == ByteWriter.OperationKind.retain.rawValue { change.retain(size) } else { change.delete(size) }
            case .insert?:
                change.insert(try utf8(operation() + ".text", count: size))
            case nil:
                throw failure(operation, at: start, "operation kind 3 is not defined")
            }
        }
        change.retain(baseLength - covered)
        return change
    }
}
