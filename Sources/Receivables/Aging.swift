import Books

/// An age band of the aged balance (balance âgée).
public enum AgingBucket: Int, Sendable, CaseIterable {
    case notYetDue, days1to30, days31to60, days61to90, over90

    public var title: String {
        switch self {
        case .notYetDue: "not due"
        case .days1to30: "1-30"
        case .days31to60: "31-60"
        case .days61to90: "61-90"
        case .over90: "90+"
        }
    }

    /// The key used in JSON and CSV.
    public var key: String {
        switch self {
        case .notYetDue: "notDue"
        case .days1to30: "d1_30"
        case .days31to60: "d31_60"
        case .days61to90: "d61_90"
        case .over90: "over90"
        }
    }

    public static func of(daysPast: Int) -> AgingBucket {
        switch daysPast {
        case ...0: .notYetDue
        case 1...30: .days1to30
        case 31...60: .days31to60
        case 61...90: .days61to90
        default: .over90
        }
    }
}

/// One customer's balance in one currency, spread over the age bands.
public struct AgingRow: Sendable, Equatable {
    public var customer: String
    public var name: String
    public var currency: Currency
    /// Minor units per bucket, indexed by `AgingBucket.rawValue`.
    public var buckets: [Int64]
    /// Unconsumed credits (negative or zero).
    public var credit: Int64
    public var total: Int64 { buckets.reduce(0, +) + credit }
}

/// The aged balance as of a date, per customer and currency, with totals and DSO.
public struct AgingReport: Sendable {
    /// What the age counts from.
    public enum Basis: String, Sendable, CaseIterable { case due, invoice }

    public var asOf: Day
    public var basis: Basis
    public var rows: [AgingRow]
    /// One row per currency (customer "TOTAL").
    public var totals: [AgingRow]
    /// Days sales outstanding per currency: outstanding ÷ invoiced over the last 365 days × 365.
    public var dso: [Currency: Int]

    public static func make(_ books: Books, _ outstanding: Outstanding, basis: Basis = .due, filter: StatusFilter = StatusFilter()) -> AgingReport {
        let asOf = outstanding.asOf
        var rows: [UInt64: AgingRow] = [:]
        func key(_ c: Int32, _ cur: Currency) -> UInt64 { UInt64(UInt32(bitPattern: c)) << 32 | UInt64(cur.packed) }
        func wanted(_ c: Int32, _ cur: Currency) -> Bool {
            if let id = filter.customer, books.customers[Int(c)].id != id { return false }
            if let g = filter.group, books.customers[Int(c)].group != g { return false }
            if let only = filter.currency, only != cur { return false }
            return true
        }
        func emptyRow(_ c: Int32, _ cur: Currency) -> AgingRow {
            AgingRow(customer: books.customers[Int(c)].id, name: books.customers[Int(c)].name, currency: cur,
                     buckets: [Int64](repeating: 0, count: AgingBucket.allCases.count), credit: 0)
        }
        var sales: [Currency: Int64] = [:]
        var receivable: [Currency: Int64] = [:]
        let yearAgo = asOf.adding(days: -365)
        books.invoices.withUnsafeBufferPointer { invoices in
            for i in invoices.indices {
                guard invoices[i].date <= asOf else { continue }
                let cur = invoices[i].amount.currency
                if invoices[i].date > yearAgo { sales[cur, default: 0] += invoices[i].amount.minor }
                let left = invoices[i].amount.minor - outstanding.allocated[i] - outstanding.writtenOff[i]
                guard left > 0 else { continue }
                receivable[cur, default: 0] += left
                let customer = invoices[i].customer
                guard wanted(customer, cur) else { continue }
                let from = basis == .due ? invoices[i].due : invoices[i].date
                let bucket = AgingBucket.of(daysPast: from.days(until: asOf))
                // Mutated in place in the dictionary: no copy of the row per invoice.
                rows[key(customer, cur), default: emptyRow(customer, cur)].buckets[bucket.rawValue] += left
            }
        }
        for credit in outstanding.credits {
            let cur = credit.remaining.currency
            receivable[cur, default: 0] -= credit.remaining.minor
            guard wanted(credit.customer, cur) else { continue }
            rows[key(credit.customer, cur), default: emptyRow(credit.customer, cur)].credit -= credit.remaining.minor
        }
        let sorted = rows.values.sorted { ($0.customer, $0.currency.code) < ($1.customer, $1.currency.code) }
        var totals: [Currency: AgingRow] = [:]
        for r in sorted {
            var t = totals[r.currency] ?? AgingRow(customer: "TOTAL", name: "", currency: r.currency,
                                                   buckets: [Int64](repeating: 0, count: AgingBucket.allCases.count), credit: 0)
            for b in r.buckets.indices { t.buckets[b] += r.buckets[b] }
            t.credit += r.credit
            totals[r.currency] = t
        }
        var dso: [Currency: Int] = [:]
        for (cur, owed) in receivable where (sales[cur] ?? 0) > 0 {
            // Rounded to the nearest day, exactly.
            let s = sales[cur]!
            dso[cur] = Int((max(0, owed) * 365 * 2 + s) / (2 * s))
        }
        return AgingReport(asOf: asOf, basis: basis, rows: sorted,
                           totals: totals.values.sorted { $0.currency.code < $1.currency.code }, dso: dso)
    }
}
