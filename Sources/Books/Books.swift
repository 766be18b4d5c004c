import Dispatch

/// All the books, parsed and cross-referenced, in a canonical order that does not depend
/// on which file held which record.
public struct Books: Sendable {
    public var sources: [SourceFile]
    /// Sorted by id.
    public var customers: [Customer]
    /// Sorted by date, then customer, then number.
    public var invoices: [Invoice]
    /// Sorted by date, then customer, then number.
    public var credits: [CreditNote]
    /// Sorted by date, then customer, then amount, reference and applications.
    public var payments: [Payment]
    /// Holds and releases, sorted by date, then target, releases after holds.
    public var holds: [HoldEvent]
    /// Sorted by date, then invoice number.
    public var writeOffs: [WriteOff]
    /// Sorted by date, then id.
    public var reminders: [ReminderRecord]
    /// Sorted by date, then reminder id, then timestamp.
    public var deliveries: [DeliveryRecord]
    /// Every problem found while reading, sorted by place.
    public var diagnostics: [Diagnostic]

    public var customerIndex: [String: Int32]
    public var invoiceIndex: [String: Int32]

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    public func customer(_ id: String) -> Customer? {
        customerIndex[id].map { customers[Int($0)] }
    }

    public func invoice(_ number: String) -> Invoice? {
        invoiceIndex[number].map { invoices[Int($0)] }
    }

    /// Parses and cross-references `files`. `defaultTerms` is the company's payment terms in days.
    public static func load(_ files: [SourceFile], defaultTerms: Int = 30) -> Books {
        var parsed = [ParsedFile](repeating: ParsedFile(), count: files.count)
        if files.count > 1 {
            parsed.withUnsafeMutableBufferPointer { out in
                let buffer = out
                DispatchQueue.concurrentPerform(iterations: files.count) { i in
                    buffer[i] = BooksParser.parse(files[i], fileIndex: i)
                }
            }
        } else if files.count == 1 {
            parsed[0] = BooksParser.parse(files[0], fileIndex: 0)
        }
        var assembler = BooksAssembler(sources: files, defaultTerms: defaultTerms)
        return assembler.assemble(parsed)
    }
}

struct BooksAssembler {
    let sources: [SourceFile]
    let defaultTerms: Int
    var diagnostics: [Diagnostic] = []

    init(sources: [SourceFile], defaultTerms: Int) {
        self.sources = sources
        self.defaultTerms = defaultTerms
    }

    mutating func report(_ span: Span, _ severity: Diagnostic.Severity, _ message: String, fix: String?) {
        diagnostics.append(Diagnostic.at(span, in: sources, severity, message, fix: fix))
    }

    func location(_ span: Span) -> String {
        "\(sources[Int(span.file)].path):\(span.line)"
    }

