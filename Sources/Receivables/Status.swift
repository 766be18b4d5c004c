import Books
import Parallel

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

/// A minimum amount written by a user (`--min-amount 99.50`): exact, in no currency until compared.
public struct AmountThreshold: Sendable, Equatable {
    /// The digits without the point, trailing decimal zeros dropped: 99.50 → 995 with 1 decimal.
    public var units: Int64
    public var decimals: Int

    /// Parses `1200`, `1200.5`, `99.50`: digits, then optionally a point and digits. Nil for anything else
    /// (a sign, a comma, a space, a thousands separator, more than 18 digits).
    public init?(_ text: String) {
        var units: Int64 = 0, decimals = 0, digits = 0, point = false
        for c in text.utf8 {
            if c == UInt8(ascii: "."), !point, digits > 0 {
                point = true
                continue
            }
            guard c >= 48, c <= 57, digits < 18 else { return nil }
            units = units * 10 + Int64(c - 48)
            digits += 1
            if point { decimals += 1 }
        }
        guard digits > 0, !(point && decimals == 0) else { return nil }
        while decimals > 0 && units % 10 == 0 {
            units /= 10
            decimals -= 1
        }
        self.units = units
        self.decimals = decimals
    }

    /// The amount as a decimal, e.g. `99.5`.
    public var text: String {
        guard decimals > 0 else { return String(units) }
        var digits = String(units)
        if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
        return String(digits.dropLast(decimals)) + "." + String(digits.suffix(decimals))
    }

    /// Whether `minor` units of `currency` are at least this (compared exactly, at the finer of the two scales).
    public func admits(_ minor: Int64, _ currency: Currency) -> Bool {
        func scaled(_ v: Int64, by n: Int) -> Int64? {
            var v = v
            for _ in 0..<n {
                let (r, overflow) = v.multipliedReportingOverflow(by: 10)
                if overflow { return nil }
                v = r
            }
            return v
        }
        let places = currency.minorUnits
        if decimals >= places {
            // A total too large to scale is larger than any threshold.
            guard let amount = scaled(minor, by: decimals - places) else { return minor > 0 }
            return amount >= units
        }
        guard let threshold = scaled(units, by: places - decimals) else { return false }
        return minor >= threshold
    }
}

/// Which lines `status` keeps.
public struct StatusFilter: Sendable {
    public var customer: String?
    public var group: String?
    public var lateOnly = false
    /// Outstanding at least this, in the line's currency.
    public var minAmount: AmountThreshold?
    public var currency: Currency?

    public init(customer: String? = nil, group: String? = nil, lateOnly: Bool = false, minAmount: AmountThreshold? = nil, currency: Currency? = nil) {
        self.customer = customer
        self.group = group
        self.lateOnly = lateOnly
        self.minAmount = minAmount
        self.currency = currency
    }
}

/// One open item of a status report, by index: an open invoice, or a customer credit of `Outstanding.credits`.
public struct OpenItem: Sendable, Equatable {
    /// What an open item is.
    public enum Kind: Sendable, Equatable {
        /// An open invoice: its index into `Books.invoices`.
        case invoice(Int32)
        /// A customer credit: its index into `Outstanding.credits`.
        case credit(Int32)
    }
    public var kind: Kind
    public var state: ItemState
    public var daysLate: Int32
    /// Minor units; negative for a credit.
    public var outstanding: Int64

    /// Index into `Books.invoices`, nil for a credit.
    public var invoice: Int? { if case .invoice(let i) = kind { Int(i) } else { nil } }
    /// Index into `Outstanding.credits`, nil for an invoice.
    public var credit: Int? { if case .credit(let k) = kind { Int(k) } else { nil } }
}

/// Open invoices and credits as of a date, with totals per currency.
public struct StatusReport: Sendable {
    public var asOf: Day
    public let books: Books
    public let outstanding: Outstanding
    public let holds: Holds
    public let history: ReminderHistory
    /// The items in consecutive parts (the open invoices in as many parts as the report was made with, then the credits).
    public var parts: [[OpenItem]]
    public var totals: [CurrencyTotal]
    /// A total exceeded Int64 (books `check` refuses first): the totals are not to be shown.
    public var overflow = false

    /// Every line, in order.
    public var lines: [StatusLine] { parts.flatMap { $0.map(line) } }

    /// The full line of an item.
    public func line(_ item: OpenItem) -> StatusLine {
        switch item.kind {
        case .invoice(let index):
            let i = Int(index)
            let inv = books.invoices[i]
            return StatusLine(number: inv.number, customer: inv.customerID, date: inv.date, due: inv.due, amount: inv.amount,
                              outstanding: Money(minor: item.outstanding, currency: inv.amount.currency), daysLate: Int(item.daysLate),
                              state: item.state, lastReminder: history.last(for: i),
                              holdReason: item.state == .held ? holds.hold(on: i, in: books)?.reason : nil, invoice: index)
        case .credit(let k):
            let credit = outstanding.credits[Int(k)]
            let (number, amount) = source(of: credit)
            return StatusLine(number: number, customer: books.customers[Int(credit.customer)].id, date: credit.date, due: nil,
                              amount: amount, outstanding: -credit.remaining, daysLate: 0, state: .credit,
                              lastReminder: nil, holdReason: nil, invoice: nil)
        }
    }

