import Transport

#if canImport(Glibc)
import Glibc
#endif

/// Asks for a session secret on the terminal, without echo, before the screen is taken over.
enum SecretPrompt {
    /// The secret typed for `endpoint` (one line; the end of input or an empty line is an error).
    static func ask(for endpoint: TransportEndpoint) throws(CoeditFailure) -> SessionSecret {
        guard isatty(STDIN_FILENO) == 1 else {
            throw CoeditFailure("no session secret for \(endpoint): pass --token-file FILE or --token SECRET, or set COEDIT_TOKEN")
        }
        Console.error("Session secret for \(endpoint) (ask the host; it is in their status message): ")
        var original = termios()
        let canHide = tcgetattr(STDIN_FILENO, &original) == 0
        if canHide {
            var hidden = original
            hidden.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSANOW, &hidden)
        }
        defer {
            if canHide { tcsetattr(STDIN_FILENO, TCSANOW, &original) }
            Console.error("\n")
        }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while read(STDIN_FILENO, &byte, 1) == 1, byte != UInt8(ascii: "\n") {
            if byte != UInt8(ascii: "\r") { bytes.append(byte) }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        do {
            return try SessionSecret(text)
        } catch {
            throw CoeditFailure("no session secret given")
        }
    }
}
