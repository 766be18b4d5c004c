import Books
import Parallel

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
    /// Runs every event dated on or before `asOf` in canonical order (see docs/format.md). Customers that no apply
    /// line links are replayed apart, in groups spread over the parts of `parallel`; whatever the number of parts,
    /// the result is that of the reference replay, every event in one sequence (the property tests hold it to that).
    public static func compute(_ books: Books, asOf: Day, parallel: Parallel = .sequential) -> Outstanding {
        let store = ColumnStore(books, groups: CustomerGroups(books), parallel: parallel)
        let split = Parallel(parts: min(parallel.parts, store.groupCount))
        let replays = split.map { part in
            var engine = Engine(books: books, store: store, asOf: asOf,
                                groups: store.firstGroup(ofPart: part, of: split.parts)..<store.firstGroup(ofPart: part + 1, of: split.parts))
            engine.replay()
            return engine
        }
        return outstanding(replays, store, asOf: asOf, parallel: parallel)
    }

    /// Every event, whatever its date (for `check`).
    public static func computeAll(_ books: Books, parallel: Parallel = .sequential) -> Outstanding {
        compute(books, asOf: Day(ordinal: Int32.max), parallel: parallel)
    }

    /// The reference: every event of the books in one sequence, in canonical order, on one thread.
    static func replayInOneSequence(_ books: Books, asOf: Day, recordSettlements: Bool = false, logApplies: Bool = false) -> Engine {
        let store = ColumnStore(books, groups: nil, parallel: .sequential)
        var engine = Engine(books: books, store: store, asOf: asOf, groups: 0..<store.groupCount)
        if recordSettlements { engine.settlements = [] }
        if logApplies { engine.applyLog = [] }
        engine.replay()
        return engine
    }

    /// The reference replay's result (what the tests compare `compute` with, for every number of parts).
    static func referenceOutstanding(_ books: Books, asOf: Day) -> Outstanding {
        let engine = replayInOneSequence(books, asOf: asOf)
        return outstanding([engine], engine.store, asOf: asOf, parallel: .sequential)
    }

    /// The replays' results put together: by invoice index, credits and diagnostics in a fixed order.
    static func outstanding(_ replays: [Engine], _ store: ColumnStore, asOf: Day, parallel: Parallel) -> Outstanding {
        var credits = replays.flatMap(\.credits)
        var diagnostics = replays.flatMap(\.diagnostics)
        credits.sort { ($0.customer, $0.remaining.currency, $0.date) < ($1.customer, $1.remaining.currency, $1.date) }
        diagnostics.sort { ($0.location, $0.message) < ($1.location, $1.message) }
        // The replays hold consecutive runs of invoice slots, in order: joined, then read back by invoice index.
        var allocatedPieces = replays.map(\.allocated), writtenOffPieces = replays.map(\.writtenOff)
        var lastSettlementPieces = replays.map(\.lastSettlement)
        let allocatedBySlot = parallel.concatenate(&allocatedPieces), writtenOffBySlot = parallel.concatenate(&writtenOffPieces)
        let lastSettlementBySlot = parallel.concatenate(&lastSettlementPieces)
        let slotOfInvoice = store.slotOfInvoice
        let count = slotOfInvoice.count
        // Each part reads back a run of invoices (a loop per part: a call per invoice across modules costs 5x more).
        var allocated = parallel.map { p in parallel.range(p, of: count).map { i in allocatedBySlot[Int(slotOfInvoice[i])] } }
        var writtenOff = parallel.map { p in parallel.range(p, of: count).map { i in writtenOffBySlot[Int(slotOfInvoice[i])] } }
        var lastSettlement = parallel.map { p in
            parallel.range(p, of: count).map { i -> Day? in
                let day = lastSettlementBySlot[Int(slotOfInvoice[i])]
                return day == Engine.never ? nil : Day(ordinal: day)
            }
        }
        return Outstanding(asOf: asOf, allocated: parallel.concatenate(&allocated), writtenOff: parallel.concatenate(&writtenOff),
                           lastSettlement: parallel.concatenate(&lastSettlement), credits: credits, diagnostics: diagnostics)
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
        for k in books.payments.indices where !books.payments[k].applications.isEmpty {
            link(books.payments[k].customer, books.payments[k].applications)
        }
        for k in books.credits.indices where !books.credits[k].applications.isEmpty {
            link(books.credits[k].customer, books.credits[k].applications)
        }
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
    /// Every settlement of the events dated on or before `asOf`, in the order they happen: the reference replay,
    /// recording which payment, credit note or write-off settled how much of which invoice.
    public static func settlements(_ books: Books, asOf: Day) -> [Settlement] {
        replayInOneSequence(books, asOf: asOf, recordSettlements: true).settlements ?? []
    }
}

