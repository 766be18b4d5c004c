import Books
import Dispatch

/// Where a customer credit came from.
public enum CreditSource: Sendable, Equatable {
    /// Index into `Books.payments`.
    case payment(Int32)
    /// Index into `Books.credits`.
    case creditNote(Int32)
}

/// Money a customer has paid or been credited that no invoice has consumed yet.
public struct CustomerCredit: Sendable, Equatable {
    public var customer: Int32
    public var source: CreditSource
    public var date: Day
    /// What is left, in minor units of `currency` (positive).
    public var remaining: Money
}

/// What is left on each invoice as of a date, after payments, credit notes and write-offs.
public struct Outstanding: Sendable {
    public let asOf: Day
    /// Indexed like `Books.invoices`: minor units allocated by payments and credit notes.
    public var allocated: [Int64]
    /// Indexed like `Books.invoices`: minor units written off.
    public var writtenOff: [Int64]
    /// Indexed like `Books.invoices`: the last day something reduced the invoice (nil = never).
    public var lastSettlement: [Day?]
    /// Unconsumed customer credits, in the order they arose.
    public var credits: [CustomerCredit]
    /// Problems met while allocating (an apply larger than what is left…).
    public var diagnostics: [Diagnostic]

    /// Minor units still owed on invoice `i` (0 when paid, written off, or issued after `asOf`).
    @inline(__always) public func outstanding(_ books: Books, _ i: Int) -> Int64 {
        let inv = books.invoices[i]
        if inv.date > asOf { return 0 }
        return inv.amount.minor - allocated[i] - writtenOff[i]
    }
}

/// Allocation of payments and credit notes to invoices ("lettrage"), as of a date.
public enum Allocation {
    /// Runs every event dated on or before `asOf` in canonical order (see docs/format.md).
    /// `partitions` splits the customers over that many threads (default: 2 for big books); the result is the same.
    public static func compute(_ books: Books, asOf: Day, partitions: Int? = nil) -> Outstanding {
        // Customers are independent when no apply line crosses to another customer's invoice:
        // big books are then split by customer over both cores, with the same result.
        let wanted = partitions ?? (books.invoices.count > 50_000 ? 2 : 1)
        let parts = wanted > 1 && !crossesCustomers(books) ? wanted : 1
        var engines = [Engine?](repeating: nil, count: parts)
        engines.withUnsafeMutableBufferPointer { out in
            let buffer = out
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                var engine = Engine(books: books, asOf: asOf, partition: (Int32(parts), Int32(p)))
                engine.run()
                buffer[p] = engine
            }
        }
        var first = engines[0]!
        var credits = first.remainingCredits()
        var diagnostics = first.diagnostics
        for other in engines.dropFirst().map({ $0! }) {
            for i in books.invoices.indices where other.customerOf[i] % Int32(parts) == other.partition.index {
                first.allocated[i] = other.allocated[i]
                first.writtenOff[i] = other.writtenOff[i]
                first.lastSettlement[i] = other.lastSettlement[i]
            }
            credits += other.remainingCredits()
            diagnostics += other.diagnostics
        }
        if parts > 1 {
            credits.sort { ($0.customer, $0.remaining.currency, $0.date) < ($1.customer, $1.remaining.currency, $1.date) }
            diagnostics.sort { ($0.location, $0.message) < ($1.location, $1.message) }
        }
        return Outstanding(asOf: asOf, allocated: first.allocated, writtenOff: first.writtenOff,
                           lastSettlement: first.lastSettlement, credits: credits, diagnostics: diagnostics)
    }

    /// Whether a payment or credit note applies to an invoice of another customer.
    static func crossesCustomers(_ books: Books) -> Bool {
        for p in books.payments where !p.applications.isEmpty {
            for a in p.applications where a.invoice >= 0 && books.invoices[Int(a.invoice)].customer != p.customer { return true }
        }
        for c in books.credits {
            for a in c.applications where a.invoice >= 0 && books.invoices[Int(a.invoice)].customer != c.customer { return true }
        }
        return false
    }

    /// Every event, whatever its date (for `check`).
    public static func computeAll(_ books: Books) -> Outstanding {
        compute(books, asOf: Day(ordinal: Int32.max))
    }
}

struct Engine {
    let books: Books
    let asOf: Day
    var allocated: [Int64]
    var writtenOff: [Int64]
    var lastSettlement: [Day?]
    var diagnostics: [Diagnostic] = []

