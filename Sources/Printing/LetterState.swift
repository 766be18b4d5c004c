import Books

/// What became of each reminder's paper letter, as the history says: printed, then posted with its number.
public enum LetterState {
    /// Reminder id → `printed 2026-11-22` or `posted 2026-11-23 1A00123456789`, from records on or before `asOf`
    /// (all of them when nil); the latest event wins.
    public static func texts(_ books: Books, asOf: Day? = nil) -> [String: String] {
        var out: [String: String] = [:]
        for l in books.letters where asOf.map({ l.date <= $0 }) ?? true {
            if l.event == .printed, out[l.reminderID]?.hasPrefix("posted") == true { continue }
            out[l.reminderID] = "\(l.event.rawValue) \(l.date)" + (l.tracking.map { " " + $0 } ?? "")
        }
        return out
    }
}
