import Books
import Dispatch

/// Where an open item stands on the as-of date.
public enum ItemState: String, Sendable, CaseIterable {
    case notDue = "not due"
    case due
    case late
    case held
    case credit
}

/// One line of `relance status`: an open invoice, or an unconsumed customer credit.
public struct StatusLine: Sendable, Equatable {
    /// Invoice number, credit note number, or the payment's reference for a credit.
    public var number: String
    public var customer: String
    public var date: Day
    public var due: Day?
    public var amount: Money
    /// Negative for a customer credit.
    public var outstanding: Money
    public var daysLate: Int
    public var state: ItemState
    public var lastReminder: ReminderHistory.Entry?
    public var holdReason: String?
    /// Index into `Books.invoices`, nil for a credit.
    public var invoice: Int32?
}

/// Totals of one currency.
public struct CurrencyTotal: Sendable, Equatable {
    public var currency: Currency
    public var amount: Money
    public var outstanding: Money
    public var count: Int
}

/// Which lines `status` keeps.
public struct StatusFilter: Sendable {
    public var customer: String?
    public var group: String?
    public var lateOnly = false
    /// Outstanding at least this, in the line's currency (a decimal written by the user).
    public var minAmount: String?
    public var currency: Currency?

    public init(customer: String? = nil, group: String? = nil, lateOnly: Bool = false, minAmount: String? = nil, currency: Currency? = nil) {
        self.customer = customer
        self.group = group
        self.lateOnly = lateOnly
        self.minAmount = minAmount
        self.currency = currency
    }
}

/// Open invoices and credits as of a date, with totals per currency.
public struct StatusReport: Sendable {
    public var asOf: Day
    /// The lines in consecutive parts (built on both cores); `lines` joins them.
    public var parts: [[StatusLine]]
    public var lines: [StatusLine] { parts.count == 1 ? parts[0] : Array(parts.joined()) }
    public var totals: [CurrencyTotal]

    public static func make(_ books: Books, _ outstanding: Outstanding, filter: StatusFilter = StatusFilter()) -> StatusReport {
        let asOf = outstanding.asOf
        let holds = Holds(books, asOf: asOf)
        let history = ReminderHistory(books, asOf: asOf)
        let onlyCustomer = filter.customer.flatMap { books.customerIndex[$0] }
        if filter.customer != nil && onlyCustomer == nil { return StatusReport(asOf: asOf, parts: [[]], totals: []) }
        let minimumText = filter.minAmount.map { Array($0.utf8)[...] }
        func keep(customer: Int32, currency: Currency) -> Bool {
            if let only = onlyCustomer, only != customer { return false }
            if let g = filter.group, books.customers[Int(customer)].group != g { return false }
            if let c = filter.currency, c != currency { return false }
            return true
        }

        let anyHold = !holds.invoices.isEmpty || !holds.customers.isEmpty
        let anyHistory = !history.byInvoice.isEmpty
        /// The lines of invoices `range` (run on both cores for big books).
        func lines(_ range: Range<Int>) -> [StatusLine] {
            var out: [StatusLine] = []
            var minimums: [Currency: Int64] = [:]
            func minimum(_ c: Currency) -> Int64 {
                guard let text = minimumText else { return 0 }
                if let m = minimums[c] { return m }
                let m = Money.parseDecimal(text, minorUnits: c.minorUnits) ?? 0
                minimums[c] = m
                return m
            }
            books.invoices.withUnsafeBufferPointer { invoices in
                for i in range {
                    guard invoices[i].date <= asOf else { continue }
                    let left = invoices[i].amount.minor - outstanding.allocated[i] - outstanding.writtenOff[i]
                    guard left > 0 else { continue }
                    let inv = invoices[i]
                    guard keep(customer: inv.customer, currency: inv.amount.currency) else { continue }
                    let daysLate = max(0, inv.due.days(until: asOf))
                    let hold = anyHold ? holds.hold(on: i, in: books) : nil
                    let state: ItemState = hold != nil ? .held : asOf < inv.due ? .notDue : asOf == inv.due ? .due : .late
                    if filter.lateOnly && daysLate == 0 { continue }
                    if minimumText != nil && left < minimum(inv.amount.currency) { continue }
                    out.append(StatusLine(number: inv.number, customer: inv.customerID, date: inv.date, due: inv.due, amount: inv.amount,
                                          outstanding: Money(minor: left, currency: inv.amount.currency), daysLate: daysLate, state: state,
                                          lastReminder: anyHistory ? history.last(for: i) : nil, holdReason: hold?.reason, invoice: Int32(i)))
                }
            }
            return out
        }
        let count = books.invoices.count
        let parts = count > 50_000 ? 2 : 1
        var chunks = [[StatusLine]](repeating: [], count: parts)
        chunks.withUnsafeMutableBufferPointer { out in
            let buffer = out
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                buffer[part] = lines((count * part / parts)..<(count * (part + 1) / parts))
            }
        }
        var credits: [StatusLine] = []
        if !filter.lateOnly {
            for credit in outstanding.credits {
                guard keep(customer: credit.customer, currency: credit.remaining.currency) else { continue }
                let number: String
                let amount: Money
                switch credit.source {
                case .payment(let p):
                    let payment = books.payments[Int(p)]
                    number = payment.ref ?? "payment \(payment.date)"
                    amount = payment.amount
                case .creditNote(let c):
                    number = books.credits[Int(c)].number
                    amount = books.credits[Int(c)].amount
                }
                credits.append(StatusLine(number: number, customer: books.customers[Int(credit.customer)].id, date: credit.date, due: nil,
                                        amount: amount, outstanding: -credit.remaining, daysLate: 0, state: .credit,
                                        lastReminder: nil, holdReason: nil, invoice: nil))
            }
        }
        if !credits.isEmpty { chunks.append(credits) }
        return StatusReport(asOf: asOf, parts: chunks, totals: Self.totals(of: chunks))
    }

    static func totals(of parts: [[StatusLine]]) -> [CurrencyTotal] {
        var byCurrency: [Currency: CurrencyTotal] = [:]
        for part in parts {
          for line in part {
            let c = line.outstanding.currency
            var t = byCurrency[c] ?? CurrencyTotal(currency: c, amount: .zero(c), outstanding: .zero(c), count: 0)
            if line.state != .credit { t.amount.minor += line.amount.minor }
            t.outstanding.minor += line.outstanding.minor
            t.count += 1
            byCurrency[c] = t
          }
        }
        return byCurrency.values.sorted { $0.currency.code < $1.currency.code }
    }
}
