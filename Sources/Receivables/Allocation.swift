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
    /// How the events are replayed; every strategy gives the same result (the property tests hold them to it).
    public enum Strategy: Sendable, Equatable {
        /// Every event of the books in canonical order, on one thread: the reference.
        case sequential
        /// The customers in independent groups (a customer alone, or with every customer an apply line links it to),
        /// each group's events in canonical order, the groups spread over `threads` parts.
        case byCustomer(threads: Int)
    }

    /// The strategy used when none is given: two parts for big books (over 50 000 invoices), else one.
    public static func defaultStrategy(_ books: Books) -> Strategy {
        .byCustomer(threads: books.invoices.count > 50_000 ? 2 : 1)
    }

    /// Runs every event dated on or before `asOf` in canonical order (see docs/format.md).
    public static func compute(_ books: Books, asOf: Day, strategy: Strategy? = nil) -> Outstanding {
        let threads: Int
        let groups: CustomerGroups?
        switch strategy ?? defaultStrategy(books) {
        case .sequential: (threads, groups) = (1, nil)
        case .byCustomer(let t): (threads, groups) = (max(1, t), CustomerGroups(books))
        }
        let ledger = Ledger(books, groups: groups)
        let parts = max(1, min(threads, ledger.groupCount))
        var state = EngineState(count: books.invoices.count)
        var outputs = [([CustomerCredit], [Diagnostic])](repeating: ([], []), count: parts)
        state.withPointers { results in
            outputs.withUnsafeMutableBufferPointer { out in
                let buffer = out
                DispatchQueue.concurrentPerform(iterations: parts) { p in
                    var engine = Engine(books: books, ledger: ledger, asOf: asOf, results: results)
                    var credits: [CustomerCredit] = []
                    for g in ledger.cut(p, of: parts)..<ledger.cut(p + 1, of: parts) {
                        engine.startGroup()
                        engine.run(group: g)
                        credits += engine.remainingCredits()
                    }
                    buffer[p] = (credits, engine.diagnostics)
                }
            }
        }
        var credits = outputs.flatMap(\.0)
        var diagnostics = outputs.flatMap(\.1)
        credits.sort { ($0.customer, $0.remaining.currency, $0.date) < ($1.customer, $1.remaining.currency, $1.date) }
        diagnostics.sort { ($0.location, $0.message) < ($1.location, $1.message) }
        let (allocated, writtenOff, lastSettlement) = state.byInvoice(ledger, parts: threads)
        return Outstanding(asOf: asOf, allocated: allocated, writtenOff: writtenOff,
                           lastSettlement: lastSettlement, credits: credits, diagnostics: diagnostics)
    }

    /// Every event, whatever its date (for `check`).
    public static func computeAll(_ books: Books) -> Outstanding {
        compute(books, asOf: Day(ordinal: Int32.max))
    }
}

/// Customers that can be replayed apart: a customer alone, or together with every customer whose invoices its
/// payments or credit notes apply to (and theirs, transitively). Within a group the events keep the canonical
/// order of the books, so a group's replay is exactly the sequential replay restricted to its customers.
struct CustomerGroups {
    /// Customer index → group, numbered in the order of each group's first customer.
    var group: [Int32]
    var count: Int

    init(_ books: Books) {
        var parent = Array(Int32(0)..<Int32(books.customers.count))
        func find(_ c: Int32) -> Int32 {
            var c = c
            while parent[Int(c)] != c {
                parent[Int(c)] = parent[Int(parent[Int(c)])]
                c = parent[Int(c)]
            }
            return c
        }
        func link(_ owner: Int32, _ applications: [Application]) {
            for a in applications where a.invoice >= 0 {
                let other = books.invoices[Int(a.invoice)].customer
                guard other != owner else { continue }
                let (x, y) = (find(owner), find(other))
                if x != y { parent[Int(max(x, y))] = min(x, y) }
            }
        }
        books.payments.withUnsafeBufferPointer { payments in
            for k in payments.indices where !payments[k].applications.isEmpty { link(payments[k].customer, payments[k].applications) }
        }
        for c in books.credits where !c.applications.isEmpty { link(c.customer, c.applications) }
        group = [Int32](repeating: 0, count: books.customers.count)
        var label = [Int32](repeating: -1, count: books.customers.count)
        count = 0
        for c in books.customers.indices {
            let root = Int(find(Int32(c)))
            if label[root] < 0 {
                label[root] = Int32(count)
                count += 1
            }
            group[c] = label[root]
        }
    }
}

