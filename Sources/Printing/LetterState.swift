import Books

/// What became of one reminder's paper letter, as the history says: printed, then posted with its number.
public struct LetterState: Sendable, Equatable {
    /// The last `printed` record's date.
    public var printed: Day?
    /// The last `posted` record's date and number.
    public var posted: Day?
    public var tracking: String?

    /// `posted 2026-11-23 1A00123456789`, else `printed 2026-11-22`.
    public var text: String {
        if let posted { return "posted \(posted)" + (tracking.map { " " + $0 } ?? "") }
        return printed.map { "printed \($0)" } ?? ""
    }

    /// Reminder id → its letter's state, from the records dated on or before `asOf` (all of them when nil).
    public static func all(_ books: Books, asOf: Day? = nil) -> [String: LetterState] {
        var out: [String: LetterState] = [:]
        for l in books.letters where asOf.map({ l.date <= $0 }) ?? true {
            var state = out[l.reminderID] ?? LetterState()
            switch l.event {
            case .printed: state.printed = l.date
            case .posted: state.posted = l.date; state.tracking = l.tracking
            }
            out[l.reminderID] = state
        }
        return out
    }
}
