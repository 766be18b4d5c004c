/// A calendar day (no time, no time zone), stored as days since 1970-01-01.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before).
    public let ordinal: Int32

    public init(ordinal: Int32) { self.ordinal = ordinal }

    /// A valid calendar day, or nil (2026-02-30 is nil).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        ordinal = Int32(era * 146097 + doe - 719468)
    }

    /// The days relance works with: books dates and `--as-of` outside them are refused (a due date, an
    /// interest half-year or a deadline computed from them then always stays a valid calendar day).
    public static let supported = Day(ordinal: -25567)...Day(ordinal: 376199)
    /// How `supported` reads in messages.
    public static let supportedText = "1900-01-01 to 2999-12-31"

    /// Parses `YYYY-MM-DD`; nil when malformed or impossible.
    public init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard let parsed = Day.parse(bytes[...]) else { return nil }
        self = parsed
    }

    /// Parses `YYYY-MM-DD` from raw bytes.
    public static func parse<Bytes: RandomAccessCollection>(_ b: Bytes) -> Day? where Bytes.Element == UInt8, Bytes.Index == Int {
        guard b.count == 10 else { return nil }
        let s = b.startIndex
        guard b[s + 4] == UInt8(ascii: "-"), b[s + 7] == UInt8(ascii: "-") else { return nil }
        func num(_ from: Int, _ count: Int) -> Int? {
            var v = 0
            for i in from..<(from + count) {
                let c = b[s + i]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard let y = num(0, 4), let m = num(5, 2), let d = num(8, 2) else { return nil }
        return Day(year: y, month: m, day: d)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Year, month (1-12) and day of month.
    public var components: (year: Int, month: Int, day: Int) {
        // Howard Hinnant's civil_from_days.
        let z = Int(ordinal) + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    public var year: Int { components.year }

    /// Day of week, 1 = Monday ... 7 = Sunday.
    public var weekday: Int {
        let w = (Int(ordinal) + 3) % 7  // 1970-01-01 was a Thursday
        return (w < 0 ? w + 7 : w) + 1
    }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + Int32(days)) }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(until other: Day) -> Int { Int(other.ordinal - ordinal) }

    /// `YYYY-MM-DD`.
    public var description: String {
        let c = components
        var s = String(c.year)
        while s.count < 4 { s = "0" + s }
        return s + "-" + (c.month < 10 ? "0" : "") + String(c.month) + "-" + (c.day < 10 ? "0" : "") + String(c.day)
    }

    public static func < (a: Day, b: Day) -> Bool { a.ordinal < b.ordinal }
}
