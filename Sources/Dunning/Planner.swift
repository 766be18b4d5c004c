import Books
import Configuration
import Receivables

/// What the planner says about one open invoice on the as-of date.
public struct PlanLine: Sendable, Equatable {
    public var invoice: Int32
    public var outstanding: Money
    public var daysLate: Int
    /// The last reminder of this invoice, if any.
    public var lastReminder: ReminderHistory.Entry?
    /// Highest level already reached (0 = never reminded).
    public var reachedLevel: Int
    /// The level to send now, nil when nothing is due.
    public var proposedLevel: Int?
    /// The channel for the proposed level (after the customer's override and the e-mail fallback).
    public var channel: Channel?
    /// Why a reminder is proposed, or why not.
    public var why: PlanReason
    /// `why` in English, as `relance plan` prints it.
    public var reason: String { why.english }
    /// When the next level becomes due (nil: held, paid, off, or no level left).
    public var nextDate: Day?
    /// The level that `nextDate` is for.
    public var nextLevel: Int?
}

/// One invoice inside a planned reminder, at its own level.
public struct PlannedInvoice: Sendable, Equatable {
    public var invoice: Int32
    public var level: Int
    public var outstanding: Money
    public var daysLate: Int
    /// Late payment interest as of the date (B2B, when the reminder's level shows interest): parts paid late and the part owed.
    public var interest: Money?
    /// The fixed indemnity for this invoice (B2B, EUR, when the level shows fees).
    public var fee: Money?
    /// How `interest` was computed: the parts paid late, then what is still owed (empty without interest).
    public var interestParts: [LateInterest.Part] = []
}

/// A reminder to send: one customer (and department, and currency), one or more invoices.
public struct PlannedReminder: Sendable, Equatable {
    /// Assigned when the batch is numbered (`R2026-0007`).
    public var id: String
    public var customer: Int32
    public var department: String?
    public var currency: Currency
    /// The document's level: the highest of its invoices (those demanded, when some are given for information).
    public var level: DunningLevel
    public var channel: Channel
    /// The invoices demanded (totals, deadline, fees, interest), each at its own level.
    public var invoices: [PlannedInvoice]
    /// Warnings in plain words (e.g. no e-mail address: sent as a letter).
    public var warnings: [String]
    /// Invoices not yet due, given for information only (each at its courtesy level): outside every total,
    /// fee, interest and deadline. Only in an ordinary reminder that demands at least one invoice.
    public var upcoming: [PlannedInvoice] = []

    public var total: Money { Money(minor: invoices.reduce(0) { $0 + $1.outstanding.minor }, currency: currency) }
    public var fee: Money? { sum(invoices.compactMap(\.fee)) }
    public var interest: Money? { sum(invoices.compactMap(\.interest)) }

    func sum(_ values: [Money]) -> Money? {
        guard let first = values.first else { return nil }
        return Money(minor: values.reduce(0) { $0 + $1.minor }, currency: first.currency)
    }
}

/// The plan of a day: a line per open invoice, and the reminders to send.
public struct DunningPlan: Sendable {
    public var asOf: Day
    public var lines: [PlanLine]
    public var reminders: [PlannedReminder]
}

/// Which reminders are due: pure, from the books, their history, the policy and a date.
public struct Planner {
    public let books: Books
    public let config: RelanceConfig
    public let asOf: Day

    public init(books: Books, config: RelanceConfig, asOf: Day) {
        self.books = books
        self.config = config
        self.asOf = asOf
    }

    var policy: DunningPolicy { config.dunning }

