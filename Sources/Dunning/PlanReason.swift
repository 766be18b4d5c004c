import Books

/// Why the planner proposes a reminder for an invoice, or why not: the case and its values, written out in a
/// language by `english` here and by `text(_:)` in Documents (which has the languages).
public enum PlanReason: Sendable, Equatable {
    /// The customer's dunning is off.
    case dunningOff(customer: String)
    /// A hold on the invoice (`customer` nil) or on its customer, from `since`, until `until` if given, with the hold's note.
    case held(customer: String?, since: Day, until: Day?, note: String?)
    /// The policy has no level for this invoice.
    case noLevelApplies
    /// The invoice has reached the last level of the policy.
    case lastLevelReached(level: Int)
    /// The courtesy reminder comes on `on`.
    case courtesyDue(on: Day)
    /// Level `level` comes on `on`, `offset` days after the due date (before when negative).
    case levelDue(level: Int, on: Day, offset: Int)
    /// The customer had a reminder on `lastReminder`: none before `gap` days have passed, on `until`.
    case waitForGap(customer: String, lastReminder: Day, gap: Int, until: Day)
    /// Not yet due (in `daysUntilDue` days): a courtesy reminder is proposed.
    case courtesyNow(daysUntilDue: Int)
    /// Late and never reminded: the first level is proposed.
    case lateNeverReminded(daysLate: Int)
    /// Late, `level` already sent on `sentOn` (nil when the history does not say): the next level is proposed.
    case lateReminded(daysLate: Int, level: Int, sentOn: Day?)
    /// Not due until `due`, and the customer's only document today is a formal notice, which leaves it out.
    case leftOutOfFormalNotice(due: Day)

    /// The reason in English, as `relance plan` prints it (table, CSV and JSON).
    public var english: String {
        switch self {
        case .dunningOff(let customer):
            return "customer \(customer) has dunning off"
        case .held(let customer, let since, let until, let note):
            let what = customer.map { "customer \($0) held" } ?? "invoice held"
            return "\(what) since \(since)" + (until.map { " until \($0)" } ?? "") + (note.map { ": \($0)" } ?? "")
        case .noLevelApplies:
            return "no reminder level applies"
        case .lastLevelReached(let level):
            return "last level (\(level)) reached: no further reminder"
        case .courtesyDue(let on):
            return "courtesy reminder due on \(on)"
        case .levelDue(let level, let on, let offset):
            return "level \(level) due on \(on) (due date \(offset >= 0 ? "+" : "")\(offset) days)"
        case .waitForGap(let customer, let last, let gap, let until):
            return "last reminder to \(customer) on \(last): wait \(gap) days, until \(until)"
        case .courtesyNow(let days):
            return "due in \(days) days: courtesy reminder"
        case .lateNeverReminded(let days):
            return "\(days) days late, never reminded"
        case .lateReminded(let days, let level, let sentOn):
            return "\(days) days late, level \(level) sent on \(sentOn.map { "\($0)" } ?? "?")"
        case .leftOutOfFormalNotice(let due):
            return "not due until \(due): left out of today's formal notice, which demands only invoices at its level"
        }
    }
}
