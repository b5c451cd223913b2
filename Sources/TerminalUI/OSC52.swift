/// The OSC 52 escape sequence that puts text on the user's own clipboard, through SSH and tmux
/// (`set-clipboard on`), in terminals that allow it.
public enum OSC52 {
    /// The largest text sent, in UTF-8 bytes; many terminals ignore longer sequences, so larger copies stay internal.
    public static let maximumExportBytes = 1 << 20

    /// `ESC ] 52 ; c ; <base64 of the UTF-8 text> BEL`, or nil when the text is too large to send.
    public static func sequence(for text: String) -> [UInt8]? {
        let bytes = Array(text.utf8)
        guard bytes.count <= maximumExportBytes else { return nil }
        return Array("\u{1B}]52;c;".utf8) + base64(bytes) + [0x07]
    }

    /// Standard base64 (RFC 4648, with `=` padding) of `bytes`, as ASCII bytes.
    static func base64(_ bytes: [UInt8]) -> [UInt8] {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var value = UInt32(0)
            for (offset, byte) in chunk.enumerated() { value |= UInt32(byte) << (16 - 8 * offset) }
            for position in 0..<4 {
                if position <= chunk.count {
                    output.append(alphabet[Int((value >> (18 - 6 * position)) & 0x3F)])
                } else {
                    output.append(UInt8(ascii: "="))
                }
            }
            index += 3
        }
        return output
    }
}