    /// Plans as of the date. `only` restricts to some invoices (indices) — e.g. `run --only`.
    public func plan(outstanding: Outstanding, only: Set<Int32>? = nil) -> DunningPlan {
        let holds = Holds(books, asOf: asOf)
        let history = ReminderHistory(books, asOf: asOf)
        var lines: [PlanLine] = []
        for i in books.invoices.indices {
            let left = outstanding.outstanding(books, i)
            guard left > 0 else { continue }
            if let only, !only.contains(Int32(i)) { continue }
            lines.append(line(for: i, outstanding: left, holds: holds, history: history))
        }
        var leftOut: Set<Int32> = []
        let reminders = group(lines, history: history, leftOut: &leftOut)
        // Not yet due and the customer's only document today is a formal notice: nothing is sent for it today.
        for k in lines.indices where leftOut.contains(lines[k].invoice) {
            let inv = books.invoices[Int(lines[k].invoice)]
            lines[k].why = .leftOutOfFormalNotice(due: inv.due)
            lines[k].proposedLevel = nil
            lines[k].channel = nil
            let reached = lines[k].reachedLevel
            var n = reached + 1
            while let level = policy.level(n), level.isCourtesy { n += 1 }
            if let next = policy.level(n) {
                lines[k].nextLevel = next.number
                lines[k].nextDate = max(inv.due.adding(days: next.offset), asOf.adding(days: policy.minimumGapDays))
            } else {
                lines[k].nextLevel = nil
                lines[k].nextDate = nil
            }
        }
        return DunningPlan(asOf: asOf, lines: lines, reminders: reminders)
    }

    /// The level that comes after `reached` for an invoice due on `due`: never skipped, except
    /// courtesy levels once the due date has come.
    public func nextLevel(after reached: Int, due: Day) -> DunningLevel? {
        var n = reached + 1
        while let level = policy.level(n), level.isCourtesy, asOf >= due { n += 1 }
        return policy.level(n)
    }

    func line(for i: Int, outstanding left: Int64, holds: Holds, history: ReminderHistory) -> PlanLine {
        let inv = books.invoices[i]
        let customer = books.customers[Int(inv.customer)]
        let money = Money(minor: left, currency: inv.amount.currency)
        let daysLate = max(0, inv.due.days(until: asOf))
        let reached = history.highestLevel(for: i)
        let last = history.last(for: i)
        func planLine(_ why: PlanReason) -> PlanLine {
            PlanLine(invoice: Int32(i), outstanding: money, daysLate: daysLate, lastReminder: last,
                     reachedLevel: reached, proposedLevel: nil, channel: nil, why: why, nextDate: nil, nextLevel: nil)
        }
        if !customer.dunning {
            return planLine(.dunningOff(customer: customer.id))
        }
        if let hold = holds.hold(on: i, in: books) {
            var line = planLine(.held(customer: holds.invoices[Int32(i)] != nil ? nil : customer.id, since: hold.since, until: hold.until, note: hold.reason))
            if let until = hold.until, let next = nextLevel(after: reached, due: inv.due) {
                line.nextDate = max(until, inv.due.adding(days: next.offset))
                line.nextLevel = next.number
            }
            return line
        }
        guard let level = nextLevel(after: reached, due: inv.due) else {
            return planLine(reached == 0 ? .noLevelApplies : .lastLevelReached(level: reached))
        }
        let dueOn = inv.due.adding(days: level.offset)
        let gapEnd = history.lastByCustomer[inv.customer].map { $0.adding(days: policy.minimumGapDays) }
        let nextDate = max(dueOn, gapEnd ?? dueOn)
        func waiting(_ why: PlanReason) -> PlanLine {
            var line = planLine(why)
            line.nextLevel = level.number
            line.nextDate = nextDate
            return line
        }
        if dueOn > asOf {
            return waiting(level.isCourtesy ? .courtesyDue(on: dueOn) : .levelDue(level: level.number, on: dueOn, offset: level.offset))
        }
        if let gapEnd, gapEnd > asOf {
            return waiting(.waitForGap(customer: customer.id, lastReminder: history.lastByCustomer[inv.customer]!, gap: policy.minimumGapDays, until: gapEnd))
        }
        let why: PlanReason
        if reached == 0 {
            why = level.isCourtesy ? .courtesyNow(daysUntilDue: asOf.days(until: inv.due)) : .lateNeverReminded(daysLate: daysLate)
        } else {
            why = .lateReminded(daysLate: daysLate, level: reached, sentOn: last?.date)
        }
        var line = planLine(why)
        line.proposedLevel = level.number
        line.channel = channel(for: level, customer: customer).0
        if let after = policy.level(level.number + 1) {
            line.nextLevel = after.number
            line.nextDate = max(inv.due.adding(days: after.offset), asOf.adding(days: policy.minimumGapDays))
        }
        return line
    }

