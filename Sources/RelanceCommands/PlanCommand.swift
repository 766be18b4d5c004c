import Books
import Configuration
import Documents
import Dunning
import Receivables

/// Filters of `plan` and `run`.
public struct PlanFilter: Sendable {
    public var customers: [String] = []
    public var invoices: [String] = []
    public var group: String?
    public var level: Int?
    public var minAmount: AmountThreshold?

    public init(customers: [String] = [], invoices: [String] = [], group: String? = nil, level: Int? = nil, minAmount: AmountThreshold? = nil) {
        self.customers = customers
        self.invoices = invoices
        self.group = group
        self.level = level
        self.minAmount = minAmount
    }
}

extension CommandContext {
    /// The plan of the day for the loaded books, restricted by `filter`.
    func makePlan(_ loaded: LoadedBooks, asOf: Day, filter: PlanFilter) throws -> DunningPlan {
        let books = loaded.books
        for id in filter.customers where books.customerIndex[id] == nil {
            throw CommandFailure(.usage, "no customer \"\(id)\"" + Suggestion.hint(for: id, among: books.customers.map(\.id)))
        }
        for n in filter.invoices where books.invoiceIndex[n] == nil {
            throw CommandFailure(.usage, "no invoice \"\(n)\"" + Suggestion.hint(for: n, among: books.invoiceIndex.keys.sorted()))
        }
        try checkMinimum(filter.minAmount, in: books)
        if let level = filter.level, loaded.config.dunning.level(level) == nil {
            throw CommandFailure(.usage, "--level \(level): the policy has levels 1 to \(loaded.config.dunning.levels.count)")
        }
        var only: Set<Int32>?
        if !filter.customers.isEmpty || !filter.invoices.isEmpty || filter.group != nil {
            let customers = Set(filter.customers.compactMap { books.customerIndex[$0] })
            let invoices = Set(filter.invoices.compactMap { books.invoiceIndex[$0] })
            var set = Set<Int32>()
            for (i, inv) in books.invoices.enumerated() {
                let byCustomer = filter.customers.isEmpty && filter.invoices.isEmpty ? true
                    : customers.contains(inv.customer) || invoices.contains(Int32(i))
                let byGroup = filter.group.map { books.customers[Int(inv.customer)].group == $0 } ?? true
                if byCustomer && byGroup { set.insert(Int32(i)) }
            }
            only = set
        }
        let planner = Planner(books: books, config: loaded.config, asOf: asOf)
        var plan = planner.plan(outstanding: try outstanding(loaded, asOf: asOf), only: only)
        if let level = filter.level {
            plan.lines = plan.lines.filter { $0.proposedLevel == level }
            plan.reminders = plan.reminders.filter { $0.level.number == level }
        }
        if let minimum = filter.minAmount {
            plan.lines = plan.lines.filter { minimum.admits($0.outstanding.minor, $0.outstanding.currency) }
            plan.reminders = plan.reminders.filter { minimum.admits($0.total.minor, $0.currency) }
        }
        // The reminders kept are numbered again: ids follow one another, in the order written, whatever the filter.
        plan.reminders = planner.number(plan.reminders)
        return plan
    }
}

/// `relance plan`: the dry run — every open invoice, its last reminder, the level proposed today and why.
public enum PlanCommand {
    public struct Options: Sendable {
        public var books: BooksOptions
        public var filter: PlanFilter
        public var format: ReportFormat
        /// Also list invoices with nothing due today.
        public var all: Bool
        /// The language of the reasons: English on the command line; the web screen asks for the books'.
        public var reasons: Language

        public init(books: BooksOptions, filter: PlanFilter = PlanFilter(), format: ReportFormat = .table, all: Bool = false,
                    reasons: Language = .en) {
            self.books = books
            self.filter = filter
            self.format = format
            self.all = all
            self.reasons = reasons
        }
    }