/// What settled part of an invoice, how much and on which day (for late interest on sums paid late).
public struct Settlement: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Index into `Books.payments`.
        case payment(Int32)
        /// Index into `Books.credits`.
        case creditNote(Int32)
        /// Index into `Books.writeOffs`.
        case writeOff(Int32)
    }
    /// Index into `Books.invoices`.
    public var invoice: Int32
    public var kind: Kind
    public var date: Day
    /// Minor units of the invoice's currency (positive).
    public var amount: Int64
}

extension Allocation {
    /// Every settlement of the events dated on or before `asOf`, in the order they happen: the same replay as
    /// `compute`, on one thread, recording which payment, credit note or write-off settled how much of which invoice.
    public static func settlements(_ books: Books, asOf: Day) -> [Settlement] {
        let ledger = Ledger(books, groups: nil)
        var state = EngineState(count: books.invoices.count)
        var out: [Settlement] = []
        state.withPointers { results in
            var engine = Engine(books: books, ledger: ledger, asOf: asOf, results: results)
            engine.settlements = []
            for g in 0..<ledger.groupCount {
                engine.startGroup()
                engine.run(group: g)
            }
            out = engine.settlements ?? []
        }
        return out
    }
}

/// The fields the replay reads, as compact columns grouped by customer (or one group of everything),
/// each group in canonical order. Invoices and payments are addressed by their position here.
struct Ledger: @unchecked Sendable {
    /// Per group, where its invoices / credit notes / payments / write-offs start (groupCount + 1 entries).
    var invoiceStart: [Int32] = [], creditStart: [Int32] = [], paymentStart: [Int32] = [], writeOffStart: [Int32] = []
    /// Position → invoice index, and back.
    var invoice: [Int32] = [], position: [Int32] = []
    /// By position: what the replay reads of each invoice.
    var invoices: [InvoiceEntry] = []
    /// Position → index into `Books.credits` / `Books.writeOffs`.
    var credit: [Int32] = [], writeOff: [Int32] = []
    /// Payment position → index into `Books.payments`, and what the replay reads of it.
    var payment: [Int32] = [], payments: [PaymentEntry] = []
    /// The apply lines of payment position q are `paymentApplies[q]..<paymentApplies[q + 1]` in `applyPosition`
    /// (the invoice's position) and `applyAmount` (`Int64.min` when the line has no amount).
    var paymentApplies: [Int32] = [], applyPosition: [Int32] = [], applyAmount: [Int64] = []

    var groupCount: Int { invoiceStart.count - 1 }

    /// One invoice as the replay reads it: one memory read brings all of it.
    struct InvoiceEntry {
        var date: Int32, due: Int32, customer: Int32
        var currency: Currency
        var amount: Int64
    }

    /// One payment as the replay reads it.
    struct PaymentEntry {
        var date: Int32, customer: Int32
        var currency: Currency
        var amount: Int64
    }

    static let noAmount = Int64.min

    init() {}

