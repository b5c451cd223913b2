/// One line of a peer script (stdin of `coedit-peer`), parsed.
///
/// Offsets and lengths are Unicode scalars. TEXT is the rest of the line with escapes: `\n`, `\t`, `\\`, and
/// `\u{HEX}` for any scalar.
enum PeerInstruction: Equatable {
    /// `insert OFFSET TEXT` (OFFSET may be `end`).
    case insert(offset: Int?, text: String)
    /// `insert cursor TEXT`: types TEXT at the cursor (as a user does), which then moves after it.
    case insertAtCursor(String)
    /// `delete OFFSET LENGTH`.
    case delete(offset: Int, length: Int)
    /// `cursor ANCHOR [HEAD]`: sets the selection that other peers see.
    case cursor(anchor: Int, head: Int)
    /// `wait-quiet MS`: wait until in sync with the host and nothing arrived for MS milliseconds.
    case waitQuiet(milliseconds: Int)
    /// `wait-text TEXT`: wait until the buffer contains TEXT.
    case waitText(String)
    /// `wait-revision R`: wait until in sync with the host at revision R or later (nothing unsent, nothing in flight).
    case waitRevision(Int)
    /// `wait-peers N`: wait until exactly N participants (this one included) are connected (`wait-peers 1`: until
    /// everyone else left).
    case waitPeers(Int)
    /// `sleep MS`: keep syncing for MS milliseconds.
    case sleep(milliseconds: Int)
    /// `print`: writes `text ESCAPED-BUFFER` to stdout.
    case print
    /// `status`: writes `status STATE revision=R participants=N` to stdout.
    case status
    /// `save`: Ctrl-S (saves the shared document on the host), then waits until the host reports the outcome.
    case save
    /// `wait-saved`: wait until a save is reported (`saved by …` or `save-failed …`) since the last `save`.
    case waitSaved
    /// `quit`: leaves (a host stops sharing).
    case quit

    /// Parses one line; blank lines and `#` comments are nil.
    ///
    /// - Throws: `PeerScriptError` saying what is wrong with the line.
    static func parse(_ line: String) throws(PeerScriptError) -> PeerInstruction? {
        let trimmed = line.drop { $0 == " " }
        if trimmed.isEmpty || trimmed.hasPrefix("#") { return nil }
        let verb = trimmed.prefix { $0 != " " }
        let rest = trimmed.dropFirst(verb.count).dropFirst()
        let words = rest.split(separator: " ")
        func number(_ index: Int) throws(PeerScriptError) -> Int {
            guard index < words.count, let value = Int(words[index]), value >= 0 else {
                throw PeerScriptError("\(verb): expected a non-negative number as argument \(index + 1) in \"\(line)\"")
            }
            return value
        }
        switch verb {
        case "insert":
            let target = rest.prefix { $0 != " " }
            let text = try unescape(String(rest.dropFirst(target.count).dropFirst()))
            if target == "end" { return .insert(offset: nil, text: text) }
            if target == "cursor" { return .insertAtCursor(text) }
            return .insert(offset: try number(0), text: text)
        case "delete": return .delete(offset: try number(0), length: try number(1))
        case "cursor":
            let anchor = try number(0)
            return .cursor(anchor: anchor, head: words.count > 1 ? try number(1) : anchor)
        case "wait-quiet": return .waitQuiet(milliseconds: try number(0))
        case "wait-text": return .waitText(try unescape(String(rest)))
        case "wait-revision": return .waitRevision(try number(0))
        case "wait-peers": return .waitPeers(try number(0))
        case "sleep": return .sleep(milliseconds: try number(0))
        case "print": return .print
        case "status": return .status
        case "save": return .save
        case "wait-saved": return .waitSaved
        case "quit": return .quit
        default: throw PeerScriptError("unknown command \"\(verb)\"")
        }
    }

    /// Replaces the escapes `\n`, `\t`, `\\` and `\u{HEX}`.
    static func unescape(_ text: String) throws(PeerScriptError) -> String {
        var result = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "\\" else {
                result.append(scalar)
                continue
            }
            switch scalars.next() {
            case "n": result.append("\n")
            case "t": result.append("\t")
            case "\\": result.append("\\")
            case "u":
                guard scalars.next() == "{" else { throw PeerScriptError("expected { after \\u in \"\(text)\"") }
                var hex = ""
                while let digit = scalars.next(), digit != "}" { hex.unicodeScalars.append(digit) }
                guard let value = UInt32(hex, radix: 16), let decoded = Unicode.Scalar(value) else {
                    throw PeerScriptError("invalid scalar \\u{\(hex)} in \"\(text)\"")
                }
                result.append(decoded)
            case let other:
                throw PeerScriptError("unknown escape \\\(other.map(String.init) ?? "") in \"\(text)\"")
            }
        }
        return String(result)
    }

    /// `text` with `\`, newlines and tabs escaped, so it fits on one output line.
    static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

/// A script line that cannot be parsed.
struct PeerScriptError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
