import Books
import Dispatch
import Parallel
import Printing
import Receivables

/// `relance status`: one line per open invoice (and customer credit) as of a date, with totals per currency.
public enum StatusCommand {
    public struct Options: Sendable {
        public var books: BooksOptions
        public var filter: StatusFilter
        public var format: ReportFormat

        public init(books: BooksOptions, filter: StatusFilter = StatusFilter(), format: ReportFormat = .table) {
            self.books = books
            self.filter = filter
            self.format = format
        }
    }

    public static func run(_ options: Options, _ context: CommandContext) throws -> ExitStatus {
        let loaded = try context.loadBooks(options.books)
        let asOf = try context.asOf(options.books, loaded.config)
        try context.checkCustomer(options.filter.customer, in: loaded.books)
        try context.checkMinimum(options.filter.minAmount, in: loaded.books)
        let o = try context.outstanding(loaded, asOf: asOf)
        let report = StatusReport.make(loaded.books, o, filter: options.filter, parallel: context.parallel(for: loaded.books))
        if report.overflow { throw CommandFailure.sumsOverflow }
        context.keepUntilExit(report)
        switch options.format {
        case .json:
            let parts = json(report)
            for part in parts { context.out.write(bytes: part) }
        case .csv, .csvFr: csv(report, context.out, options.format.csvDialect ?? .machine)
        case .table:
            let ledger = DeliveryLedger.read(books: loaded.books, root: loaded.root, asOf: asOf, sendWithin: DeliveryLedger.sendWithin(loaded.config))
            table(report, context.out, delivery: { ledger.status[$0]?.state.rawValue })
        }
        return .ok
    }

    /// The report as JSON, written in parts on both cores (each a byte array, in order).
    static func json(_ r: StatusReport) -> [[UInt8]] {
        var head = JSONWriter()
        head.raw("{\"asOf\":")
        head.day(r.asOf)
        head.raw(",\"items\":[")
        // The items cut in equal runs, one writer per run on both cores; the first line of all opens without a comma.
        let items = r.parts.count == 1 ? r.parts[0] : Array(r.parts.joined())
        let total = items.count
        let runs = total > 20_000 ? 4 : 1
        let chunks = Parallel(parts: runs).map { run in
            let range = (total * run / runs)..<(total * (run + 1) / runs)
            var w = JSONWriter()
            w.bytes.reserveCapacity(range.count * 240 + 65_536)
            for k in range { line(items[k], of: r, first: k == 0, into: &w) }
            return w.bytes
        }
        var w = JSONWriter()
        w.raw(total == 0 ? "],\"totals\":[" : "\n],\"totals\":[")
        for (k, t) in r.totals.enumerated() {
            w.raw(k == 0 ? "\n{" : ",\n{")
            w.key("currency", first: true); w.string(t.currency.code)
            w.key("amount"); w.amount(t.amount)
            w.key("outstanding"); w.amount(t.outstanding)
            w.key("count"); w.int(t.count)
            w.raw("}")
        }
        w.raw(r.totals.isEmpty ? "]}\n" : "\n]}\n")
        return [head.bytes] + chunks + [w.bytes]
    }

    /// One item, read straight from the books (no intermediate line for open invoices).
    static func line(_ item: OpenItem, of r: StatusReport, first: Bool, into w: inout JSONWriter) {
        guard let i = item.invoice else { return line(r.line(item), first: first, into: &w) }
        let (number, customer, date, due, amount) = r.books.invoices.withUnsafeBufferPointer { invoices in
            (invoices[i].number, invoices[i].customerID, invoices[i].date, invoices[i].due, invoices[i].amount)
        }
        line(number: number, customer: customer, date: date, due: due, amount: amount, outstanding: item.outstanding,
             daysLate: Int(item.daysLate), state: item.state,
             lastReminder: r.history.byInvoice.isEmpty ? nil : r.history.last(for: i),
             holdReason: item.state == .held ? r.holds.hold(on: i, in: r.books)?.reason : nil, first: first, into: &w)
    }

    static func line(_ l: StatusLine, first: Bool, into w: inout JSONWriter) {
        line(number: l.number, customer: l.customer, date: l.date, due: l.due, amount: l.amount, outstanding: l.outstanding.minor,
             daysLate: l.daysLate, state: l.state, lastReminder: l.lastReminder, holdReason: l.holdReason, first: first, into: &w)
    }

