#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOPosix
import Testing
@testable import Transport

@Suite("Addresses, secrets and connect errors")
struct EndpointTests {
    @Test("HOST:PORT and [IPV6]:PORT parse")
    func parses() throws {
        #expect(try TransportEndpoint(parsing: "192.168.1.5:7878") == TransportEndpoint(host: "192.168.1.5", port: 7878))
        #expect(try TransportEndpoint(parsing: "[::1]:80") == TransportEndpoint(host: "::1", port: 80))
        #expect(try TransportEndpoint(parsing: "laptop.local:1").description == "laptop.local:1")
        #expect(try TransportEndpoint(parsing: "[fe80::1]:7878").description == "[fe80::1]:7878")
    }

    @Test("unparsable addresses say what is wrong", arguments: [
        "", "host", "host:", ":7878", "host:0", "host:65536", "host:12ab", "host:-1", "::1:7878", "[::1", "[::1]7878",
        "hôst:99999999999999999999",
    ])
    func rejects(text: String) {
        #expect {
            try TransportEndpoint(parsing: text)
        } throws: { error in
            guard case .invalidAddress(let shown, let reason) = error as? TransportError else { return false }
            return shown == text && !reason.isEmpty
        }
    }

    @Test("secrets: empty refused, generated ones are long and distinct, description redacted")
    func secrets() throws {
        #expect(throws: TransportError.invalidSecret("the secret is empty")) { try SessionSecret("") }
        let a = SessionSecret.generate()
        let b = SessionSecret.generate()
        #expect(a.text.count == 26 && a.text != b.text)
        #expect(a.text.allSatisfy { SessionSecret.alphabet.contains($0) })
        #expect(!"\(a)".contains(a.text))
        #expect(throws: TransportError.self) {
            try ServerConfiguration(editorSecret: a, readOnlySecret: try SessionSecret(a.text))
        }
    }

    @Test("connect failures map to clear errors")
    func connectErrors() throws {
        let endpoint = try TransportEndpoint(host: "example.invalid", port: 7878)
        #expect(TransportClient.connectError(ChannelError.connectTimeout(.seconds(1)), endpoint: endpoint)
                == .connectTimedOut("example.invalid:7878"))
        #expect(TransportClient.connectError(IOError(errnoCode: ECONNREFUSED, reason: "connect"), endpoint: endpoint)
                == .connectionRefused("example.invalid:7878"))
        #expect(TransportError.connectTimedOut("h:1").description == "timed out connecting to h:1")
    }
}