    /// The channel for `level` and this customer, with a warning when e-mail falls back to letter.
    public func channel(for level: DunningLevel, customer: Customer) -> (Channel, String?) {
        let wanted = customer.channel ?? level.channel
        if (wanted == .email || wanted == .both) && customer.emails.isEmpty {
            return (.letter, "\(customer.id) has no e-mail address: sent as a letter instead")
        }
        return (wanted, nil)
    }

    /// The documents of the day; `leftOut` gets the invoices not yet due that no document may carry (the
    /// customer's only document is a formal notice).
    func group(_ lines: [PlanLine], history: ReminderHistory, leftOut: inout Set<Int32>) -> [PlannedReminder] {
        struct Key: Hashable, Comparable {
            var customer: String
            var department: String
            var currency: String
            var invoice: String
            static func < (a: Key, b: Key) -> Bool {
                (a.customer, a.department, a.currency, a.invoice) < (b.customer, b.department, b.currency, b.invoice)
            }
        }
        var groups: [Key: [PlanLine]] = [:]
        for l in lines where l.proposedLevel != nil {
            let inv = books.invoices[Int(l.invoice)]
            let key = Key(customer: inv.customerID, department: inv.department ?? "", currency: inv.amount.currency.code,
                          invoice: policy.grouping == .invoice ? inv.number : "")
            groups[key, default: []].append(l)
        }
        // Late interest runs on the sums paid late too: which payment settled how much of which invoice, and when
        // (replayed once, when a document first shows interest).
        var settled: [Int32: [Settlement]]? = nil
        var reminders: [PlannedReminder] = []
        for key in groups.keys.sorted() {
            let group = groups[key]!
            // Only what is due is demanded (an invoice due today is due); what is not yet due is at a courtesy level.
            let due = group.filter { asOf >= books.invoices[Int($0.invoice)].due }
            let upcoming = group.filter { asOf < books.invoices[Int($0.invoice)].due }
            // A formal notice demands only the invoices that reached a formal level; the others due get an
            // ordinary reminder of their own, which alone may carry the invoices not yet due, for information.
            let formal = due.filter { policy.level($0.proposedLevel!)!.formal }
            let ordinary = due.filter { !policy.level($0.proposedLevel!)!.formal }
            let sendsOrdinary = !ordinary.isEmpty && !isBelowMinimum(ordinary)
            let sendsFormal = !formal.isEmpty && !isBelowMinimum(formal)
            if sendsOrdinary {
                reminders.append(reminder(demanding: ordinary, forInformation: upcoming, settled: &settled))
            } else if !sendsFormal && !upcoming.isEmpty && !isBelowMinimum(upcoming) {
                // A courtesy reminder: nothing is due yet; it recalls the coming due dates and amounts.
                reminders.append(reminder(demanding: upcoming, forInformation: [], settled: &settled))
            }
            if sendsFormal {
                reminders.append(reminder(demanding: formal, forInformation: [], settled: &settled))
                if !sendsOrdinary { leftOut.formUnion(upcoming.map(\.invoice)) }
            }
        }
        return number(reminders)
    }

    func isBelowMinimum(_ lines: [PlanLine]) -> Bool {
        isBelowMinimum(lines.reduce(0) { $0 + $1.outstanding.minor }, lines[0].outstanding.currency)
    }

