import Foundation

/// A point in a document's history as the command line names it: a revision number or a time.
///
/// Accepted forms (`parse`): `REV` (decimal digits: a revision number), `YYYY-MM-DD` (midnight),
/// `YYYY-MM-DD HH:MM[:SS]` or with `T` instead of the space, optionally followed by `Z` or `±HH:MM`. Without a
/// zone the time is in `timeZone` (the user's local zone).
public enum HistoryPoint: Hashable, Sendable {
    /// A revision number.
    case revision(Int)
    /// The newest revision made at or before this time.
    case time(Date)

    /// Parses `text` (see the type notes).
    ///
    /// - Throws: `HistoryPointError` naming the text and what is expected.
    public static func parse(_ text: String, timeZone: TimeZone) throws(HistoryPointError) -> HistoryPoint {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            guard let revision = Int(trimmed) else { throw HistoryPointError(text: text) }
            return .revision(revision)
        }
        return .time(try parseTime(trimmed, timeZone: timeZone))
    }

    /// Parses a time (`YYYY-MM-DD[( |T)HH:MM[:SS]][Z|±HH:MM]`), as `--since` takes it.
    public static func parseTime(_ text: String, timeZone: TimeZone) throws(HistoryPointError) -> Date {
        var scanner = DigitScanner(Array(text.trimmingCharacters(in: .whitespaces).utf8))
        guard let year = scanner.number(digits: 4), scanner.skip("-"), let month = scanner.number(digits: 2),
            scanner.skip("-"), let day = scanner.number(digits: 2)
        else { throw HistoryPointError(text: text) }
        var components = DateComponents(year: year, month: month, day: day, hour: 0, minute: 0, second: 0)
        if scanner.skip(" ") || scanner.skip("T") {
            guard let hour = scanner.number(digits: 2), scanner.skip(":"), let minute = scanner.number(digits: 2)
            else { throw HistoryPointError(text: text) }
            components.hour = hour
            components.minute = minute
            if scanner.skip(":") {
                guard let second = scanner.number(digits: 2) else { throw HistoryPointError(text: text) }
                components.second = second
            }
        }
        var zone = timeZone
        if scanner.skip("Z") {
            zone = TimeZone(secondsFromGMT: 0)!
        } else if let sign = scanner.sign() {
            guard let hours = scanner.number(digits: 2), scanner.skip(":"), let minutes = scanner.number(digits: 2),
                let offset = TimeZone(secondsFromGMT: sign * (hours * 3600 + minutes * 60))
            else { throw HistoryPointError(text: text) }
            zone = offset
        }
        guard scanner.atEnd, (1...12).contains(month), (1...31).contains(day), (0...23).contains(components.hour!),
            (0...59).contains(components.minute!), (0...60).contains(components.second!)
        else { throw HistoryPointError(text: text) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        guard let date = calendar.date(from: components),
            calendar.component(.day, from: date) == day
        else { throw HistoryPointError(text: text) }
        return date
    }
}

/// A revision or time the command line could not read.
public struct HistoryPointError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The text given.
    public var text: String

    public var description: String {
        "cannot read \"\(text)\" as a revision number or a time (YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS], "
            + "optionally with Z or ±HH:MM)"
    }
}

/// Reads fixed-width numbers and separators from ASCII bytes.
private struct DigitScanner {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index == bytes.count }

    mutating func number(digits: Int) -> Int? {
        guard index + digits <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[index..<index + digits] {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        index += digits
        return value
    }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    mutating func sign() -> Int? {
        if skip("+") { return 1 }
        if skip("-") { return -1 }
        return nil
    }
}