    /// Per customer and currency: open invoices by due date, and credits waiting for invoices.
    struct Account {
        var currency: Currency
        var open: [Int32] = []
        var firstOpen = 0
        var credits: [CustomerCredit] = []
        var firstCredit = 0
    }
    var accounts: [Account] = []
    var accountIndex: [UInt64: Int32] = [:]
    /// Flat copies of the invoice fields the hot loops read.
    let amount: [Int64]
    let due: [Int32]
    /// Each invoice's account (customer and currency).
    var accountOf: [Int32]
    let customerOf: [Int32]
    let currencyOf: [Currency]
    let dateOf: [Day]

    /// Per customer, its first account (most customers deal in one currency); others go through `accountIndex`.
    var firstAccount: [Int32]

    /// This engine handles the customers whose index ≡ `index` (mod `count`).
    let partition: (count: Int32, index: Int32)

    init(books: Books, asOf: Day, partition: (count: Int32, index: Int32) = (1, 0)) {
        self.books = books
        self.asOf = asOf
        self.partition = partition
        let n = books.invoices.count
        allocated = [Int64](repeating: 0, count: n)
        writtenOff = [Int64](repeating: 0, count: n)
        lastSettlement = [Day?](repeating: nil, count: n)
        accountOf = [Int32](repeating: -1, count: n)
        var amount = [Int64](), due = [Int32](), customerOf = [Int32](), currencyOf = [Currency](), dateOf = [Day]()
        amount.reserveCapacity(n); due.reserveCapacity(n); customerOf.reserveCapacity(n); currencyOf.reserveCapacity(n); dateOf.reserveCapacity(n)
        books.invoices.withUnsafeBufferPointer { invoices in
            for inv in invoices {
                amount.append(inv.amount.minor)
                due.append(inv.due.ordinal)
                customerOf.append(inv.customer)
                currencyOf.append(inv.amount.currency)
                dateOf.append(inv.date)
            }
        }
        self.amount = amount
        self.due = due
        self.customerOf = customerOf
        self.currencyOf = currencyOf
        self.dateOf = dateOf
        firstAccount = [Int32](repeating: -1, count: books.customers.count)
    }

    @inline(__always) mutating func account(_ customer: Int32, _ currency: Currency) -> Int {
        let first = firstAccount[Int(customer)]
        if first >= 0 && accounts[Int(first)].currency == currency { return Int(first) }
        let key = UInt64(UInt32(bitPattern: customer)) << 32 | UInt64(currency.packed)
        if let i = accountIndex[key] { return Int(i) }
        accounts.append(Account(currency: currency))
        accountIndex[key] = Int32(accounts.count - 1)
        if first < 0 { firstAccount[Int(customer)] = Int32(accounts.count - 1) }
        return accounts.count - 1
    }

    @inline(__always) func left(_ i: Int) -> Int64 {
        amount[i] - allocated[i] - writtenOff[i]
    }

    /// Events in canonical order: on one day, invoices, then credit notes, then payments, then write-offs.
    @inline(__always) func mine(_ customer: Int32) -> Bool {
        partition.count == 1 || customer % partition.count == partition.index
    }

    mutating func run() {
        let inv = books.invoices, cn = books.credits, pay = books.payments, wo = books.writeOffs
        var a = 0, b = 0, c = 0, d = 0
        while true {
            var day = Day(ordinal: Int32.max)
            if a < inv.count { day = min(day, inv[a].date) }
            if b < cn.count { day = min(day, cn[b].date) }
            if c < pay.count { day = min(day, pay[c].date) }
            if d < wo.count { day = min(day, wo[d].date) }
            if day == Day(ordinal: Int32.max) || day > asOf { break }
            while a < inv.count && inv[a].date == day {
                if mine(customerOf[a]) { issue(a) }
                a += 1
            }
            while b < cn.count && cn[b].date == day {
                guard mine(cn[b].customer) else { b += 1; continue }
                settle(amount: cn[b].amount, customer: cn[b].customer, date: day, applications: cn[b].applications,
                       source: .creditNote(Int32(b)), what: "credit note \(cn[b].number)")
                b += 1
            }
            while c < pay.count && pay[c].date == day {
                guard mine(pay[c].customer) else { c += 1; continue }
                settle(amount: pay[c].amount, customer: pay[c].customer, date: day, applications: pay[c].applications,
                       source: .payment(Int32(c)), what: "this payment")
                c += 1
            }
            while d < wo.count && wo[d].date == day {
                if mine(customerOf[Int(wo[d].invoice)]) { writeOff(d) }
                d += 1
            }
        }
    }

