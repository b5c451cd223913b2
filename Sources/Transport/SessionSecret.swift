/// A session secret: the editor secret or the read-only guest secret that a joiner must prove it knows.
///
/// The secret's key material is its UTF-8 bytes, exactly as typed (no trimming, no normalization). It never leaves
/// this process: the handshake sends only HMAC proofs derived from it. `description` is redacted so a secret cannot
/// reach a log by accident; `text` gives the secret itself, for the join command shown to the host's user.
public struct SessionSecret: Sendable, CustomStringConvertible {
    /// The secret as typed.
    public let text: String

    /// Letters and digits that cannot be confused with each other when read aloud or typed (no l, o, 0, 1).
    static let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
    /// Characters in a generated secret: 26 × 5 bits = 130 bits of entropy.
    public static let generatedLength = 26

    /// Wraps `text` as a secret.
    ///
    /// - Throws: `TransportError.invalidSecret` when `text` is empty.
    public init(_ text: String) throws(TransportError) {
        guard !text.isEmpty else { throw .invalidSecret("the secret is empty") }
        self.text = text
    }

    /// A fresh random secret of `generatedLength` characters from `alphabet` (130 bits), drawn from `generator`.
    ///
    /// Use the system generator (the default overload) for real sessions; a seeded one only in tests.
    public static func generate<G: RandomNumberGenerator>(using generator: inout G) -> SessionSecret {
        var text = ""
        for _ in 0..<generatedLength {
            text.append(alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))])
        }
        return SessionSecret(unchecked: text)
    }

    /// A fresh random secret from the system's cryptographically secure generator (getrandom on Linux).
    public static func generate() -> SessionSecret {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    /// The key material: the UTF-8 bytes of `text`.
    var keyMaterial: [UInt8] { Array(text.utf8) }

    /// Whether both secrets have the same key material (configuration checks only; not constant-time).
    func hasSameKeyMaterial(as other: SessionSecret) -> Bool {
        keyMaterial == other.keyMaterial
    }

    public var description: String { "SessionSecret(redacted)" }

    private init(unchecked text: String) {
        self.text = text
    }
}