/// The books' events as the replay reads them: a column store. Its rows are *slots*: the events grouped by customer
/// group (or one group of everything), each group's in canonical order. An invoice thus has two numbers: its index
/// in `Books.invoices` and its slot here; likewise a payment, a credit note, a write-off.
struct ColumnStore {
    /// The slots of group g's invoices are `invoiceGroupStart[g]..<invoiceGroupStart[g + 1]` (groupCount + 1 entries);
    /// likewise for credit notes, payments and write-offs.
    var invoiceGroupStart: [Int32] = [], creditNoteGroupStart: [Int32] = [], paymentGroupStart: [Int32] = [], writeOffGroupStart: [Int32] = []
    /// Invoice slot → index into `Books.invoices`, and back.
    var invoiceAtSlot: [Int32] = [], slotOfInvoice: [Int32] = []
    /// By invoice slot: what the replay reads of each invoice.
    var invoiceRows: [InvoiceRow] = []
    /// Slot → index into `Books.credits` / `Books.writeOffs`.
    var creditNoteAtSlot: [Int32] = [], writeOffAtSlot: [Int32] = []
    /// Payment slot → index into `Books.payments`, and what the replay reads of each payment.
    var paymentAtSlot: [Int32] = [], paymentRows: [PaymentRow] = []
    /// The apply lines of the payment at slot q are `applyStart[q]..<applyStart[q + 1]` in `applyInvoiceSlot` (the
    /// slot of the invoice the line names) and `applyAmount` (`noAmount` when the line has no amount).
    var applyStart: [Int32] = [], applyInvoiceSlot: [Int32] = [], applyAmount: [Int64] = []

    var groupCount: Int { invoiceGroupStart.count - 1 }

    func invoiceSlots(group g: Int) -> Range<Int> { Int(invoiceGroupStart[g])..<Int(invoiceGroupStart[g + 1]) }
    func creditNoteSlots(group g: Int) -> Range<Int> { Int(creditNoteGroupStart[g])..<Int(creditNoteGroupStart[g + 1]) }
    func paymentSlots(group g: Int) -> Range<Int> { Int(paymentGroupStart[g])..<Int(paymentGroupStart[g + 1]) }
    func writeOffSlots(group g: Int) -> Range<Int> { Int(writeOffGroupStart[g])..<Int(writeOffGroupStart[g + 1]) }
    func applyLines(paymentSlot q: Int) -> Range<Int> { Int(applyStart[q])..<Int(applyStart[q + 1]) }

    /// One invoice as the replay reads it: one memory read brings all of it.
    struct InvoiceRow {
        var date: Int32 = 0, due: Int32 = 0, customer: Int32 = 0
        var currency = Currency.EUR
        var amount: Int64 = 0
    }

    /// One payment as the replay reads it.
    struct PaymentRow {
        var date: Int32 = 0, customer: Int32 = 0
        var currency = Currency.EUR
        var amount: Int64 = 0
    }

    static let noAmount = Int64.min

    init() {}

