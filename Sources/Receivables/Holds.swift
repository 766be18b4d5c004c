import Books

/// A hold in force on a date: reminders paused for an invoice or a whole customer.
public struct ActiveHold: Sendable, Equatable {
    public var since: Day
    public var until: Day?
    public var reason: String?
}

/// Which invoices and customers are held on a given day.
public struct Holds: Sendable {
    public var invoices: [Int32: ActiveHold] = [:]
    public var customers: [Int32: ActiveHold] = [:]

    /// Replays holds and releases dated on or before `asOf`.
    public init(_ books: Books, asOf: Day) {
        for h in books.holds where h.date <= asOf {
            let active: ActiveHold? = h.kind == .hold ? ActiveHold(since: h.date, until: h.until, reason: h.reason) : nil
            switch h.target {
            case .invoice(let i): invoices[i] = active
            case .customer(let c): customers[c] = active
            case .unresolved: break
            }
        }
        invoices = invoices.filter { $0.value.until.map { asOf < $0 } ?? true }
        customers = customers.filter { $0.value.until.map { asOf < $0 } ?? true }
    }

    /// The hold on invoice `i` of `books`, its own or its customer's.
    public func hold(on i: Int, in books: Books) -> ActiveHold? {
        invoices[Int32(i)] ?? customers[books.invoices[i].customer]
    }

    /// Which invoices and customers of `books` are held, as flags by index (empty when none is):
    /// quicker than `hold(on:in:)` when asking for every invoice of big books.
    public func flags(in books: Books) -> HeldFlags {
        func flags(_ count: Int, _ held: Dictionary<Int32, ActiveHold>.Keys) -> [Bool] {
            guard !held.isEmpty else { return [] }
            var flags = [Bool](repeating: false, count: count)
            for k in held { flags[Int(k)] = true }
            return flags
        }
        return HeldFlags(invoices: flags(books.invoices.count, invoices.keys), customers: flags(books.customers.count, customers.keys))
    }
}

/// Held invoices and customers as flags by index; see `Holds.flags(in:)`.
public struct HeldFlags: Sendable {
    let invoices: [Bool], customers: [Bool]

    public var isEmpty: Bool { invoices.isEmpty && customers.isEmpty }

    /// Whether invoice `i`, of customer `customer`, is held.
    @inline(__always) public func isHeld(_ i: Int, customer: Int32) -> Bool {
        (!invoices.isEmpty && invoices[i]) || (!customers.isEmpty && customers[Int(customer)])
    }
}

/// The reminders already made for each invoice, from the history in the books.
public struct ReminderHistory: Sendable {
    /// One past reminder of one invoice.
    public struct Entry: Sendable, Equatable {
        public var reminder: Int32
        public var id: String
        public var date: Day
        public var level: Int?
        public var channel: Channel?
        public var note: String?
    }

    /// Per invoice index, in date order.
    public var byInvoice: [Int32: [Entry]] = [:]
    /// Per customer index, the last reminder date.
    public var lastByCustomer: [Int32: Day] = [:]

    /// History dated on or before `asOf`.
    public init(_ books: Books, asOf: Day) {
        for (k, r) in books.reminders.enumerated() where r.date <= asOf {
            for inv in r.invoices {
                byInvoice[inv.invoice, default: []].append(
                    Entry(reminder: Int32(k), id: r.id, date: r.date, level: inv.level ?? r.level, channel: r.channel, note: r.note))
            }
            if let last = lastByCustomer[r.customer], last >= r.date { continue }
            lastByCustomer[r.customer] = r.date
        }
    }

    public func last(for invoice: Int) -> Entry? { byInvoice[Int32(invoice)]?.last }

    /// The highest level already reached by invoice `i` (0 = never reminded).
    public func highestLevel(for invoice: Int) -> Int {
        byInvoice[Int32(invoice)]?.compactMap(\.level).max() ?? 0
    }
}