    /// A new invoice: joins its account's open list (by due date) and consumes waiting credits.
    mutating func issue(_ i: Int) {
        let acc = account(customerOf[i], currencyOf[i])
        accountOf[i] = Int32(acc)
        // Keep (due date, index) order, which is (due, date, number) within one customer; usually at the end.
        var pos = accounts[acc].open.count
        while pos > accounts[acc].firstOpen {
            let other = Int(accounts[acc].open[pos - 1])
            if (due[other], other) <= (due[i], i) { break }
            pos -= 1
        }
        if pos == accounts[acc].open.count { accounts[acc].open.append(Int32(i)) } else { accounts[acc].open.insert(Int32(i), at: pos) }
        while accounts[acc].firstCredit < accounts[acc].credits.count && left(i) > 0 {
            let k = accounts[acc].firstCredit
            let take = min(accounts[acc].credits[k].remaining.minor, left(i))
            allocated[i] += take
            lastSettlement[i] = dateOf[i]
            accounts[acc].credits[k].remaining.minor -= take
            if accounts[acc].credits[k].remaining.minor == 0 { accounts[acc].firstCredit += 1 }
        }
    }

    mutating func settle(amount: Money, customer: Int32, date: Day, applications: [Application],
                         source: CreditSource, what: String) {
        var rest = amount.minor
        for app in applications {
            let i = Int(app.invoice)
            let available = left(i)
            let wanted = app.amount ?? min(rest, available)
            if wanted > rest {
                let text = Money(minor: wanted, currency: amount.currency).plain
                diagnostics.append(Diagnostic.at(app.span, in: books.sources, .error,
                    "\(what) applies \(text) but only \(Money(minor: rest, currency: amount.currency).plain) of it is left to apply",
                    fix: "the apply lines of one payment may not add up to more than its amount"))
                continue
            }
            if wanted > available {
                let number = books.invoices[i].number
                diagnostics.append(Diagnostic.at(app.span, in: books.sources, .error,
                    "applies \(Money(minor: wanted, currency: amount.currency).plain) to \(number), but only \(Money(minor: available, currency: amount.currency).plain) is left on it",
                    fix: available == 0 ? "\(number) is already settled: apply this to another invoice, or remove the line"
                                        : "apply at most \(Money(minor: available, currency: amount.currency).plain), or remove the amount to apply what is left"))
                continue
            }
            if wanted == 0 { continue }
            allocated[i] += wanted
            lastSettlement[i] = date
            rest -= wanted
        }
        guard rest > 0 else { return }
        let acc = account(customer, amount.currency)
        var k = accounts[acc].firstOpen
        // Oldest due date first; skip invoices already settled (compacting the list as we go).
        while rest > 0 && k < accounts[acc].open.count {
            let i = Int(accounts[acc].open[k])
            let l = left(i)
            if l > 0 {
                let take = min(l, rest)
                allocated[i] += take
                lastSettlement[i] = date
                rest -= take
            }
            if left(i) == 0 && k == accounts[acc].firstOpen { accounts[acc].firstOpen += 1 }
            k += 1
        }
        compact(acc)
        if rest > 0 {
            accounts[acc].credits.append(CustomerCredit(customer: customer, source: source, date: date,
                                                        remaining: Money(minor: rest, currency: amount.currency)))
        }
    }

    /// Drops settled invoices from an account's open list once they make up half of it.
    mutating func compact(_ acc: Int) {
        let first = accounts[acc].firstOpen
        if first > 32 && first * 2 > accounts[acc].open.count {
            accounts[acc].open.removeFirst(first)
            accounts[acc].firstOpen = 0
        }
    }

    mutating func writeOff(_ d: Int) {
        let w = books.writeOffs[d]
        let i = Int(w.invoice)
        let l = left(i)
        if l <= 0 {
            diagnostics.append(Diagnostic.at(w.invoiceSpan, in: books.sources, .warning,
                "\(w.invoiceNumber) is already settled on \(w.date): nothing to write off",
                fix: "remove the writeoff, or check the payments applied to \(w.invoiceNumber)"))
            return
        }
        writtenOff[i] += l
        lastSettlement[i] = w.date
    }

    func remainingCredits() -> [CustomerCredit] {
        var out: [CustomerCredit] = []
        for acc in accounts {
            for k in acc.firstCredit..<acc.credits.count where acc.credits[k].remaining.minor > 0 {
                out.append(acc.credits[k])
            }
        }
        out.sort { ($0.customer, $0.remaining.currency, $0.date) < ($1.customer, $1.remaining.currency, $1.date) }
        return out
    }
}
