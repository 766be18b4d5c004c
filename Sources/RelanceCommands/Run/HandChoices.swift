import Books
import Configuration
import Dunning

/// The levels and channels a person chose for `run` (the reminders screen of `relance serve`) applied to the plan of
/// the day. An invoice whose level was changed leaves the plan and gets a reminder of its own, made as
/// `remind INVOICE --level N --force` makes it (recorded as `manual level`); the others are planned again without it.
/// A channel chosen for an invoice or its customer becomes the channel of the reminder that carries the invoice.
/// A choice equal to what the plan proposes changes nothing.
struct HandChoices {
    let options: RunCommand.Options
    let loaded: LoadedBooks
    let asOf: Day
    let context: CommandContext

    struct Applied {
        var reminders: [PlannedReminder]
        var notes: [String: String]
        var extras: [String: ReminderExtras]
    }

    var books: Books { loaded.books }

    func apply(to plan: DunningPlan, filter: PlanFilter) throws -> Applied {
        try checkChannels()
        var lines: [Int32: PlanLine] = [:]
        for l in plan.lines { lines[l.invoice] = l }
        // The channel each invoice goes by in the plan: a choice equal to it is no choice.
        var proposed: [Int32: Channel] = [:]
        for l in plan.lines { proposed[l.invoice] = l.channel }
        for r in plan.reminders { for pi in r.invoices + r.upcoming { proposed[pi.invoice] = r.channel } }
        let chosen = ChosenChannels(options: options, books: books, proposed: proposed)
        // The levels changed by hand, in the order of the books.
        var byHand: [(invoice: Int32, level: Int)] = []
        for (number, level) in options.levels.sorted(by: { $0.key < $1.key }) {
            guard let i = books.invoiceIndex[number] else {
                throw refusal("level \(level) for \(number): no invoice \"\(number)\"")
            }
            guard let line = lines[i], let proposed = line.proposedLevel else {
                let why = lines[i].map { " (\($0.reason))" } ?? ""
                throw refusal("\(number): no reminder is proposed for it today\(why), so its level cannot be chosen here; "
                              + "`relance remind \(number) --level \(level) --force` reminds it by hand")
            }
            if level != proposed { byHand.append((i, level)) }
        }
        byHand.sort { $0.invoice < $1.invoice }

        var planned = plan.reminders
        if !byHand.isEmpty {
            // The plan again without the invoices taken by hand: the documents left are grouped and leveled as `run` does.
            let taken = Set(byHand.map(\.invoice))
            let rest = plan.lines.map(\.invoice).filter { !taken.contains($0) }
            planned = rest.isEmpty ? [] : try context.makePlan(loaded, asOf: asOf, filter: PlanFilter(
                invoices: rest.map { books.invoices[Int($0)].number }, level: filter.level, minAmount: filter.minAmount)).reminders
        }
        for k in planned.indices { try chosen.apply(to: &planned[k]) }

        let planner = Planner(books: books, config: loaded.config, asOf: asOf)
        let outstanding = try context.outstanding(loaded, asOf: asOf)
        var manual: [ManualReminder.Made] = []
        for (i, level) in byHand {
            let inv = books.invoices[Int(i)]
            do {
                manual.append(try ManualReminder.prepare(planner: planner, invoice: Int(i), outstanding: outstanding, level: level,
                                                         channel: chosen.asked(Int32(i)), force: true))
            } catch let refused as ManualReminderRefusal {
                throw refusal("\(inv.number), level \(level): \(refused.description)")
            }
        }

        // Every invoice a channel was chosen for is carried by a reminder, or the choice is the plan's.
        let carried = Set((planned + manual.map(\.reminder)).flatMap { ($0.invoices + $0.upcoming).map(\.invoice) })
        for key in options.channels.keys.sorted() {
            guard let i = books.invoiceIndex[key], !carried.contains(i), chosen.asked(i) != nil else { continue }
            throw refusal("\(key): no reminder is written for it today\(lines[i].map { " (\($0.reason))" } ?? ""), so its channel cannot be chosen")
        }

        // One numbering for all, in the order of the customers: the ids follow one another as in any batch.
        let all = (planned.map { ($0, [ManualChoice]()) } + manual.map { ($0.reminder, $0.manual) }).enumerated().sorted {
            let a = books.customers[Int($0.element.0.customer)].id, b = books.customers[Int($1.element.0.customer)].id
            return a != b ? a < b : $0.offset < $1.offset
        }.map(\.element)
        let numbered = planner.number(all.map(\.0))
        var notes: [String: String] = [:]
        var extras: [String: ReminderExtras] = [:]
        let french = loaded.config.company.language != "en"
        for (r, (_, choices)) in zip(numbered, all) where !choices.isEmpty {
            extras[r.id] = ReminderExtras(manual: choices)
            notes[r.id] = french ? "niveau \(r.level.number) choisi à la main" : "level \(r.level.number) chosen by hand"
        }
        return Applied(reminders: numbered, notes: notes, extras: extras)
    }