    public static func run(_ options: Options, _ context: CommandContext) throws -> ExitStatus {
        let loaded = try context.loadBooks(options.books)
        let asOf = try context.asOf(options.books, loaded.config)
        let plan = try context.makePlan(loaded, asOf: asOf, filter: options.filter)
        let lines = options.all ? plan.lines : plan.lines.filter { $0.proposedLevel != nil }
        let books = loaded.books
        let policy = loaded.config.dunning
        func last(_ l: PlanLine) -> (String, String, String) {
            guard let e = l.lastReminder else { return ("", "", "") }
            return ("\(e.date)", e.level.map(String.init) ?? "", e.note ?? e.id)
        }
        switch options.format {
        case .json:
            var w = JSONWriter()
            w.raw("{\"asOf\":"); w.day(asOf)
            w.key("lines"); w.raw("[")
            for (k, l) in lines.enumerated() {
                let inv = books.invoices[Int(l.invoice)]
                w.raw(k == 0 ? "\n{" : ",\n{")
                w.key("invoice", first: true); w.string(inv.number)
                w.key("customer"); w.string(inv.customerID)
                w.key("amount"); w.amount(inv.amount)
                w.key("due"); w.day(inv.due)
                w.key("outstanding"); w.amount(l.outstanding)
                w.key("currency"); w.string(inv.amount.currency.code)
                w.key("daysLate"); w.int(l.daysLate)
                w.key("lastReminder")
                if let e = l.lastReminder {
                    w.raw("{\"id\":"); w.string(e.id); w.key("date"); w.day(e.date)
                    w.key("level"); if let lv = e.level { w.int(lv) } else { w.raw("null") }
                    w.key("note"); if let n = e.note { w.string(n) } else { w.raw("null") }
                    w.raw("}")
                } else { w.raw("null") }
                w.key("proposedLevel"); if let p = l.proposedLevel { w.int(p) } else { w.raw("null") }
                w.key("levelName"); if let p = l.proposedLevel { w.string(policy.level(p)!.name) } else { w.raw("null") }
                w.key("channel"); if let c = l.channel { w.string(c.rawValue) } else { w.raw("null") }
                w.key("nextDate"); if let d = l.nextDate { w.day(d) } else { w.raw("null") }
                w.key("nextLevel"); if let n = l.nextLevel { w.int(n) } else { w.raw("null") }
                w.key("reason"); w.string(l.why.text(options.reasons))
                w.raw("}")
            }
            w.raw(lines.isEmpty ? "]" : "\n]")
            w.key("reminders"); w.raw("[")
            for (k, r) in plan.reminders.enumerated() {
                w.raw(k == 0 ? "\n{" : ",\n{")
                w.key("id", first: true); w.string(r.id)
                w.key("customer"); w.string(books.customers[Int(r.customer)].id)
                w.key("level"); w.int(r.level.number)
                w.key("channel"); w.string(r.channel.rawValue)
                w.key("total"); w.amount(r.total)
                w.key("currency"); w.string(r.currency.code)
                w.key("fee"); if let f = r.fee { w.amount(f) } else { w.raw("null") }
                w.key("interest"); if let i = r.interest { w.amount(i) } else { w.raw("null") }
                w.key("invoices"); w.raw("[")
                for (j, pi) in r.invoices.enumerated() {
                    if j > 0 { w.raw(",") }
                    w.string(books.invoices[Int(pi.invoice)].number)
                }
                w.raw("]")
                // Not yet due: listed for information only, outside the total.
                w.key("forInformation"); w.raw("[")
                for (j, pi) in r.upcoming.enumerated() {
                    if j > 0 { w.raw(",") }
                    w.string(books.invoices[Int(pi.invoice)].number)
                }
                w.raw("]")
                w.key("warnings"); w.raw("[")
                for (j, warning) in r.warnings.enumerated() { if j > 0 { w.raw(",") }; w.string(warning) }
                w.raw("]}")
            }
            w.raw(plan.reminders.isEmpty ? "]}\n" : "\n]}\n")
            context.out.write(bytes: w.bytes)
        case .csv, .csvFr:
            let dialect = options.format.csvDialect ?? .machine
            context.out.write(dialect.start + CSV.line(["invoice", "customer", "amount", "currency", "due", "outstanding", "days_late", "last_reminder_date",
                                                        "last_reminder_level", "last_reminder_note", "proposed_level", "channel", "next_date", "reason"], dialect))
            for l in lines {
                let inv = books.invoices[Int(l.invoice)]
                let (d, lv, note) = last(l)
                context.out.write(CSV.line([inv.number, inv.customerID, dialect.amount(inv.amount), inv.amount.currency.code, "\(inv.due)",
                                            dialect.amount(l.outstanding), String(l.daysLate), d, lv, note, l.proposedLevel.map(String.init) ?? "",
                                            l.channel?.rawValue ?? "", l.nextDate.map { "\($0)" } ?? "", l.why.text(options.reasons)], dialect))
            }
        case .table:
            context.out.line("Reminders due as of \(asOf)")
            if lines.isEmpty {
                context.out.line(options.all ? "No open invoice." : "Nothing is due. (`relance plan --all` shows every open invoice and when its next reminder comes.)")
            } else {
                var t = TextTable(headers: ["Invoice", "Customer", "Amount", "Due", "Outstanding", "Cur", "Last reminder", "Lvl", "Note", "Proposed", "Channel", "Next", "Why"],
                                  alignments: [.left, .left, .right, .left, .right, .left, .left, .right, .left, .left, .left, .left, .left])
                for l in lines {
                    let inv = books.invoices[Int(l.invoice)]
                    let (d, lv, note) = last(l)
                    let proposed = l.proposedLevel.map { "\($0) \(policy.level($0)!.name)" } ?? ""
                    t.add([inv.number, inv.customerID, inv.amount.plain, "\(inv.due)", l.outstanding.plain, inv.amount.currency.code, d, lv, note,
                           proposed, l.channel?.rawValue ?? "", l.nextDate.map { "\($0)" + (l.nextLevel.map { " (L\($0))" } ?? "") } ?? "", l.why.text(options.reasons)],
                          color: l.proposedLevel != nil ? .yellow : nil)
                }
                t.render(to: context.out)
            }
            if !plan.reminders.isEmpty {
                context.out.line()
                context.out.line("\(plan.reminders.count) reminder\(plan.reminders.count == 1 ? "" : "s") would be written by `relance run`:")
                for r in plan.reminders {
                    let c = books.customers[Int(r.customer)]
                    let numbers = r.invoices.map { books.invoices[Int($0.invoice)].number }.joined(separator: ", ")
                    var extra = ""
                    if let f = r.fee { extra += ", indemnity \(f)" }
                    if let i = r.interest { extra += ", interest \(i)" }
                    let info = r.upcoming.isEmpty ? "" : "  for information, not yet due: [" + r.upcoming.map { books.invoices[Int($0.invoice)].number }.joined(separator: ", ") + "]"
                    context.out.line("  \(r.id)  \(c.id)  level \(r.level.number) \(r.level.name)  \(r.channel.rawValue)  \(r.total)\(extra)  [\(numbers)]\(info)")
                    for w in r.warnings { context.out.line("      warning: \(w)") }
                }
            }
        }
        return .ok
    }
}
