/// A `HOST:PORT` address as typed on the command line (`--join 192.168.1.5:7878`, `[::1]:7878`, `laptop:7878`).
public struct TransportEndpoint: Sendable, Equatable, CustomStringConvertible {
    /// The host name or IP address (IPv6 without brackets).
    public let host: String
    /// The TCP port, 1...65535.
    public let port: Int

    /// An endpoint from its parts.
    ///
    /// - Throws: `TransportError.invalidAddress` for an empty host or a port outside 1...65535.
    public init(host: String, port: Int) throws(TransportError) {
        let shown = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        guard !host.isEmpty else { throw .invalidAddress(shown, reason: "the host is empty") }
        guard (1...65_535).contains(port) else { throw .invalidAddress(shown, reason: "the port must be 1–65535") }
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT` or `[IPV6]:PORT`.
    ///
    /// - Throws: `TransportError.invalidAddress` saying what is wrong.
    public init(parsing text: String) throws(TransportError) {
        let hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw .invalidAddress(text, reason: "missing \"]\" after the IPv6 address")
            }
            hostPart = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw .invalidAddress(text, reason: "expected [IPV6]:PORT") }
            portPart = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                throw .invalidAddress(text, reason: "expected HOST:PORT, e.g. 192.168.1.5:7878")
            }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
            guard !hostPart.contains(":") else {
                throw .invalidAddress(text, reason: "write an IPv6 address in brackets: [IPV6]:PORT")
            }
        }
        guard !portPart.isEmpty, portPart.allSatisfy(\.isASCIIDigit), portPart.count <= 5, let port = Int(portPart)
        else { throw .invalidAddress(text, reason: "the port \"\(portPart)\" is not a number") }
        guard !hostPart.isEmpty else { throw .invalidAddress(text, reason: "the host is empty") }
        guard (1...65_535).contains(port) else { throw .invalidAddress(text, reason: "the port must be 1–65535") }
        self.host = String(hostPart)
        self.port = port
    }

    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