    /// Columns grouped by `groups` (nil: one group of everything).
    init(_ books: Books, groups customerGroups: CustomerGroups?) {
        let groupOf = customerGroups?.group
        let groups = max(1, customerGroups?.count ?? 1)
        // Invoice columns and payment columns on two threads, each into its own value; then put together.
        var invoiceSide = Ledger(), paymentSide = Ledger()
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 {
                invoiceSide.invoiceColumns(books, groups: groups, groupOf: groupOf)
            } else {
                paymentSide.paymentColumns(books, groups: groups, groupOf: groupOf)
            }
        }
        self = invoiceSide
        (payment, paymentStart, payments) = (paymentSide.payment, paymentSide.paymentStart, paymentSide.payments)
        (paymentApplies, applyAmount) = (paymentSide.paymentApplies, paymentSide.applyAmount)
        // Apply lines name invoice indices: turn them into positions.
        applyPosition = paymentSide.applyPosition
        for k in applyPosition.indices { applyPosition[k] = position[Int(applyPosition[k])] }
        let creditGroup = groupOf.map { g in books.credits.map { g[Int($0.customer)] } } ?? [Int32](repeating: 0, count: books.credits.count)
        let writeOffGroup = groupOf.map { g in books.writeOffs.map { g[Int(books.invoices[Int($0.invoice)].customer)] } }
                                       ?? [Int32](repeating: 0, count: books.writeOffs.count)
        (credit, creditStart) = Ledger.group(creditGroup, groups)
        (writeOff, writeOffStart) = Ledger.group(writeOffGroup, groups)
    }

    /// Invoice columns in group order: read the invoices in order, write each at its position.
    mutating func invoiceColumns(_ books: Books, groups: Int, groupOf: [Int32]?) {
        let n = books.invoices.count
        var invoiceGroup = [Int32](repeating: 0, count: n)
        if let groupOf { books.invoices.withUnsafeBufferPointer { inv in for i in 0..<n { invoiceGroup[i] = groupOf[Int(inv[i].customer)] } } }
        (invoice, invoiceStart, position) = Ledger.positions(invoiceGroup, groups)
        // Every position is written once (positions are a permutation): one write of 24 bytes per invoice.
        invoices = [InvoiceEntry](unsafeUninitializedCapacity: n) { entries, count in
            books.invoices.withUnsafeBufferPointer { inv in
                for i in 0..<n {
                    (entries.baseAddress! + Int(position[i])).initialize(to: InvoiceEntry(
                        date: inv[i].date.ordinal, due: inv[i].due.ordinal, customer: inv[i].customer,
                        currency: inv[i].amount.currency, amount: inv[i].amount.minor))
                }
            }
            count = n
        }
    }

    /// Payment columns in group order, apply lines flattened (with invoice indices, not yet positions).
    /// The payments are read in order and written at their position.
    mutating func paymentColumns(_ books: Books, groups: Int, groupOf: [Int32]?) {
        let m = books.payments.count
        var paymentGroup = [Int32](repeating: 0, count: m)
        if let groupOf { books.payments.withUnsafeBufferPointer { pay in for k in 0..<m { paymentGroup[k] = groupOf[Int(pay[k].customer)] } } }
        let positionOf: [Int32]
        (payment, paymentStart, positionOf) = Ledger.positions(paymentGroup, groups)
        var applies = [Int32](repeating: 0, count: m + 1)
        payments = [PaymentEntry](unsafeUninitializedCapacity: m) { entries, count in
            books.payments.withUnsafeBufferPointer { pay in
                for k in 0..<m {
                    let q = Int(positionOf[k])
                    (entries.baseAddress! + q).initialize(to: PaymentEntry(
                        date: pay[k].date.ordinal, customer: pay[k].customer, currency: pay[k].amount.currency, amount: pay[k].amount.minor))
                    applies[q + 1] = Int32(pay[k].applications.count)
                }
            }
            count = m
        }
        paymentApplies = applies
        for q in 0..<m { paymentApplies[q + 1] += paymentApplies[q] }
        let total = Int(paymentApplies[m])
        applyPosition = [Int32](repeating: 0, count: total)
        applyAmount = [Int64](repeating: 0, count: total)
        books.payments.withUnsafeBufferPointer { pay in
            for k in 0..<m where !pay[k].applications.isEmpty {
                var at = Int(paymentApplies[Int(positionOf[k])])
                for app in pay[k].applications {
                    applyPosition[at] = app.invoice
                    applyAmount[at] = app.amount ?? Ledger.noAmount
                    at += 1
                }
            }
        }
    }

    /// `group`, and each index's position in the grouped order.
    static func positions(_ owner: [Int32], _ owners: Int) -> (order: [Int32], start: [Int32], position: [Int32]) {
        let (order, start) = group(owner, owners)
        var position = [Int32](repeating: 0, count: order.count)
        for p in order.indices { position[Int(order[p])] = Int32(p) }
        return (order, start, position)
    }

    /// Indices grouped by `owner` (stable: canonical order within a group), and where each group starts.
    static func group(_ owner: [Int32], _ owners: Int) -> ([Int32], [Int32]) {
        var start = [Int32](repeating: 0, count: owners + 1)
        if owners == 1 {
            start[1] = Int32(owner.count)
            return ((0..<Int32(owner.count)).map { $0 }, start)
        }
        for o in owner { start[Int(o) + 1] += 1 }
        for k in 0..<owners { start[k + 1] += start[k] }
        var next = start
        var out = [Int32](repeating: 0, count: owner.count)
        for (i, o) in owner.enumerated() {
            out[Int(next[Int(o)])] = Int32(i)
            next[Int(o)] += 1
        }
        return (out, start)
    }

    /// The first group of part `p` of `parts`: contiguous groups with about as many invoices and payments each.
    func cut(_ p: Int, of parts: Int) -> Int {
        if p <= 0 { return 0 }
        if p >= parts { return groupCount }
        let total = Int(invoiceStart[groupCount]) + Int(paymentStart[groupCount])
        let target = total * p / parts
        var lo = 0, hi = groupCount
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(invoiceStart[mid]) + Int(paymentStart[mid]) < target { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

/// What the replay computes, by invoice position in the ledger.
struct EngineState {
    var allocated: [Int64]
    var writtenOff: [Int64]
    /// Day ordinal, or `Int32.min` for never.
    var lastSettlement: [Int32]

    init(count: Int) {
        allocated = [Int64](repeating: 0, count: count)
        writtenOff = [Int64](repeating: 0, count: count)
        lastSettlement = [Int32](repeating: .min, count: count)
    }

    mutating func withPointers(_ body: (Results) -> Void) {
        allocated.withUnsafeMutableBufferPointer { a in
            writtenOff.withUnsafeMutableBufferPointer { w in
                lastSettlement.withUnsafeMutableBufferPointer { l in
                    body(Results(allocated: a, writtenOff: w, lastSettlement: l))
                }
            }
        }
    }

    /// The results indexed like `Books.invoices`, copied in `parts` parts.
    func byInvoice(_ ledger: Ledger, parts: Int) -> ([Int64], [Int64], [Day?]) {
        let n = allocated.count
        var a = [Int64](repeating: 0, count: n), w = [Int64](repeating: 0, count: n), l = [Day?](repeating: nil, count: n)
        a.withUnsafeMutableBufferPointer { a in
            w.withUnsafeMutableBufferPointer { w in
                l.withUnsafeMutableBufferPointer { l in
                    let (a, w, l) = (a, w, l)
                    let parts = max(1, min(parts, n))
                    DispatchQueue.concurrentPerform(iterations: parts) { part in
                        for i in (n * part / parts)..<(n * (part + 1) / parts) {
                            let p = Int(ledger.position[i])
                            a[i] = allocated[p]
                            w[i] = writtenOff[p]
                            if lastSettlement[p] != .min { l[i] = Day(ordinal: lastSettlement[p]) }
                        }
                    }
                }
            }
        }
        return (a, w, l)
    }
}

/// Where the engines write, by invoice position (each position is written by one engine only).
struct Results: @unchecked Sendable {
    let allocated: UnsafeMutableBufferPointer<Int64>
    let writtenOff: UnsafeMutableBufferPointer<Int64>
    let lastSettlement: UnsafeMutableBufferPointer<Int32>
}

/// Replays the events of one group at a time. Invoices are named by their ledger position.
struct Engine {
    let books: Books
    let ledger: Ledger
    let asOf: Int32
    let results: Results
    var diagnostics: [Diagnostic] = []
    /// When not nil, every settlement is recorded here (`Allocation.settlements`).
    var settlements: [Settlement]?
    /// The payment or credit note whose apply lines are being replayed.
    var applying: Settlement.Kind = .payment(-1)
    /// When set, every apply line carried out is logged here (exports; see `Allocation.trail`).
    var applyLog: [AppliedAmount]?

    /// Per customer and currency: open invoices by due date, and credits waiting for invoices.
    struct Account {
        var customer: Int32
        var currency: Currency
        var open: [Int32] = []
        var firstOpen = 0
        var credits: [CustomerCredit] = []
        var firstCredit = 0
    }
    var accounts: [Account] = []
    /// (customer, currency) → account, when a group holds several customers.
    var accountIndex: [UInt64: Int32] = [:]

    init(books: Books, ledger: Ledger, asOf: Day, results: Results) {
        self.books = books
        self.ledger = ledger
        self.asOf = asOf.ordinal
        self.results = results
    }

    /// Forgets the previous group's accounts.
    mutating func startGroup() {
        accounts.removeAll(keepingCapacity: true)
        accountIndex.removeAll(keepingCapacity: true)
    }

    @inline(__always) mutating func account(_ customer: Int32, _ currency: Currency) -> Int {
        // The first four accounts are searched in order; later ones (several customers at once) through the index.
        for k in accounts.indices.prefix(4) where accounts[k].customer == customer && accounts[k].currency == currency { return k }
        if accounts.count >= 4 {
            let key = UInt64(UInt32(bitPattern: customer)) << 32 | UInt64(currency.packed)
            if let i = accountIndex[key] { return Int(i) }
            accountIndex[key] = Int32(accounts.count)
        }
        accounts.append(Account(customer: customer, currency: currency))
        return accounts.count - 1
    }

    @inline(__always) func left(_ p: Int) -> Int64 {
        ledger.invoices[p].amount - results.allocated[p] - results.writtenOff[p]
    }

    /// Events in canonical order: on one day, invoices, then credit notes, then payments, then write-offs.
    mutating func run(group g: Int) {
        let cn = books.credits, wo = books.writeOffs, pay = books.payments
        var a = Int(ledger.invoiceStart[g]), b = Int(ledger.creditStart[g])
        var c = Int(ledger.paymentStart[g]), d = Int(ledger.writeOffStart[g])
        let aEnd = Int(ledger.invoiceStart[g + 1]), bEnd = Int(ledger.creditStart[g + 1])
        let cEnd = Int(ledger.paymentStart[g + 1]), dEnd = Int(ledger.writeOffStart[g + 1])
        while true {
            var day = Int32.max
            if a < aEnd { day = min(day, ledger.invoices[a].date) }
            if b < bEnd { day = min(day, cn[Int(ledger.credit[b])].date.ordinal) }
            if c < cEnd { day = min(day, ledger.payments[c].date) }
            if d < dEnd { day = min(day, wo[Int(ledger.writeOff[d])].date.ordinal) }
            if day == Int32.max || day > asOf { break }
            while a < aEnd && ledger.invoices[a].date == day {
                issue(a)
                a += 1
            }
            while b < bEnd && cn[Int(ledger.credit[b])].date.ordinal == day {
                let k = Int(ledger.credit[b])
                applying = .creditNote(Int32(k))
                var rest = cn[k].amount.minor
                for line in cn[k].applications {
                    let before = applyLog == nil ? 0 : results.allocated[Int(ledger.position[Int(line.invoice)])]
                    apply(to: Int(ledger.position[Int(line.invoice)]), amount: line.amount, from: &rest, currency: cn[k].amount.currency,
                          date: day, line: line, what: "credit note \(cn[k].number)")
                    if applyLog != nil { logApply(.creditNote(Int32(k)), Int(ledger.position[Int(line.invoice)]), before, day) }
                }
                settle(rest, currency: cn[k].amount.currency, customer: cn[k].customer, date: day, source: .creditNote(Int32(k)))
                b += 1
            }
            while c < cEnd && ledger.payments[c].date == day {
                let k = Int(ledger.payment[c])
                applying = .payment(Int32(k))
                let applies = Int(ledger.paymentApplies[c])..<Int(ledger.paymentApplies[c + 1])
                let entry = ledger.payments[c]
                var rest = entry.amount
                for (n, line) in applies.enumerated() {
                    let amount = ledger.applyAmount[line]
                    let before = applyLog == nil ? 0 : results.allocated[Int(ledger.applyPosition[line])]
                    apply(to: Int(ledger.applyPosition[line]), amount: amount == Ledger.noAmount ? nil : amount, from: &rest,
                          currency: entry.currency, date: day, line: pay[k].applications[n], what: "this payment")
                    if applyLog != nil { logApply(.payment(Int32(k)), Int(ledger.applyPosition[line]), before, day) }
                }
                settle(rest, currency: entry.currency, customer: entry.customer, date: day, source: .payment(Int32(k)))
                c += 1
            }
            while d < dEnd && wo[Int(ledger.writeOff[d])].date.ordinal == day {
                writeOff(Int(ledger.writeOff[d]))
                d += 1
            }
        }
    }

    /// A new invoice: joins its account's open list (by due date) and consumes waiting credits.
    mutating func issue(_ p: Int) {
        let acc = account(ledger.invoices[p].customer, ledger.invoices[p].currency)
        let due = ledger.invoices[p].due
        // Keep (due date, position) order, which is (due, date, number) within one customer; usually at the end.
        var pos = accounts[acc].open.count
        while pos > accounts[acc].firstOpen {
            let other = Int(accounts[acc].open[pos - 1])
            if (ledger.invoices[other].due, other) <= (due, p) { break }
            pos -= 1
        }
        if pos == accounts[acc].open.count { accounts[acc].open.append(Int32(p)) } else { accounts[acc].open.insert(Int32(p), at: pos) }
        while accounts[acc].firstCredit < accounts[acc].credits.count && left(p) > 0 {
            let k = accounts[acc].firstCredit
            let take = min(accounts[acc].credits[k].remaining.minor, left(p))
            results.allocated[p] += take
            results.lastSettlement[p] = ledger.invoices[p].date
            if settlements != nil { record(p, take, ledger.invoices[p].date, accounts[acc].credits[k].source) }
            accounts[acc].credits[k].remaining.minor -= take
            if accounts[acc].credits[k].remaining.minor == 0 { accounts[acc].firstCredit += 1 }
        }
    }

    /// One apply line: `amount` (nil = as much as possible) of what is left to apply goes to the invoice at position `p`.
    mutating func apply(to p: Int, amount: Int64?, from rest: inout Int64, currency: Currency, date: Int32,
                        line: @autoclosure () -> Application, what: @autoclosure () -> String) {
        func text(_ minor: Int64) -> String { Money(minor: minor, currency: currency).plain }
        let available = left(p)
        let wanted = amount ?? min(rest, available)
        if wanted > rest {
            diagnostics.append(Diagnostic.at(line().span, in: books.sources, .error,
                "\(what()) applies \(text(wanted)) but only \(text(rest)) of it is left to apply",
                fix: "the apply lines of one payment may not add up to more than its amount"))
            return
        }
        if wanted > available {
            let number = line().invoiceNumber
            diagnostics.append(Diagnostic.at(line().span, in: books.sources, .error,
                "applies \(text(wanted)) to \(number), but only \(text(available)) is left on it",
                fix: available == 0 ? "\(number) is already settled: apply this to another invoice, or remove the line"
                                    : "apply at most \(text(available)), or remove the amount to apply what is left"))
            return
        }
        if wanted == 0 { return }
        results.allocated[p] += wanted
        results.lastSettlement[p] = date
        settlements?.append(Settlement(invoice: ledger.invoice[p], kind: applying, date: Day(ordinal: date), amount: wanted))
        rest -= wanted
    }

    /// What is left of a payment or credit note after its apply lines: oldest due date first, the rest a credit.
    mutating func settle(_ amount: Int64, currency: Currency, customer: Int32, date: Int32, source: CreditSource) {
        var rest = amount
        guard rest > 0 else { return }
        let acc = account(customer, currency)
        var k = accounts[acc].firstOpen
        // Oldest due date first; skip invoices already settled (compacting the list as we go).
        while rest > 0 && k < accounts[acc].open.count {
            let p = Int(accounts[acc].open[k])
            let l = left(p)
            if l > 0 {
                let take = min(l, rest)
                results.allocated[p] += take
                results.lastSettlement[p] = date
                if settlements != nil { record(p, take, date, source) }
                rest -= take
            }
            if left(p) == 0 && k == accounts[acc].firstOpen { accounts[acc].firstOpen += 1 }
            k += 1
        }
        compact(acc)
        if rest > 0 {
            accounts[acc].credits.append(CustomerCredit(customer: customer, source: source, date: Day(ordinal: date),
                                                        remaining: Money(minor: rest, currency: currency)))
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
        let p = Int(ledger.position[Int(w.invoice)])
        let l = left(p)
        if l <= 0 {
            diagnostics.append(Diagnostic.at(w.invoiceSpan, in: books.sources, .warning,
                "\(w.invoiceNumber) is already settled on \(w.date): nothing to write off",
                fix: "remove the writeoff, or check the payments applied to \(w.invoiceNumber)"))
            return
        }
        results.writtenOff[p] += l
        results.lastSettlement[p] = w.date.ordinal
        settlements?.append(Settlement(invoice: w.invoice, kind: .writeOff(Int32(d)), date: w.date, amount: l))
    }

    /// Records a settlement by a payment or credit note (see `Allocation.settlements`).
    mutating func record(_ p: Int, _ amount: Int64, _ date: Int32, _ source: CreditSource) {
        let kind: Settlement.Kind
        switch source {
        case .payment(let k): kind = .payment(k)
        case .creditNote(let k): kind = .creditNote(k)
        }
        settlements?.append(Settlement(invoice: ledger.invoice[p], kind: kind, date: Day(ordinal: date), amount: amount))
    }

    /// Credits not yet consumed, account by account.
    func remainingCredits() -> [CustomerCredit] {
        var out: [CustomerCredit] = []
        for acc in accounts {
            for k in acc.firstCredit..<acc.credits.count where acc.credits[k].remaining.minor > 0 {
                out.append(acc.credits[k])
            }
        }
        return out
    }
}