    /// Columns grouped by `customerGroups` (nil: one group of everything).
    init(_ books: Books, groups customerGroups: CustomerGroups?, parallel: Parallel) {
        let groupOf = customerGroups?.group
        let groupCount = max(1, customerGroups?.count ?? 1)
        // The invoice columns and the payment columns do not depend on each other: each side fills its own
        // columns of an empty store (at once when there are two parts); then they are put together.
        let sides = Parallel(parts: min(2, parallel.parts)).map(count: 2) { side in
            var columns = ColumnStore()
            if side == 0 {
                columns.fillInvoiceColumns(books, groupCount: groupCount, groupOf: groupOf)
            } else {
                columns.fillPaymentColumns(books, groupCount: groupCount, groupOf: groupOf)
            }
            return columns
        }
        self = sides[0]
        (paymentAtSlot, paymentGroupStart, paymentRows) = (sides[1].paymentAtSlot, sides[1].paymentGroupStart, sides[1].paymentRows)
        (applyStart, applyAmount) = (sides[1].applyStart, sides[1].applyAmount)
        // The payment side read the apply lines' invoice indices: turn them into slots.
        applyInvoiceSlot = sides[1].applyInvoiceSlot.map { slotOfInvoice[Int($0)] }
        let creditNoteGroup = groupOf.map { g in books.credits.map { g[Int($0.customer)] } }
            ?? [Int32](repeating: 0, count: books.credits.count)
        let writeOffGroup = groupOf.map { g in books.writeOffs.map { g[Int(books.invoices[Int($0.invoice)].customer)] } }
            ?? [Int32](repeating: 0, count: books.writeOffs.count)
        (creditNoteAtSlot, creditNoteGroupStart) = ColumnStore.group(creditNoteGroup, groupCount)
        (writeOffAtSlot, writeOffGroupStart) = ColumnStore.group(writeOffGroup, groupCount)
    }

    /// Invoice columns in slot order: each invoice, read in index order, written at its slot.
    mutating func fillInvoiceColumns(_ books: Books, groupCount: Int, groupOf: [Int32]?) {
        let invoices = books.invoices
        var invoiceGroup = [Int32](repeating: 0, count: invoices.count)
        if let groupOf { for i in invoices.indices { invoiceGroup[i] = groupOf[Int(invoices[i].customer)] } }
        (invoiceAtSlot, invoiceGroupStart, slotOfInvoice) = ColumnStore.slots(invoiceGroup, groupCount)
        invoiceRows = [InvoiceRow](repeating: InvoiceRow(), count: invoices.count)
        for i in invoices.indices {
            invoiceRows[Int(slotOfInvoice[i])] = InvoiceRow(
                date: invoices[i].date.ordinal, due: invoices[i].due.ordinal, customer: invoices[i].customer,
                currency: invoices[i].amount.currency, amount: invoices[i].amount.minor)
        }
    }

    /// Payment columns in slot order, apply lines flattened (naming invoice indices, not yet slots).
    /// Each payment, read in index order, is written at its slot.
    mutating func fillPaymentColumns(_ books: Books, groupCount: Int, groupOf: [Int32]?) {
        let payments = books.payments, count = payments.count
        var paymentGroup = [Int32](repeating: 0, count: count)
        if let groupOf { for k in payments.indices { paymentGroup[k] = groupOf[Int(payments[k].customer)] } }
        let slotOfPayment: [Int32]
        (paymentAtSlot, paymentGroupStart, slotOfPayment) = ColumnStore.slots(paymentGroup, groupCount)
        paymentRows = [PaymentRow](repeating: PaymentRow(), count: count)
        applyStart = [Int32](repeating: 0, count: count + 1)
        for k in payments.indices {
            let q = Int(slotOfPayment[k])
            paymentRows[q] = PaymentRow(date: payments[k].date.ordinal, customer: payments[k].customer,
                                        currency: payments[k].amount.currency, amount: payments[k].amount.minor)
            applyStart[q + 1] = Int32(payments[k].applications.count)
        }
        for q in 0..<count { applyStart[q + 1] += applyStart[q] }
        let lines = Int(applyStart[count])
        applyInvoiceSlot = [Int32](repeating: 0, count: lines)
        applyAmount = [Int64](repeating: 0, count: lines)
        for k in payments.indices where !payments[k].applications.isEmpty {
            var line = Int(applyStart[Int(slotOfPayment[k])])
            for n in payments[k].applications.indices {
                applyInvoiceSlot[line] = payments[k].applications[n].invoice
                applyAmount[line] = payments[k].applications[n].amount ?? ColumnStore.noAmount
                line += 1
            }
        }
    }