    func refusal(_ text: String) -> CommandFailure {
        CommandFailure(.usage, text + "; nothing was done")
    }

    /// E-mail or letter (or both), to a customer who has an address for it; a phone call is `remind`'s.
    func checkChannels() throws {
        for (key, channel) in options.channels.sorted(by: { $0.key < $1.key }) {
            let customer: Customer
            if let i = books.invoiceIndex[key] {
                customer = books.customers[Int(books.invoices[Int(i)].customer)]
            } else if let c = books.customerIndex[key] {
                customer = books.customers[Int(c)]
            } else {
                throw refusal("channel \(channel.rawValue) for \(key): no invoice or customer \"\(key)\"")
            }
            if channel == .phone {
                throw refusal("\(key): a phone call writes no document; record it with `relance remind INVOICE --channel phone`")
            }
            if channel != .letter && customer.emails.isEmpty {
                throw refusal("\(key): \(customer.id) has no e-mail address, so the reminder can only go as a letter")
            }
        }
    }

}

/// The channels chosen by hand, each counted only where it differs from the plan's.
struct ChosenChannels {
    let options: RunCommand.Options
    let books: Books
    /// Invoice → the channel of the reminder the plan puts it in.
    let proposed: [Int32: Channel]

    /// The channel chosen for the invoice (else for its customer), when it is not the plan's.
    func asked(_ i: Int32) -> Channel? {
        let inv = books.invoices[Int(i)]
        guard let c = options.channels[inv.number] ?? options.channels[inv.customerID], c != proposed[i] else { return nil }
        return c
    }

    /// The channel of a planned reminder: the one chosen for its invoices (or its customer) where it differs from the
    /// plan's; two different choices for the invoices of one reminder are refused.
    func apply(to r: inout PlannedReminder) throws {
        let customer = books.customers[Int(r.customer)]
        let changed = (r.invoices + r.upcoming).compactMap { pi in asked(pi.invoice).map { (books.invoices[Int(pi.invoice)].number, $0) } }
        guard let channel = changed.first?.1 else { return }
        if changed.contains(where: { $0.1 != channel }) {
            let numbers = (r.invoices + r.upcoming).map { books.invoices[Int($0.invoice)].number }
            throw CommandFailure(.usage, "\(numbers.joined(separator: ", ")) go in one reminder to \(customer.id): choose one channel for it (asked: "
                                 + changed.map { "\($0.0) \($0.1.rawValue)" }.joined(separator: ", ") + "); nothing was done")
        }
        r.channel = channel
        // The warnings about the channel are those of the channel chosen.
        r.warnings.removeAll { $0.hasPrefix("\(customer.id) has no e-mail address") || $0.hasPrefix("\(customer.id) has no postal address") }
        if channel != .email && customer.address.isEmpty {
            r.warnings.append("\(customer.id) has no postal address: the letter has none in its window")
        }
    }
}
