import Books
import Configuration
import Receivables

/// Why a manual reminder cannot be made.
public struct ManualReminderRefusal: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// A reminder made by hand for one invoice (as QuickBooks' "send reminder"): same rules, no schedule.
public enum ManualReminder {
    /// A reminder made by hand, and what `force` overrode to make it (recorded in history as `manual`).
    public struct Made: Sendable, Equatable {
        public var reminder: PlannedReminder
        public var manual: [ManualChoice]
    }

    /// The reminder for invoice `i` now: the next level (never skipping, never repeating) or `level` if it is that one.
    public static func make(planner: Planner, invoice i: Int, outstanding: Outstanding, level: Int?, channel: Channel?,
                            force: Bool = false) throws -> PlannedReminder {
        try prepare(planner: planner, invoice: i, outstanding: outstanding, level: level, channel: channel, force: force).reminder
    }

    /// As `make`. With `force`, a later level than the next one may be chosen (levels skipped, never repeated)
    /// and the policy's minimum gap between two reminders to a customer is not waited for.
    /// `channel` `.phone` records a call made by the user: the level is reached, no document is written.
    public static func prepare(planner: Planner, invoice i: Int, outstanding: Outstanding, level: Int?, channel: Channel?,
                               force: Bool = false) throws -> Made {
        let books = planner.books
        let policy = planner.config.dunning
        let inv = books.invoices[i]
        let customer = books.customers[Int(inv.customer)]
        let left = outstanding.outstanding(books, i)
        guard left > 0 else { throw ManualReminderRefusal(description: "\(inv.number) is settled as of \(planner.asOf): nothing to remind") }
        guard customer.dunning else { throw ManualReminderRefusal(description: "customer \(customer.id) has dunning off") }
        let holds = Holds(books, asOf: planner.asOf)
        if let hold = holds.hold(on: i, in: books) {
            throw ManualReminderRefusal(description: "\(inv.number) is held since \(hold.since)\(hold.reason.map { " (\($0))" } ?? ""): release it first")
        }
        let history = ReminderHistory(books, asOf: planner.asOf)
        let reached = history.highestLevel(for: i)
        let at = reached == 0 ? "was never reminded" : "is at level \(reached)"
        guard let next = planner.nextLevel(after: reached, due: inv.due) else {
            throw ManualReminderRefusal(description: "\(inv.number) has reached the last level (\(reached)): no further reminder")
        }
        var manual: [ManualChoice] = []
        var notes: [String] = []
        var chosen = next
        if let level {
            guard let asked = policy.level(level) else {
                throw ManualReminderRefusal(description: "there is no level \(level) in the policy (levels 1 to \(policy.levels.count)) — the next is \(next.number)")
            }
            if level <= reached {
                let had = history.byInvoice[Int32(i)]?.contains { $0.level == level } ?? false
                throw ManualReminderRefusal(description: had
                    ? "\(inv.number) already had level \(level); levels are never sent twice — the next is \(next.number)"
                    : "\(inv.number) is at level \(reached), past level \(level); levels never go back — the next is \(next.number)")
            }
            if !asked.isCourtesy && planner.asOf < inv.due {
                throw ManualReminderRefusal(description: "\(inv.number) is not due until \(inv.due): a sum not yet due cannot be demanded, only recalled by a courtesy reminder — the next is \(next.number)")
            }
            if level != next.number {
                if asked.isCourtesy {
                    throw ManualReminderRefusal(description: "level \(level) (\(asked.name)) is a courtesy reminder, sent only before the due date; \(inv.number) was due on \(inv.due) — the next is \(next.number)")
                }
                guard force else {
                    throw ManualReminderRefusal(description: "\(inv.number) \(at); levels are never skipped — the next is \(next.number). To choose level \(level) by hand (skipping \(next.number == level - 1 ? "level \(next.number)" : "levels \(next.number) to \(level - 1)")), write --level \(level) --force: history records the level as chosen by hand")
                }
            }
            chosen = asked
            manual.append(.level)
            if level > next.number {
                notes.append("level \(level) chosen by hand, skipping \(next.number == level - 1 ? "level \(next.number)" : "levels \(next.number) to \(level - 1)") (--force): recorded as manual level")
            }
        }
        // The policy's minimum gap between two reminders to one customer holds for a reminder by hand too.
        if let last = books.reminders.filter({ $0.customer == inv.customer && $0.date <= planner.asOf }).max(by: { ($0.date, $0.id) < ($1.date, $1.id) }) {
            let gapEnd = last.date.adding(days: policy.minimumGapDays)
            if gapEnd > planner.asOf {
                guard force else {
                    throw ManualReminderRefusal(description: "last reminder to \(customer.id) on \(last.date) (\(last.id)): the policy waits \(policy.minimumGapDays) days between two reminders to a customer, until \(gapEnd). To remind now anyway, add --force: history records that the gap was not waited for")
                }
                manual.append(.gap)
                notes.append("made \(last.date.days(until: planner.asOf)) days after \(last.id), before the policy's \(policy.minimumGapDays)-day gap (--force): recorded as manual gap")
            }
        }
        // Only a courtesy reminder may speak of an invoice not yet due: nothing else can be demanded before the due date.
        if !chosen.isCourtesy && planner.asOf < inv.due {
            throw ManualReminderRefusal(description: "\(inv.number) is not due until \(inv.due): a reminder can only demand an invoice that is due")
        }
        // The channel asked for replaces the customer's and the level's, with the same fallback to letter.
        var asked = customer
        if let channel { asked.channel = channel }
        let plannedChannel = planner.channel(for: chosen, customer: asked)
        let phone = plannedChannel.0 == .phone
        let daysLate = max(0, inv.due.days(until: planner.asOf))
        let business = customer.kind == .business && daysLate > 0 && !phone
        let money = Money(minor: left, currency: inv.amount.currency)
        var item = PlannedInvoice(
            invoice: Int32(i), level: chosen.number, outstanding: money, daysLate: daysLate, interest: nil,
            fee: business && chosen.showFee && money.currency == policy.indemnity.currency ? policy.indemnity : nil)
        if business && chosen.showInterest && !policy.rates.isEmpty {
            let computed = planner.interest(invoice: i, outstanding: left,
                                            settlements: Allocation.settlements(books, asOf: planner.asOf).filter { $0.invoice == Int32(i) })
            item.interest = computed.amount
            item.interestParts = computed.parts
        }
        let reminder = PlannedReminder(id: "", customer: inv.customer, department: inv.department, currency: money.currency, level: chosen,
                                       channel: plannedChannel.0,
                                       invoices: [item], warnings: (plannedChannel.1.map { [$0] } ?? []) + notes)
        return Made(reminder: planner.number([reminder])[0], manual: manual)
    }
}