    /// `group`, and each index's slot in the grouped order.
    static func slots(_ owner: [Int32], _ owners: Int) -> (atSlot: [Int32], groupStart: [Int32], slotOf: [Int32]) {
        let (atSlot, groupStart) = group(owner, owners)
        var slotOf = [Int32](repeating: 0, count: atSlot.count)
        for slot in atSlot.indices { slotOf[Int(atSlot[slot])] = Int32(slot) }
        return (atSlot, groupStart, slotOf)
    }

    /// Indices grouped by `owner` (stable: canonical order within a group), and where each group starts.
    static func group(_ owner: [Int32], _ owners: Int) -> (atSlot: [Int32], groupStart: [Int32]) {
        var start = [Int32](repeating: 0, count: owners + 1)
        if owners == 1 {
            start[1] = Int32(owner.count)
            return (Array(0..<Int32(owner.count)), start)
        }
        for o in owner { start[Int(o) + 1] += 1 }
        for k in 0..<owners { start[k + 1] += start[k] }
        var next = start
        var atSlot = [Int32](repeating: 0, count: owner.count)
        for (i, o) in owner.enumerated() {
            atSlot[Int(next[Int(o)])] = Int32(i)
            next[Int(o)] += 1
        }
        return (atSlot, start)
    }

    /// The first group of part `p` of `parts`: consecutive groups with about as many invoices and payments each.
    func firstGroup(ofPart p: Int, of parts: Int) -> Int {
        if p <= 0 { return 0 }
        if p >= parts { return groupCount }
        let total = Int(invoiceGroupStart[groupCount]) + Int(paymentGroupStart[groupCount])
        let target = total * p / parts
        var lo = 0, hi = groupCount
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(invoiceGroupStart[mid]) + Int(paymentGroupStart[mid]) < target { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

/// Replays the events of consecutive groups, one group at a time, and keeps what it computes for their invoice slots
/// in arrays of its own (engines writing into shared unsafe buffers saved no measurable time: bench/README.md).
struct Engine {
    let books: Books
    let store: ColumnStore
    let asOf: Int32
    /// The groups this replay runs.
    let groups: Range<Int>
    /// The first invoice slot of `groups`: the results below are indexed by slot minus this.
    let firstSlot: Int
    /// Minor units allocated and written off, and the day of the last settlement (`never` when none), by invoice slot.
    var allocated: [Int64], writtenOff: [Int64], lastSettlement: [Int32]
    /// Credits not consumed, group after group.
    var credits: [CustomerCredit] = []
    var diagnostics: [Diagnostic] = []
    /// When not nil, every settlement is recorded here (`Allocation.settlements`).
    var settlements: [Settlement]?
    /// The payment or credit note whose apply lines are being replayed.
    var applying: Settlement.Kind = .payment(-1)
    /// When set, every apply line carried out is logged here (exports; see `Allocation.trail`).
    var applyLog: [AppliedAmount]?

    /// The day of an invoice never settled.
    static let never = Int32.min

    /// Per customer and currency: open invoices (slots) by due date, and credits waiting for invoices.
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

    init(books: Books, store: ColumnStore, asOf: Day, groups: Range<Int>) {
        self.books = books
        self.store = store
        self.asOf = asOf.ordinal
        self.groups = groups
        firstSlot = Int(store.invoiceGroupStart[groups.lowerBound])
        let count = Int(store.invoiceGroupStart[groups.upperBound]) - firstSlot
        allocated = [Int64](repeating: 0, count: count)
        writtenOff = [Int64](repeating: 0, count: count)
        lastSettlement = [Int32](repeating: Engine.never, count: count)
    }

    /// Every group of `groups` in turn, each from empty accounts; the credits each leaves are kept.
    mutating func replay() {
        for g in groups {
            accounts.removeAll(keepingCapacity: true)
            accountIndex.removeAll(keepingCapacity: true)
            run(group: g)
            credits += remainingCredits()
        }
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

    /// What is left on the invoice at slot `s`.
    @inline(__always) func left(_ s: Int) -> Int64 {
        store.invoiceRows[s].amount - allocated[s - firstSlot] - writtenOff[s - firstSlot]
    }

    /// Allocates `amount` to the invoice at slot `s` on `day`.
    @inline(__always) mutating func allocate(_ amount: Int64, to s: Int, on day: Int32) {
        allocated[s - firstSlot] += amount
        lastSettlement[s - firstSlot] = day
    }

    /// Events in canonical order: on one day, invoices, then credit notes, then payments, then write-offs.
    mutating func run(group g: Int) {
        let creditNotes = books.credits, writeOffs = books.writeOffs, payments = books.payments
        let invoiceSlots = store.invoiceSlots(group: g), creditNoteSlots = store.creditNoteSlots(group: g)
        let paymentSlots = store.paymentSlots(group: g), writeOffSlots = store.writeOffSlots(group: g)
        // The next event of each kind, by slot.
        var nextInvoice = invoiceSlots.lowerBound, nextCreditNote = creditNoteSlots.lowerBound
        var nextPayment = paymentSlots.lowerBound, nextWriteOff = writeOffSlots.lowerBound
        func creditNoteDay(_ slot: Int) -> Int32 { creditNotes[Int(store.creditNoteAtSlot[slot])].date.ordinal }
        func writeOffDay(_ slot: Int) -> Int32 { writeOffs[Int(store.writeOffAtSlot[slot])].date.ordinal }
        while true {
            var day = Int32.max
            if nextInvoice < invoiceSlots.upperBound { day = min(day, store.invoiceRows[nextInvoice].date) }
            if nextCreditNote < creditNoteSlots.upperBound { day = min(day, creditNoteDay(nextCreditNote)) }
            if nextPayment < paymentSlots.upperBound { day = min(day, store.paymentRows[nextPayment].date) }
            if nextWriteOff < writeOffSlots.upperBound { day = min(day, writeOffDay(nextWriteOff)) }
            if day == Int32.max || day > asOf { break }
            while nextInvoice < invoiceSlots.upperBound && store.invoiceRows[nextInvoice].date == day {
                issue(nextInvoice)
                nextInvoice += 1
            }
            while nextCreditNote < creditNoteSlots.upperBound && creditNoteDay(nextCreditNote) == day {
                creditNote(Int(store.creditNoteAtSlot[nextCreditNote]), day: day)
                nextCreditNote += 1
            }
            while nextPayment < paymentSlots.upperBound && store.paymentRows[nextPayment].date == day {
                payment(slot: nextPayment, day: day, of: payments)
                nextPayment += 1
            }
            while nextWriteOff < writeOffSlots.upperBound && writeOffDay(nextWriteOff) == day {
                writeOff(Int(store.writeOffAtSlot[nextWriteOff]))
                nextWriteOff += 1
            }
        }
    }

    /// Credit note `k` of the books: its apply lines, then what is left of it.
    mutating func creditNote(_ k: Int, day: Int32) {
        let note = books.credits[k]
        applying = .creditNote(Int32(k))
        var rest = note.amount.minor
        for line in note.applications {
            let s = Int(store.slotOfInvoice[Int(line.invoice)])
            let before = applyLog == nil ? 0 : allocated[s - firstSlot]
            apply(to: s, amount: line.amount, from: &rest, currency: note.amount.currency, date: day, line: line,
                  what: "credit note \(note.number)")
            if applyLog != nil { logApply(.creditNote(Int32(k)), s, before, day) }
        }
        settle(rest, currency: note.amount.currency, customer: note.customer, date: day, source: .creditNote(Int32(k)))
    }

    /// The payment at slot `q` (`payments`: the books' payments): its apply lines, then what is left of it.
    mutating func payment(slot q: Int, day: Int32, of payments: [Payment]) {
        let k = Int(store.paymentAtSlot[q])
        applying = .payment(Int32(k))
        let row = store.paymentRows[q]
        var rest = row.amount
        for (n, line) in store.applyLines(paymentSlot: q).enumerated() {
            let amount = store.applyAmount[line], s = Int(store.applyInvoiceSlot[line])
            let before = applyLog == nil ? 0 : allocated[s - firstSlot]
            apply(to: s, amount: amount == ColumnStore.noAmount ? nil : amount, from: &rest, currency: row.currency, date: day,
                  line: payments[k].applications[n], what: "this payment")
            if applyLog != nil { logApply(.payment(Int32(k)), s, before, day) }
        }
        settle(rest, currency: row.currency, customer: row.customer, date: day, source: .payment(Int32(k)))
    }

    /// A new invoice (at slot `s`): joins its account's open list (by due date) and consumes waiting credits.
    mutating func issue(_ s: Int) {
        let row = store.invoiceRows[s]
        let acc = account(row.customer, row.currency)
        // Keep (due date, slot) order, which is (due, date, number) within one customer; usually at the end.
        var at = accounts[acc].open.count
        while at > accounts[acc].firstOpen {
            let other = Int(accounts[acc].open[at - 1])
            if (store.invoiceRows[other].due, other) <= (row.due, s) { break }
            at -= 1
        }
        if at == accounts[acc].open.count { accounts[acc].open.append(Int32(s)) } else { accounts[acc].open.insert(Int32(s), at: at) }
        while accounts[acc].firstCredit < accounts[acc].credits.count && left(s) > 0 {
            let k = accounts[acc].firstCredit
            let take = min(accounts[acc].credits[k].remaining.minor, left(s))
            allocate(take, to: s, on: row.date)
            if settlements != nil { record(s, take, row.date, accounts[acc].credits[k].source) }
            accounts[acc].credits[k].remaining.minor -= take
            if accounts[acc].credits[k].remaining.minor == 0 { accounts[acc].firstCredit += 1 }
        }
    }

    /// One apply line: `amount` (nil = as much as possible) of what is left to apply goes to the invoice at slot `s`.
    mutating func apply(to s: Int, amount: Int64?, from rest: inout Int64, currency: Currency, date: Int32,
                        line: @autoclosure () -> Application, what: @autoclosure () -> String) {
        func text(_ minor: Int64) -> String { Money(minor: minor, currency: currency).plain }
        let available = left(s)
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
        allocate(wanted, to: s, on: date)
        settlements?.append(Settlement(invoice: store.invoiceAtSlot[s], kind: applying, date: Day(ordinal: date), amount: wanted))
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
            let s = Int(accounts[acc].open[k])
            let l = left(s)
            if l > 0 {
                let take = min(l, rest)
                allocate(take, to: s, on: date)
                if settlements != nil { record(s, take, date, source) }
                rest -= take
            }
            if left(s) == 0 && k == accounts[acc].firstOpen { accounts[acc].firstOpen += 1 }
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

    /// Write-off `d` of the books: what is left on its invoice.
    mutating func writeOff(_ d: Int) {
        let w = books.writeOffs[d]
        let s = Int(store.slotOfInvoice[Int(w.invoice)])
        let l = left(s)
        if l <= 0 {
            diagnostics.append(Diagnostic.at(w.invoiceSpan, in: books.sources, .warning,
                "\(w.invoiceNumber) is already settled on \(w.date): nothing to write off",
                fix: "remove the writeoff, or check the payments applied to \(w.invoiceNumber)"))
            return
        }
        writtenOff[s - firstSlot] += l
        lastSettlement[s - firstSlot] = w.date.ordinal
        settlements?.append(Settlement(invoice: w.invoice, kind: .writeOff(Int32(d)), date: w.date, amount: l))
    }

    /// Records a settlement by a payment or credit note of the invoice at slot `s` (see `Allocation.settlements`).
    mutating func record(_ s: Int, _ amount: Int64, _ date: Int32, _ source: CreditSource) {
        let kind: Settlement.Kind
        switch source {
        case .payment(let k): kind = .payment(k)
        case .creditNote(let k): kind = .creditNote(k)
        }
        settlements?.append(Settlement(invoice: store.invoiceAtSlot[s], kind: kind, date: Day(ordinal: date), amount: amount))
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
