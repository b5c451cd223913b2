/// Normalisation of bracketed-paste content into the text the editor inserts.
enum PasteText {
    /// Decodes pasted bytes as UTF-8 (invalid bytes become U+FFFD), turns CR LF and lone CR (terminals send CR
    /// for a pasted newline) into LF, and drops control characters other than tab and newline, so a paste can
    /// never smuggle escape sequences into the buffer.
    static func normalized(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        var previousWasCarriageReturn = false
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            defer { previousWasCarriageReturn = scalar == "\r" }
            switch scalar {
            case "\r": scalars.append("\n")
            case "\n": if !previousWasCarriageReturn { scalars.append("\n") }
            case "\t": scalars.append(scalar)
            default: if UTF8Scalar.isPrintable(scalar) { scalars.append(scalar) }
            }
        }
        return String(scalars)
    }
}