    /// What a credit line shows: the credit note's number, or the payment's reference; and the original amount.
    public func source(of credit: CustomerCredit) -> (number: String, amount: Money) {
        switch credit.source {
        case .payment(let p):
            let payment = books.payments[Int(p)]
            return (payment.ref ?? "payment \(payment.date)", payment.amount)
        case .creditNote(let c):
            return (books.credits[Int(c)].number, books.credits[Int(c)].amount)
        }
    }

    /// The open items as of `outstanding.asOf` that `filter` keeps; the invoices are read in `parallel`'s parts.
    public static func make(_ books: Books, _ outstanding: Outstanding, filter: StatusFilter = StatusFilter(),
                            parallel: Parallel = .sequential) -> StatusReport {
        let asOf = outstanding.asOf
        let holds = Holds(books, asOf: asOf)
        let history = ReminderHistory(books, asOf: asOf)
        var report = StatusReport(asOf: asOf, books: books, outstanding: outstanding, holds: holds, history: history, parts: [[]], totals: [])
        let onlyCustomer = filter.customer.flatMap { books.customerIndex[$0] }
        if filter.customer != nil && onlyCustomer == nil { return report }
        let filtersCustomers = onlyCustomer != nil || filter.group != nil || filter.currency != nil
        @Sendable func keep(customer: Int32, currency: Currency) -> Bool {
            if let only = onlyCustomer, only != customer { return false }
            if let g = filter.group, books.customers[Int(customer)].group != g { return false }
            if let c = filter.currency, c != currency { return false }
            return true
        }

        let held = holds.flags(in: books)
        /// The items of invoices `range`.
        @Sendable func items(_ range: Range<Int>) -> [OpenItem] {
            var out: [OpenItem] = []
            // Fields read one by one from the array (a whole invoice copied per line costs its strings' reference counts).
            let invoices = books.invoices
            for i in range {
                guard invoices[i].date <= asOf else { continue }
                let left = invoices[i].amount.minor - outstanding.allocated[i] - outstanding.writtenOff[i]
                guard left > 0 else { continue }
                let currency = invoices[i].amount.currency, customer = invoices[i].customer, due = invoices[i].due
                if filtersCustomers && !keep(customer: customer, currency: currency) { continue }
                let daysLate = max(0, due.days(until: asOf))
                let isHeld = held.isHeld(i, customer: customer)
                let state: ItemState = isHeld ? .held : asOf < due ? .notDue : asOf == due ? .due : .late
                if filter.lateOnly && daysLate == 0 { continue }
                if let minimum = filter.minAmount, !minimum.admits(left, currency) { continue }
                out.append(OpenItem(kind: .invoice(Int32(i)), state: state, daysLate: Int32(daysLate), outstanding: left))
            }
            return out
        }
        let count = books.invoices.count
        var parts = parallel.map { p in items(parallel.range(p, of: count)) }
        var credits: [OpenItem] = []
        if !filter.lateOnly {
            for (k, credit) in outstanding.credits.enumerated() where keep(customer: credit.customer, currency: credit.remaining.currency) {
                credits.append(OpenItem(kind: .credit(Int32(k)), state: .credit, daysLate: 0, outstanding: -credit.remaining.minor))
            }
        }
        if !credits.isEmpty { parts.append(credits) }
        report.parts = parts
        (report.totals, report.overflow) = report.computeTotals()
        return report
    }

    /// The currency of an item.
    @inline(__always) public func currency(of item: OpenItem) -> Currency {
        switch item.kind {
        case .invoice(let i): books.invoices[Int(i)].amount.currency
        case .credit(let k): outstanding.credits[Int(k)].remaining.currency
        }
    }

    func computeTotals() -> ([CurrencyTotal], overflow: Bool) {
        var totals: [CurrencyTotal] = []
        var overflow = false
        func add(_ currency: Currency, amount: Int64, outstanding: Int64) {
            if let k = totals.firstIndex(where: { $0.currency == currency }) {
                Money.add(&totals[k].amount.minor, amount, overflow: &overflow)
                Money.add(&totals[k].outstanding.minor, outstanding, overflow: &overflow)
                totals[k].count += 1
            } else {
                totals.append(CurrencyTotal(currency: currency, amount: Money(minor: amount, currency: currency),
                                            outstanding: Money(minor: outstanding, currency: currency), count: 1))
            }
        }
        for part in parts {
            for item in part {
                switch item.kind {
                case .invoice(let i):
                    let amount = books.invoices[Int(i)].amount
                    // Most books have one or two currencies: the first total is usually the one.
                    if !totals.isEmpty && totals[0].currency == amount.currency {
                        Money.add(&totals[0].amount.minor, amount.minor, overflow: &overflow)
                        Money.add(&totals[0].outstanding.minor, item.outstanding, overflow: &overflow)
                        totals[0].count += 1
                    } else {
                        add(amount.currency, amount: amount.minor, outstanding: item.outstanding)
                    }
                case .credit:
                    add(currency(of: item), amount: 0, outstanding: item.outstanding)
                }
            }
        }
        return (totals.sorted { $0.currency.code < $1.currency.code }, overflow)
    }
}
