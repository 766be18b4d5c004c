import Books

/// A message date given explicitly (this module reads no clock): a calendar day, a wall-clock
/// time and the offset of that wall clock from UTC, rendered as in RFC 5322 section 3.3:
/// `Sun, 22 Nov 2026 09:00:00 +0100`.
public struct MailDate: Sendable, Equatable {
    public let day: Day
    public let hour: Int
    public let minute: Int
    public let second: Int
    /// Minutes east of UTC: `60` for Paris in winter, `-300` for New York.
    public let utcOffsetMinutes: Int

    /// Nil when a field is out of range (hour 0-23, minute 0-59, second 0-60, offset within ±23:59).
    public init?(day: Day, hour: Int, minute: Int, second: Int = 0, utcOffsetMinutes: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second),
              (-1439...1439).contains(utcOffsetMinutes) else { return nil }
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.utcOffsetMinutes = utcOffsetMinutes
    }

    /// `Sun, 22 Nov 2026 09:00:00 +0100` (English names, as the RFC requires).
    public var rfc5322: String {
        let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let c = day.components
        func two(_ n: Int) -> String { n < 10 ? "0" + String(n) : String(n) }
        var year = String(c.year)
        while year.count < 4 { year = "0" + year }
        let offset = utcOffsetMinutes.magnitude
        return weekdays[day.weekday - 1] + ", " + two(c.day) + " " + months[c.month - 1] + " " + year + " "
            + two(hour) + ":" + two(minute) + ":" + two(second) + " "
            + (utcOffsetMinutes < 0 ? "-" : "+") + two(Int(offset / 60)) + two(Int(offset % 60))
    }
}