    /// One document demanding `demanded` (all of one customer, department and currency), at the highest of their levels.
    func reminder(demanding demanded: [PlanLine], forInformation info: [PlanLine], settled: inout [Int32: [Settlement]]?) -> PlannedReminder {
        let first = books.invoices[Int(demanded[0].invoice)]
        let customer = books.customers[Int(first.customer)]
        let currency = first.amount.currency
        let level = policy.level(demanded.map { $0.proposedLevel! }.max()!)!
        let (channel, warning) = channel(for: level, customer: customer)
        var warnings: [String] = warning.map { [$0] } ?? []
        if channel != .email && customer.address.isEmpty {
            warnings.append("\(customer.id) has no postal address: the letter has none in its window")
        }
        let business = customer.kind == .business
        let invoices = demanded.map { l -> PlannedInvoice in
            let late = l.daysLate > 0
            var item = PlannedInvoice(invoice: l.invoice, level: l.proposedLevel!, outstanding: l.outstanding, daysLate: l.daysLate,
                                      interest: nil,
                                      fee: business && late && level.showFee && currency == policy.indemnity.currency ? policy.indemnity : nil)
            if business && late && level.showInterest && !policy.rates.isEmpty {
                if settled == nil {
                    var byInvoice: [Int32: [Settlement]] = [:]
                    for s in Allocation.settlements(books, asOf: asOf) { byInvoice[s.invoice, default: []].append(s) }
                    settled = byInvoice
                }
                let computed = interest(invoice: Int(l.invoice), outstanding: l.outstanding.minor, settlements: settled?[l.invoice] ?? [])
                item.interest = computed.amount
                item.interestParts = computed.parts
            }
            return item
        }
        let upcoming = info.map {
            PlannedInvoice(invoice: $0.invoice, level: $0.proposedLevel!, outstanding: $0.outstanding, daysLate: 0, interest: nil, fee: nil)
        }
        return PlannedReminder(id: "", customer: first.customer, department: first.department, currency: currency,
                               level: level, channel: channel, invoices: invoices, warnings: warnings, upcoming: upcoming)
    }

    /// The late interest of invoice `i` as of the date: on the sums of `settlements` paid after the due date until
    /// their payment, and on `outstanding` until the date (see `LateInterest.computation`).
    public func interest(invoice i: Int, outstanding: Int64, settlements: [Settlement]) -> LateInterest.Computation {
        LateInterest.computation(invoice: i, in: books, settlements: settlements, outstanding: outstanding, asOf: asOf, policy: policy)
    }

    /// Whether `total` (minor units of `currency`) is below the policy's minimum amount. The minimum is a
    /// decimal that may have more decimals than the currency ("10.000" as relance.toml gives it, "0.5" JPY):
    /// both sides are compared at the finer scale.
    func isBelowMinimum(_ total: Int64, _ currency: Currency) -> Bool {
        let text = Array(policy.minimumAmount.utf8)
        let decimals = text.firstIndex(of: UInt8(ascii: ".")).map { text.count - $0 - 1 } ?? 0
        let scale = max(decimals, currency.minorUnits)
        guard let minimum = Money.parseDecimal(text[...], minorUnits: scale) else { return false }
        var scaled = total
        for _ in currency.minorUnits..<scale {
            let (v, overflow) = scaled.multipliedReportingOverflow(by: 10)
            if overflow { return false }
            scaled = v
        }
        return scaled < minimum
    }

    /// Gives each reminder the next free id of the as-of year: PREFIX + YEAR + "-" + 4 digits.
    public func number(_ reminders: [PlannedReminder]) -> [PlannedReminder] {
        let year = asOf.year
        let prefix = "\(policy.idPrefix)\(year)-"
        var highest = 0
        for r in books.reminders where r.id.hasPrefix(prefix) {
            if let n = Int(r.id.dropFirst(prefix.count)) { highest = max(highest, n) }
        }
        var out = reminders
        for k in out.indices {
            highest += 1
            let digits = String(highest)
            out[k].id = prefix + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        }
        return out
    }
}
