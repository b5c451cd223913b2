/// The line-ending convention of a text, used when inserting new lines so a file keeps its convention.
///
/// The buffer itself never converts line endings; this only tells an editor what to type for Enter.
public enum LineEnding: String, Sendable, CaseIterable {
    /// "\n" (Unix).
    case lf = "\n"
    /// "\r\n" (Windows).
    case crlf = "\r\n"

    /// The convention of `text`, by majority: "\r\n" when more line breaks are "\r\n" than a lone "\n", "\n" when
    /// fewer; on a tie, the kind of the first line break; "\n" when there is none. O(n) in bytes.
    public static func detect(in text: TextBuffer) -> LineEnding {
        var crlf = 0
        var lf = 0
        var first: LineEnding?
        var previous: UInt8 = 0
        for chunk in text.utf8Chunks {
            for byte in chunk {
                if byte == 0x0A {
                    let kind: LineEnding = previous == 0x0D ? .crlf : .lf
                    if kind == .crlf { crlf += 1 } else { lf += 1 }
                    if first == nil { first = kind }
                }
                previous = byte
            }
        }
        if crlf != lf { return crlf > lf ? .crlf : .lf }
        return first ?? .lf
    }
}
