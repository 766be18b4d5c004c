import Books
import Parallel

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
    /// (Wrapping: a report whose sums overflow has `overflow` set and is not shown.)
    public var total: Int64 { buckets.reduce(0, &+) &+ credit }
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
    /// Days sales outstanding per currency: outstanding ÷ invoiced over the last 365 days × 365, of the customers
    /// the filter keeps (all of them without a filter).
    public var dso: [Currency: Int]
    /// A sum exceeded Int64 (books `check` refuses first): the report is not to be shown.
    public var overflow = false

    /// The aged balance as of `outstanding.asOf` of what `filter` keeps; the invoices are summed in `parallel`'s parts.
    public static func make(_ books: Books, _ outstanding: Outstanding, basis: Basis = .due, filter: StatusFilter = StatusFilter(),
                            parallel: Parallel = .sequential) -> AgingReport {
        let asOf = outstanding.asOf
        let customerCount = books.customers.count
        let onlyCustomer = filter.customer.flatMap { books.customerIndex[$0] }
        @Sendable func wanted(_ c: Int32, _ cur: Currency) -> Bool {
            if filter.customer != nil && onlyCustomer != c { return false }
            if let g = filter.group, books.customers[Int(c)].group != g { return false }
            if let only = filter.currency, only != cur { return false }
            return true
        }
        let buckets = AgingBucket.allCases.count
        let yearAgo = asOf.adding(days: -365)
        /// Sums of a run of invoices: per customer in its first currency (flat), other currencies on the side.
        struct Sums {
            var currencyOf: [Currency?]
            var flat: [Int64]
            var other: [UInt64: (Currency, [Int64])] = [:]
            var sales: [Currency: Int64] = [:]
            var receivable: [Currency: Int64] = [:]
            var overflow = false
            init(customers: Int, buckets: Int) {
                currencyOf = [Currency?](repeating: nil, count: customers)
                flat = [Int64](repeating: 0, count: customers * buckets)
            }
        }
        @Sendable func sums(_ range: Range<Int>) -> Sums {
            var out = Sums(customers: customerCount, buckets: buckets)
            // Most books have one or two currencies: the running totals are kept outside the dictionaries.
            var lastCurrency: Currency?, sales: Int64 = 0, receivable: Int64 = 0
            var overflow = false
            func flush() {
                if let c = lastCurrency {
                    Money.add(&out.sales[c, default: 0], sales, overflow: &overflow)
                    Money.add(&out.receivable[c, default: 0], receivable, overflow: &overflow)
                }
                sales = 0; receivable = 0
            }
            // Fields read one by one from the array (a whole invoice copied per line costs its strings' reference counts).
            let invoices = books.invoices
            for i in range {
                guard invoices[i].date <= asOf else { continue }
                let cur = invoices[i].amount.currency
                let customer = invoices[i].customer
                // The DSO is the filtered customers' own: their sales and what they owe.
                guard wanted(customer, cur) else { continue }
                if cur != lastCurrency { flush(); lastCurrency = cur }
                if invoices[i].date > yearAgo { Money.add(&sales, invoices[i].amount.minor, overflow: &overflow) }
                let left = invoices[i].amount.minor - outstanding.allocated[i] - outstanding.writtenOff[i]
                guard left > 0 else { continue }
                Money.add(&receivable, left, overflow: &overflow)
                let from = basis == .due ? invoices[i].due : invoices[i].date
                let bucket = AgingBucket.of(daysPast: from.days(until: asOf)).rawValue
                let c = Int(customer)
                if out.currencyOf[c] == nil { out.currencyOf[c] = cur }
                if out.currencyOf[c] == cur {
                    Money.add(&out.flat[c * buckets + bucket], left, overflow: &overflow)
                } else {
                    Money.add(&out.other[AgingReport.key(customer, cur), default: (cur, [Int64](repeating: 0, count: buckets))].1[bucket],
                              left, overflow: &overflow)
                }
            }
            flush()
            out.overflow = overflow
            return out
        }
        // The invoices in consecutive runs, one per part, added up after.
        let count = books.invoices.count
        let partial = parallel.map { p in sums(parallel.range(p, of: count)) }
        // Per customer and currency: buckets and credit. Each customer's first currency in flat arrays
        // (buckets, then the credit), any other currency of the customer on the side.
        let width = buckets + 1
        var mainCurrency = [Currency?](repeating: nil, count: customerCount)
        var main = [Int64](repeating: 0, count: customerCount * width)
        var hasMain = [Bool](repeating: false, count: customerCount)
        var others: [UInt64: (Currency, [Int64])] = [:]
        var overflow = false
        /// Adds `values` (buckets) and `credit` to the row of customer `c` in `cur`, unless all are zero.
        func add(_ c: Int, _ cur: Currency, _ values: ArraySlice<Int64>, credit: Int64 = 0) {
            guard credit != 0 || values.contains(where: { $0 != 0 }) else { return }
            if mainCurrency[c] == nil { mainCurrency[c] = cur }
            if mainCurrency[c] == cur {
                hasMain[c] = true
                for (b, v) in zip(0..., values) { Money.add(&main[c * width + b], v, overflow: &overflow) }
                Money.add(&main[c * width + buckets], credit, overflow: &overflow)
            } else {
                var row = others[AgingReport.key(Int32(c), cur)]?.1 ?? [Int64](repeating: 0, count: width)
                for (b, v) in zip(0..., values) { Money.add(&row[b], v, overflow: &overflow) }
                Money.add(&row[buckets], credit, overflow: &overflow)
                others[AgingReport.key(Int32(c), cur)] = (cur, row)
            }
        }
        var sales: [Currency: Int64] = [:]
        var receivable: [Currency: Int64] = [:]
        let noBuckets = [Int64](repeating: 0, count: buckets)[...]
        for part in partial {
            for c in 0..<customerCount {
                guard let cur = part.currencyOf[c] else { continue }
                add(c, cur, part.flat[(c * buckets)..<((c + 1) * buckets)])
            }
            for (key, (cur, values)) in part.other { add(Int(truncatingIfNeeded: key >> 32), cur, values[...]) }
            for (cur, v) in part.sales { Money.add(&sales[cur, default: 0], v, overflow: &overflow) }
            for (cur, v) in part.receivable { Money.add(&receivable[cur, default: 0], v, overflow: &overflow) }
            if part.overflow { overflow = true }
        }
        for credit in outstanding.credits {
            let cur = credit.remaining.currency
            guard wanted(credit.customer, cur) else { continue }
            Money.add(&receivable[cur, default: 0], -credit.remaining.minor, overflow: &overflow)
            add(Int(credit.customer), cur, noBuckets, credit: -credit.remaining.minor)
        }
        // Customers are sorted by id: their index order is the id order; then currencies by code.
        func row(_ c: Int, _ cur: Currency, _ values: ArraySlice<Int64>) -> AgingRow {
            AgingRow(customer: books.customers[c].id, name: books.customers[c].name, currency: cur,
                     buckets: Array(values.prefix(buckets)), credit: values[values.startIndex + buckets])
        }
        var otherRows: [Int: [AgingRow]] = [:]
        for (key, (cur, values)) in others {
            let c = Int(truncatingIfNeeded: key >> 32)
            otherRows[c, default: []].append(row(c, cur, values[...]))
        }
        var sorted: [AgingRow] = []
        for c in 0..<customerCount {
            let more = otherRows.isEmpty ? nil : otherRows[c]
            guard hasMain[c] || more != nil else { continue }
            var mine = hasMain[c] ? [row(c, mainCurrency[c]!, main[(c * width)..<((c + 1) * width)])] : []
            if let more { mine += more }
            if mine.count > 1 { mine.sort { $0.currency.code < $1.currency.code } }
            sorted += mine
        }
        var totals: [Currency: AgingRow] = [:]
        for r in sorted {
            var t = totals[r.currency] ?? AgingRow(customer: "TOTAL", name: "", currency: r.currency,
                                                   buckets: [Int64](repeating: 0, count: buckets), credit: 0)
            for b in r.buckets.indices { Money.add(&t.buckets[b], r.buckets[b], overflow: &overflow) }
            Money.add(&t.credit, r.credit, overflow: &overflow)
            var total: Int64 = 0
            for v in t.buckets { Money.add(&total, v, overflow: &overflow) }
            Money.add(&total, t.credit, overflow: &overflow)
            totals[r.currency] = t
        }
        var dso: [Currency: Int] = [:]
        for (cur, owed) in receivable where (sales[cur] ?? 0) > 0 {
            // Rounded to the nearest day, exactly.
            let s = sales[cur]!
            let (twice, o1) = max(0, owed).multipliedReportingOverflow(by: 365 * 2)
            let (numerator, o2) = twice.addingReportingOverflow(s)
            let (denominator, o3) = s.multipliedReportingOverflow(by: 2)
            if o1 || o2 || o3 { overflow = true; continue }
            dso[cur] = Int(numerator / denominator)
        }
        return AgingReport(asOf: asOf, basis: basis, rows: sorted,
                           totals: totals.values.sorted { $0.currency.code < $1.currency.code }, dso: dso, overflow: overflow)
    }

    static func key(_ c: Int32, _ cur: Currency) -> UInt64 { UInt64(UInt32(bitPattern: c)) << 32 | UInt64(cur.packed) }
}
