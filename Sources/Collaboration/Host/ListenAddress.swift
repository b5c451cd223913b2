import Transport

/// Where a host listens, as given with `--listen`: `ADDR:PORT`, `[IPV6]:PORT`, or `:PORT` for all interfaces.
///
/// Port 0 asks the system for any free port (tests). Without `--listen` a host listens on all interfaces, port 7878
/// or the next free one (`ServerConfiguration`'s defaults).
public struct ListenAddress: Hashable, Sendable {
    /// The address to bind (`0.0.0.0` for all IPv4 interfaces).
    public var host: String
    /// The port, 0...65535.
    public var port: Int

    /// Parses `text`.
    ///
    /// - Throws: `TransportError.invalidAddress` saying what is wrong.
    public init(parsing text: String) throws(TransportError) {
        let full = text.hasPrefix(":") ? "0.0.0.0" + text : text
        // TransportEndpoint validates everything but accepts ports from 1: check port 0 through a stand-in.
        let anyPort = full.hasSuffix(":0")
        let endpoint = try TransportEndpoint(parsing: anyPort ? String(full.dropLast()) + "1" : full)
        host = endpoint.host
        port = anyPort ? 0 : endpoint.port
    }

    /// Applies this address to `configuration` (an explicit port: taken is an error).
    public func apply(to configuration: inout ServerConfiguration) {
        configuration.host = host
        configuration.port = port
    }
}
