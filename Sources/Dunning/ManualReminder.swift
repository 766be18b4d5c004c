import Books
import Configuration
import Receivables

/// Why a manual reminder cannot be made.
public struct ManualReminderRefusal: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// A reminder made by hand for one invoice (as QuickBooks' "send reminder"): same rules, no schedule.
public enum ManualReminder {
    /// The reminder for invoice `i` now: the next level (never skipping, never repeating) or `level` if it is that one.
    public static func make(planner: Planner, invoice i: Int, outstanding: Outstanding, level: Int?, channel: Channel?) throws -> PlannedReminder {
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
        guard let next = planner.nextLevel(after: reached, due: inv.due) else {
            throw ManualReminderRefusal(description: "\(inv.number) has reached the last level (\(reached)): no further reminder")
        }
        if let level, level != next.number {
            if let asked = planner.config.dunning.level(level), asked.isCourtesy, level > reached {
                throw ManualReminderRefusal(description: "level \(level) (\(asked.name)) is a courtesy reminder, sent only before the due date; \(inv.number) was due on \(inv.due) — the next is \(next.number)")
            }
            throw ManualReminderRefusal(description: level <= reached
                ? "\(inv.number) already had level \(level); levels are never sent twice — the next is \(next.number)"
                : "\(inv.number) is at level \(reached); levels are never skipped — the next is \(next.number)")
        }
        // Only a courtesy reminder may speak of an invoice not yet due: nothing else can be demanded before the due date.
        if !next.isCourtesy && planner.asOf < inv.due {
            throw ManualReminderRefusal(description: "\(inv.number) is not due until \(inv.due): a reminder can only demand an invoice that is due")
        }
        // The channel asked for replaces the customer's and the level's, with the same fallback to letter.
        var asked = customer
        if let channel { asked.channel = channel }
        let plannedChannel = planner.channel(for: next, customer: asked)
        let daysLate = max(0, inv.due.days(until: planner.asOf))
        let business = customer.kind == .business && daysLate > 0
        let money = Money(minor: left, currency: inv.amount.currency)
        var item = PlannedInvoice(
            invoice: Int32(i), level: next.number, outstanding: money, daysLate: daysLate, interest: nil,
            fee: business && next.showFee && money.currency == policy.indemnity.currency ? policy.indemnity : nil)
        if business && next.showInterest && !policy.rates.isEmpty {
            let computed = planner.interest(invoice: i, outstanding: left,
                                            settlements: Allocation.settlements(books, asOf: planner.asOf).filter { $0.invoice == Int32(i) })
            item.interest = computed.amount
            item.interestParts = computed.parts
        }
        let reminder = PlannedReminder(id: "", customer: inv.customer, department: inv.department, currency: money.currency, level: next,
                                       channel: plannedChannel.0,
                                       invoices: [item], warnings: plannedChannel.1.map { [$0] } ?? [])
        return planner.number([reminder])[0]
    }
}