    mutating func assemble(_ parsed: [ParsedFile]) -> Books {
        var customers: [Customer] = []
        var invoices: [Invoice] = []
        var credits: [CreditNote] = []
        var payments: [Payment] = []
        var holds: [HoldEvent] = []
        var writeOffs: [WriteOff] = []
        var reminders: [ReminderRecord] = []
        var deliveries: [DeliveryRecord] = []
        invoices.reserveCapacity(parsed.reduce(0) { $0 + $1.invoices.count })
        payments.reserveCapacity(parsed.reduce(0) { $0 + $1.payments.count })
        for p in parsed {
            diagnostics.append(contentsOf: p.diagnostics)
            customers.append(contentsOf: p.customers)
            invoices.append(contentsOf: p.invoices)
            credits.append(contentsOf: p.credits)
            payments.append(contentsOf: p.payments)
            holds.append(contentsOf: p.holds)
            writeOffs.append(contentsOf: p.writeOffs)
            reminders.append(contentsOf: p.reminders)
            deliveries.append(contentsOf: p.deliveries)
        }

        // Customers: unique ids, sorted by id.
        customers.sort { ($0.id, $0.span.file, $0.span.line) < ($1.id, $1.span.file, $1.span.line) }
        var uniqueCustomers: [Customer] = []
        uniqueCustomers.reserveCapacity(customers.count)
        for c in customers {
            if let last = uniqueCustomers.last, last.id == c.id {
                report(c.span, .error, "customer \(c.id) is defined twice", fix: "it is already defined at \(location(last.span)); keep one definition or rename one of them")
            } else {
                uniqueCustomers.append(c)
            }
        }
        customers = uniqueCustomers
        var customerIndex: [String: Int32] = [:]
        customerIndex.reserveCapacity(customers.count)
        for (i, c) in customers.enumerated() { customerIndex[c.id] = Int32(i) }
        let customerIDs = customers.map(\.id)

        func resolveCustomer(_ id: String, _ span: Span) -> Int32? {
            if let i = customerIndex[id] { return i }
            report(span, .error, "unknown customer \"\(id)\"",
                   fix: "define it with a \"customer \(id)\" record, or correct the id" + Suggestion.hint(for: id, among: customerIDs))
            return nil
        }

        // Invoices: resolve customer and due date, canonical order, unique numbers.
        var keptInvoices: [Invoice] = []
        keptInvoices.reserveCapacity(invoices.count)
        for var inv in invoices {
            guard let c = resolveCustomer(inv.customerID, inv.customerSpan) else { continue }
            inv.customer = c
            inv.due = inv.explicitDue ?? inv.date.adding(days: customers[Int(c)].terms ?? defaultTerms)
            keptInvoices.append(inv)
        }
        invoices = keptInvoices
        sortIfNeeded(&invoices) { a, b in
            if a.date != b.date { return a.date < b.date }
            if a.customer != b.customer { return a.customer < b.customer }
            if a.number != b.number { return a.number < b.number }
            return (a.span.file, a.span.line) < (b.span.file, b.span.line)
        }
        var invoiceIndex: [String: Int32] = [:]
        invoiceIndex.reserveCapacity(invoices.count)
        var duplicates: [Int] = []
        for (i, inv) in invoices.enumerated() {
            if let first = invoiceIndex[inv.number] {
                let a = invoices[Int(first)], b = inv
                let later = (a.span.file, a.span.line) < (b.span.file, b.span.line) ? b : a
                let earlier = later.span == a.span ? b : a
                report(later.span, .error, "invoice number \(inv.number) is used twice",
                       fix: "it is already used at \(location(earlier.span)); every invoice needs its own number")
                duplicates.append(i)
            } else {
                invoiceIndex[inv.number] = Int32(i)
            }
        }
        if !duplicates.isEmpty {
            let drop = Set(duplicates)
            invoices = invoices.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
            invoiceIndex.removeAll(keepingCapacity: true)
            for (i, inv) in invoices.enumerated() { invoiceIndex[inv.number] = Int32(i) }
        }
        let invoiceNumbers = { invoiceIndex.keys.sorted() }

        func resolveInvoice(_ number: String, _ span: Span) -> Int32? {
            if let i = invoiceIndex[number] { return i }
            report(span, .error, "unknown invoice \"\(number)\"",
                   fix: "correct the number, or write the invoice first" + Suggestion.hint(for: number, among: invoiceNumbers()))
            return nil
        }

        func resolveApplications(_ apps: inout [Application], date: Day, currency: Currency, customer: Int32, what: String) -> Bool {
            var ok = true
            for k in apps.indices {
                guard let i = resolveInvoice(apps[k].invoiceNumber, apps[k].span) else { ok = false; continue }
                let inv = invoices[Int(i)]
                if inv.amount.currency != currency {
                    report(apps[k].span, .error, "invoice \(inv.number) is in \(inv.amount.currency.code), this \(what) in \(currency.code)",
                           fix: "apply a \(what) only to invoices of its currency; relance never converts currencies")
                    ok = false
                    continue
                }
                if inv.date > date {
                    report(apps[k].span, .error, "invoice \(inv.number) is dated \(inv.date), after this \(what) (\(date))",
                           fix: "date the \(what) on or after the invoice, or remove the apply line to keep it as a customer credit")
                    ok = false
                    continue
                }
                if inv.customer != customer {
                    report(apps[k].span, .warning, "invoice \(inv.number) belongs to customer \(inv.customerID)",
                           fix: "check the customer of this \(what); a payment by a third party is allowed but unusual")
                }
                apps[k].invoice = i
            }
            return ok
        }

        // Credit notes share the invoice numbering.
        var keptCredits: [CreditNote] = []
        var creditNumbers: [String: Span] = [:]
        for var c in credits {
            if let other = invoiceIndex[c.number] {
                report(c.span, .error, "number \(c.number) is already used by an invoice",
                       fix: "it is used at \(location(invoices[Int(other)].span)); give the credit note its own number")
                continue
            }
            if let first = creditNumbers[c.number] {
                report(c.span, .error, "credit note number \(c.number) is used twice", fix: "it is already used at \(location(first)); give each credit note its own number")
                continue
            }
            creditNumbers[c.number] = c.span
            guard let ci = resolveCustomer(c.customerID, c.customerSpan) else { continue }
            c.customer = ci
            guard resolveApplications(&c.applications, date: c.date, currency: c.amount.currency, customer: ci, what: "credit note") else { continue }
            keptCredits.append(c)
        }
        credits = keptCredits
        credits.sort { ($0.date, $0.customer, $0.number) < ($1.date, $1.customer, $1.number) }

        var keptPayments: [Payment] = []
        keptPayments.reserveCapacity(payments.count)
        for var p in payments {
            guard let ci = resolveCustomer(p.customerID, p.customerSpan) else { continue }
            p.customer = ci
            guard resolveApplications(&p.applications, date: p.date, currency: p.amount.currency, customer: ci, what: "payment") else { continue }
            keptPayments.append(p)
        }
        payments = keptPayments
        sortIfNeeded(&payments) { a, b in
            if a.date != b.date { return a.date < b.date }
            if a.customer != b.customer { return a.customer < b.customer }
            return BooksAssembler.paymentTieBreak(a, b)
        }

        // Holds and releases: an invoice number first, then a customer id.
        var keptHolds: [HoldEvent] = []
        for var h in holds {
            let inv = invoiceIndex[h.targetName]
            let cus = customerIndex[h.targetName]
            switch (inv, cus) {
            case let (i?, nil): h.target = .invoice(i)
            case let (nil, c?): h.target = .customer(c)
            case (_?, _?):
                report(h.targetSpan, .error, "\"\(h.targetName)\" is both an invoice number and a customer id",
                       fix: "rename the customer so that a \(h.kind.rawValue) names one thing only")
                continue
            case (nil, nil):
                report(h.targetSpan, .error, "\"\(h.targetName)\" is neither an invoice nor a customer",
                       fix: "write an invoice number or a customer id" + Suggestion.hint(for: h.targetName, among: customerIDs + invoiceNumbers()))
                continue
            }
            keptHolds.append(h)
        }
        holds = keptHolds
        holds.sort { ($0.date, $0.targetName, $0.kind == .release ? 1 : 0) < ($1.date, $1.targetName, $1.kind == .release ? 1 : 0) }

        var keptWriteOffs: [WriteOff] = []
        var writtenOff: [Int32: Span] = [:]
        for var w in writeOffs {
            guard let i = resolveInvoice(w.invoiceNumber, w.invoiceSpan) else { continue }
            if let first = writtenOff[i] {
                report(w.invoiceSpan, .error, "invoice \(w.invoiceNumber) is written off twice", fix: "it is already written off at \(location(first)); keep one writeoff")
                continue
            }
            if invoices[Int(i)].date > w.date {
                report(w.invoiceSpan, .error, "invoice \(w.invoiceNumber) is dated \(invoices[Int(i)].date), after this writeoff",
                       fix: "date the writeoff on or after the invoice")
                continue
            }
            writtenOff[i] = w.invoiceSpan
            w.invoice = i
            keptWriteOffs.append(w)
        }
        writeOffs = keptWriteOffs
        writeOffs.sort { ($0.date, $0.invoiceNumber) < ($1.date, $1.invoiceNumber) }

        // History.
        var keptReminders: [ReminderRecord] = []
        var reminderIDs: [String: Span] = [:]
        for var r in reminders {
            if let first = reminderIDs[r.id] {
                report(r.span, .error, "reminder id \(r.id) is used twice", fix: "it is already used at \(location(first)); every reminder needs its own id")
                continue
            }
            reminderIDs[r.id] = r.span
            guard let ci = resolveCustomer(r.customerID, r.customerSpan) else { continue }
            r.customer = ci
            var ok = true
            for k in r.invoices.indices {
                guard let i = resolveInvoice(r.invoices[k].number, r.invoices[k].span) else { ok = false; continue }
                if invoices[Int(i)].amount.currency != r.invoices[k].outstanding.currency {
                    report(r.invoices[k].span, .error, "invoice \(r.invoices[k].number) is in \(invoices[Int(i)].amount.currency.code), not \(r.invoices[k].outstanding.currency.code)",
                           fix: "write the invoice's currency")
                    ok = false
                }
                r.invoices[k].invoice = i
            }
            if r.level == nil && r.channel != .phone && r.note == nil {
                report(r.span, .warning, "reminder \(r.id) has no level", fix: "add \"level N\" so that the next reminder takes the next level")
            }
            if ok { keptReminders.append(r) }
        }
        reminders = keptReminders
        reminders.sort { ($0.date, $0.id) < ($1.date, $1.id) }

        var keptDeliveries: [DeliveryRecord] = []
        for d in deliveries {
            guard reminderIDs[d.reminderID] != nil else {
                report(d.reminderSpan, .error, "unknown reminder \"\(d.reminderID)\"",
                       fix: "a \(d.outcome.rawValue) line follows the reminder it reports on" + Suggestion.hint(for: d.reminderID, among: reminderIDs.keys.sorted()))
                continue
            }
            keptDeliveries.append(d)
        }
        deliveries = keptDeliveries.sorted { ($0.date, $0.reminderID, $0.timestamp) < ($1.date, $1.reminderID, $1.timestamp) }

        diagnostics.sort { ($0.location, $0.message) < ($1.location, $1.message) }
        return Books(sources: sources, customers: customers, invoices: invoices, credits: credits, payments: payments,
                     holds: holds, writeOffs: writeOffs, reminders: reminders, deliveries: deliveries,
                     diagnostics: diagnostics, customerIndex: customerIndex, invoiceIndex: invoiceIndex)
    }

    /// Orders payments of one customer on one day by their content, never by file.
    static func paymentTieBreak(_ a: Payment, _ b: Payment) -> Bool {
        if a.amount.currency != b.amount.currency { return a.amount.currency < b.amount.currency }
        if a.amount.minor != b.amount.minor { return a.amount.minor < b.amount.minor }
        if (a.ref ?? "") != (b.ref ?? "") { return (a.ref ?? "") < (b.ref ?? "") }
        let aa = a.applications.map { "\($0.invoiceNumber) \($0.amount ?? -1)" }.joined(separator: ",")
        let ba = b.applications.map { "\($0.invoiceNumber) \($0.amount ?? -1)" }.joined(separator: ",")
        if aa != ba { return aa < ba }
        return (a.note ?? "", a.method ?? "") < (b.note ?? "", b.method ?? "")
    }

    /// Sorts only when the array is not already in order (books are usually written in order).
    func sortIfNeeded<T>(_ array: inout [T], by less: (T, T) -> Bool) {
        var sorted = true
        var i = 1
        while i < array.count {
            if less(array[i], array[i - 1]) { sorted = false; break }
            i += 1
        }
        if !sorted { array.sort(by: less) }
    }
}