    /// One line of the items: the same keys in the same order for invoices and credits; the fixed part in one write.
    static func line(number: String, customer: String, date: Day, due: Day?, amount: Money, outstanding: Int64, daysLate: Int,
                     state: ItemState, lastReminder: @autoclosure () -> ReminderHistory.Entry?, holdReason: @autoclosure () -> String?,
                     first: Bool, into w: inout JSONWriter) {
        var number = number, customer = customer, state = state.rawValue
        let last = lastReminder(), reason = holdReason()
        let units = amount.currency.minorUnits, code = amount.currency.packed
        let dateText = w.days.text(date), dueText = due.map { w.days.text($0) }
        number.withUTF8 { number in
            customer.withUTF8 { customer in
                w.write(atMost: 220 + ByteCursor.maxJSONString(number.count) + ByteCursor.maxJSONString(customer.count)) { c in
                    c.raw(first ? "\n{\"number\":" : ",\n{\"number\":")
                    c.jsonString(number)
                    c.raw(",\"customer\":"); c.jsonString(customer)
                    c.raw(",\"date\":"); c.day(dateText, quoted: true)
                    c.raw(",\"due\":"); if let dueText { c.day(dueText, quoted: true) } else { c.raw("null") }
                    c.raw(",\"amount\":\""); c.decimal(amount.minor, minorUnits: units)
                    c.raw("\",\"outstanding\":\""); c.decimal(outstanding, minorUnits: units)
                    c.raw("\",\"currency\":\"")
                    c.byte(UInt8(code >> 16 & 0xFF)); c.byte(UInt8(code >> 8 & 0xFF)); c.byte(UInt8(code & 0xFF))
                    c.raw("\",\"daysLate\":"); c.decimal(Int64(daysLate), minorUnits: 0)
                    c.raw(",\"state\":")
                    state.withUTF8 { c.jsonString($0) }
                    c.raw(",\"lastReminder\":")
                    if last == nil { c.raw("null") }
                }
            }
        }
        if let last { reminder(last, into: &w) }
        if let reason { w.key("holdReason"); w.string(reason) }
        w.raw("}" as StaticString)
    }

    static func reminder(_ last: ReminderHistory.Entry, into w: inout JSONWriter) {
        w.raw("{\"id\":"); w.string(last.id)
        w.key("date"); w.day(last.date)
        w.key("level"); if let lv = last.level { w.int(lv) } else { w.raw("null") }
        w.raw("}")
    }

    static func lastReminderText(_ l: StatusLine, letters: [String: LetterState] = [:]) -> String {
        guard let last = l.lastReminder else { return "" }
        return "\(last.date)" + (last.level.map { " L\($0)" } ?? "") + " \(last.id)" + (letters[last.id].map { ", letter \($0.text)" } ?? "")
    }

    static func csv(_ r: StatusReport, _ out: OutputSink, _ dialect: CSV.Dialect = .machine) {
        out.write(dialect.start + CSV.line(["number", "customer", "date", "due", "amount", "outstanding", "currency", "days_late", "state",
                                            "last_reminder_date", "last_reminder_level", "last_reminder_id"], dialect))
        for l in r.lines {
            out.write(CSV.line([l.number, l.customer, "\(l.date)", l.due.map { "\($0)" } ?? "", dialect.amount(l.amount), dialect.amount(l.outstanding),
                                l.amount.currency.code, String(l.daysLate), l.state.rawValue,
                                l.lastReminder.map { "\($0.date)" } ?? "", l.lastReminder?.level.map(String.init) ?? "",
                                l.lastReminder?.id ?? ""], dialect))
        }
    }

    static func table(_ r: StatusReport, _ out: OutputSink, delivery: (String) -> String? = { _ in nil }) {
        let lines = r.lines
        if lines.isEmpty {
            out.line("Nothing open as of \(r.asOf).")
            return
        }
        var t = TextTable(headers: ["Invoice", "Customer", "Date", "Due", "Amount", "Outstanding", "Cur", "Late", "State", "Last reminder"],
                          alignments: [.left, .left, .left, .left, .right, .right, .left, .right, .left, .left])
        let letters = LetterState.all(r.books, asOf: r.asOf)
        for l in lines {
            let color: ANSIColor? = switch l.state {
            case .late: .red
            case .due: .yellow
            case .held: .cyan
            case .credit: .green
            case .notDue: nil
            }
            t.add([l.number, l.customer, "\(l.date)", l.due.map { "\($0)" } ?? "", l.amount.plain, l.outstanding.plain,
                   l.amount.currency.code, l.daysLate > 0 ? String(l.daysLate) : "", l.state.rawValue,
                   lastReminderText(l, letters: letters) + (l.lastReminder.flatMap { delivery($0.id) }.map { " (\($0))" } ?? "")], color: color)
        }
        for total in r.totals {
            t.footer.append(["Total", "\(total.count) item\(total.count == 1 ? "" : "s")", "", "", total.amount.plain, total.outstanding.plain,
                             total.currency.code, "", "", ""])
        }
        out.line("Open items as of \(r.asOf)")
        t.render(to: out)
    }
}
